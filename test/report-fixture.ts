/**
 * A hand-built, realistic ScanResult for the report tests (until the engine produces them):
 * several files in Python and TypeScript, flows with steps, inline and register suppressions,
 * LLM call sites, model sources, a skipped file, and hostile text (markup, quotes, template
 * syntax) in code, file names and messages. Locations are computed from the source text, so
 * excerpts and snippets line up exactly as they would with the engine.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { FileResult, Finding, FlowStep, LlmCallSite, Location, ModelSource, ScanResult, Severity, StandardsTags } from '../src/engine/findings';
import type { LanguageId } from '../src/engine/ir';
import type { RuleInfo } from '../src/engine/rules/model';
import { LineIndex } from '../src/engine/span';

export const HOSTILE_FILE = 'web/src/"><img src=x onerror="window.__pwned=1">.ts';
export const HOSTILE_MESSAGE_BITS = ['<script>window.__pwned=1</script>', '${window.__pwned=1}', "{{constructor.constructor('window.__pwned=1')()}}"];
export const SECRET = 'sk-proj-Zq8xY2vB7nM4kL1pQ9rS3tU6wV0aB5cD';

const SERVER_PY = `import os
import subprocess

from flask import Flask, request
from openai import OpenAI

app = Flask(__name__)
client = OpenAI(base_url="http://llm.internal:8000/v1")


@app.post("/summarise")
def summarise():
    persona = request.args.get("persona", "helpful")
    system = f"You are a {persona} assistant."
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "system", "content": system}, {"role": "user", "content": "Summarise the ticket."}],
    )
    command = completion.choices[0].message.content
    os.system(command)
    # llmsec-ignore[llm-output-shell-command]: the command runs in a throwaway sandbox container
    subprocess.run(command, shell=True)
    return {"ok": True}
`;

const CHAT_TS = `import express from "express";
import Anthropic from "@anthropic-ai/sdk";

const app = express();
const anthropic = new Anthropic();

app.post("/chat", async (req, res) => {
  const question = req.body.question;
  const reply = await anthropic.messages.create({
    model: "claude-3-5-sonnet-20241022",
    max_tokens: 512,
    messages: [{ role: "user", content: \`Answer: \${question}\` }],
  });
  const text = reply.content[0].type === "text" ? reply.content[0].text : "";
  const compute = new Function("input", text);
  res.json({ answer: compute(question) });
});
`;

const LOAD_MODEL_PY = `import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("meta-llama/Llama-3.1-8B-Instruct", revision="0e9e39f249a16976918f6564b8830bc894c89659")
model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.1-8B-Instruct", trust_remote_code=True)
classifier = torch.load("models/classifier.pt")
`;

const KEYS_PY = `from anthropic import Anthropic

OPENAI_KEY = "${SECRET}"
client = Anthropic(api_key="sk-ant-api03-placeholder-not-a-real-key-000000")
`;

const HOSTILE_TS = `import OpenAI from "openai";

const openai = new OpenAI();

export async function renderAnswer(el: HTMLElement, topic: string) {
  const r = await openai.responses.create({ model: "gpt-4.1-mini", input: \`Explain \${topic} in "plain" words {{ topic }}\` });
  el.innerHTML = "<script>window.__pwned=1</script><img src=x onerror=\\"window.__pwned=1\\">" + r.output_text;
}
`;

export const FIXTURE_SOURCES: Record<string, string> = {
  'app/server.py': SERVER_PY,
  'web/src/chat.ts': CHAT_TS,
  'ml/load_model.py': LOAD_MODEL_PY,
  'config/keys.py': KEYS_PY,
  [HOSTILE_FILE]: HOSTILE_TS,
};

const PI_TAGS: StandardsTags = {
  owasp2025: ['LLM01:2025'],
  owasp2026: ['LLM01:2026'],
  iso42001: ['A.6.2.4', 'A.6.1.3'],
  isoRationale: 'Untrusted input reaching a prompt is a verification and validation gap in the AI system design process.',
  cwe: ['CWE-1427'],
  atlas: ['AML.T0051.000'],
};
const OUTPUT_TAGS = (cwe: string[], atlas: string[]): StandardsTags => ({
  owasp2025: ['LLM05:2025'],
  owasp2026: ['LLM10:2026'],
  iso42001: ['A.6.2.4', 'A.6.2.5'],
  isoRationale: 'Model output used unchecked in a dangerous operation means the system was deployed without validating its outputs.',
  cwe,
  atlas,
});
const SUPPLY_TAGS = (cwe: string[], iso: string[]): StandardsTags => ({
  owasp2025: ['LLM03:2025'],
  owasp2026: ['LLM04:2026'],
  iso42001: iso,
  isoRationale: 'Models and endpoints come from suppliers; their provenance must be verified and recorded.',
  cwe,
  atlas: ['AML.T0010.003'],
});
const SECRET_TAGS: StandardsTags = {
  owasp2025: ['LLM02:2025'],
  owasp2026: ['LLM02:2026'],
  iso42001: ['A.6.2.5', 'A.4.5'],
  isoRationale: 'Credentials written into code are a deployment and computing-resource control failure.',
  cwe: ['CWE-798'],
  atlas: ['AML.T0055'],
};

interface RuleDef {
  id: string;
  title: string;
  severity: Severity;
  tags: StandardsTags;
  why: string;
  fix: string;
}

const RULE_DEFS: RuleDef[] = [
  { id: 'prompt-injection-system-prompt', title: 'Untrusted input in the system prompt', severity: 'high', tags: PI_TAGS, why: 'Text from a request placed in the system prompt lets the caller rewrite the model instructions.', fix: 'Keep the system prompt constant; pass user text in the user turn after validating it.' },
  { id: 'prompt-injection-user-input', title: 'Unvalidated input in a prompt', severity: 'medium', tags: PI_TAGS, why: 'Unvalidated request data in a prompt can carry instructions the model follows.', fix: 'Validate the input (schema, allowlist, length) before building the prompt.' },
  { id: 'llm-output-shell-command', title: 'LLM output runs as a shell command', severity: 'critical', tags: OUTPUT_TAGS(['CWE-78', 'CWE-1426'], ['AML.T0050']), why: 'A model can be steered into emitting any command; running it gives the attacker a shell.', fix: 'Never run model output as a command; map it to an allowlisted argument vector.' },
  { id: 'llm-output-code-execution', title: 'LLM output executed as code', severity: 'critical', tags: OUTPUT_TAGS(['CWE-94', 'CWE-95'], ['AML.T0050']), why: 'Executing generated code runs whatever an attacker persuaded the model to write.', fix: 'Parse the output as data (JSON.parse, ast.literal_eval) or run it in an isolated sandbox.' },
  { id: 'llm-output-html-injection', title: 'LLM output inserted as HTML', severity: 'high', tags: OUTPUT_TAGS(['CWE-79'], ['AML.T0077']), why: 'Model output rendered as HTML can carry script: cross-site scripting through the model.', fix: 'Insert the output as text (textContent) or sanitise it with DOMPurify first.' },
  { id: 'hf-unpinned-model', title: 'Hugging Face model not pinned to a commit', severity: 'medium', tags: SUPPLY_TAGS(['CWE-494'], ['A.10.3', 'A.7.5']), why: 'Without a commit SHA the weights can change under you when the repository is updated.', fix: 'Pass revision= with the full 40-character commit SHA of the reviewed model.' },
  { id: 'hf-trust-remote-code', title: 'Remote code trusted when loading a model', severity: 'high', tags: SUPPLY_TAGS(['CWE-829', 'CWE-494'], ['A.10.3', 'A.4.4']), why: 'trust_remote_code runs Python from the model repository on your machine.', fix: 'Remove trust_remote_code=True or vendor and review the modelling code.' },
  { id: 'unsafe-model-deserialization', title: 'Model file loaded with pickle', severity: 'high', tags: SUPPLY_TAGS(['CWE-502'], ['A.10.3', 'A.7.5']), why: 'Pickle-based model files run code when loaded.', fix: 'Use weights_only=True or safetensors.' },
  { id: 'insecure-model-endpoint', title: 'Model endpoint over plain HTTP', severity: 'medium', tags: SUPPLY_TAGS(['CWE-494'], ['A.10.3', 'A.6.2.5']), why: 'Prompts, keys and answers travel unencrypted and can be altered on the way.', fix: 'Use an https:// endpoint.' },
  { id: 'hardcoded-api-key', title: 'API key written in source', severity: 'high', tags: SECRET_TAGS, why: 'Keys in source end up in repositories, logs and builds.', fix: 'Read the key from the environment or a secret store.' },
];

export const FIXTURE_RULES: RuleInfo[] = RULE_DEFS.map((d) => ({
  id: d.id,
  title: d.title,
  severity: d.severity,
  languages: ['python', 'javascript'],
  docs: { why: d.why, fix: d.fix },
  standards: d.tags,
  helpUri: `https://example.test/llmsec/rules/${d.id}`,
  origin: 'builtin',
}));

const RULES_BY_ID = new Map(RULE_DEFS.map((d) => [d.id, d]));

export interface FixtureOptions {
  root: string;
  /** Insert an unrelated line at the top of app/server.py (everything below moves down). */
  shiftServer?: boolean;
}

export function fixtureSources(options: FixtureOptions): Record<string, string> {
  const sources = { ...FIXTURE_SOURCES };
  if (options.shiftServer) sources['app/server.py'] = `# Service entry point (added later, unrelated to any finding).\n${SERVER_PY}`;
  return sources;
}

/** Builds the fixture ScanResult; files are absolute paths under `root` (as the editor gives them). */
export function buildFixture(options: FixtureOptions): { result: ScanResult; rules: RuleInfo[]; sources: Record<string, string> } {
  const sources = fixtureSources(options);
  const abs = (rel: string) => path.join(options.root, ...rel.split('/'));

  const locate = (rel: string, needle: string, nth = 0): Location => {
    const text = sources[rel];
    let at = -1;
    for (let i = 0; i <= nth; i++) {
      at = text.indexOf(needle, at + 1);
      if (at < 0) throw new Error(`fixture: '${needle}' not found in ${rel}`);
    }
    const index = new LineIndex(text);
    return { file: abs(rel), range: index.range({ start: at, end: at + needle.length }), startOffset: at, endOffset: at + needle.length };
  };

  const fingerprint = (ruleId: string, rel: string, loc: Location, source?: Location): string => {
    const index = new LineIndex(sources[rel]);
    const norm = (l: Location) => index.lineText(l.range.start.line).trim().replace(/\s+/g, ' ');
    return createHash('sha256').update([ruleId, rel, norm(loc), source ? norm(source) : '', '0'].join('\u0000')).digest('hex').slice(0, 32);
  };

  const finding = (
    ruleId: string,
    rel: string,
    loc: Location,
    message: string,
    extra: { flow?: FlowStep[]; severity?: Severity; suppression?: Finding['suppression'] } = {},
  ): Finding => {
    const def = RULES_BY_ID.get(ruleId);
    if (!def) throw new Error(`fixture: no rule ${ruleId}`);
    const language: LanguageId = rel.endsWith('.py') ? 'python' : 'typescript';
    const f: Finding = {
      ruleId,
      title: def.title,
      severity: extra.severity ?? def.severity,
      message: `${message} [${[...def.tags.owasp2025, ...def.tags.iso42001].join(', ')}]`,
      location: loc,
      language,
      flow: extra.flow ?? [],
      tags: def.tags,
      helpUri: `https://example.test/llmsec/rules/${ruleId}`,
      fixes: [],
      fingerprint: fingerprint(ruleId, rel, loc, extra.flow?.[0]?.location),
    };
    if (extra.suppression) f.suppression = extra.suppression;
    return f;
  };

  const step = (kind: FlowStep['kind'], location: Location, note: string): FlowStep => ({ kind, location, note });

  // app/server.py
  const personaSrc = locate('app/server.py', 'request.args.get("persona", "helpful")');
  const systemFStr = locate('app/server.py', 'f"You are a {persona} assistant."');
  const systemUse = locate('app/server.py', 'system', 2);
  const completion = locate('app/server.py', 'client.chat.completions.create(');
  const commandRead = locate('app/server.py', 'completion.choices[0].message.content');
  const osSystemArg = locate('app/server.py', 'command', 1);
  const runArg = locate('app/server.py', 'command', 4);
  const serverFindings: Finding[] = [
    finding('prompt-injection-system-prompt', 'app/server.py', systemUse, 'The request parameter persona reaches the system prompt of client.chat.completions.create().', {
      flow: [step('source', personaSrc, 'request parameter read: request.args.get("persona")'), step('step', systemFStr, 'formatted into the f-string system'), step('sink', systemUse, 'placed in the system message')],
    }),
    finding('llm-output-shell-command', 'app/server.py', osSystemArg, 'Output of client.chat.completions.create() runs as a shell command in os.system().', {
      flow: [step('source', completion, 'LLM response created'), step('step', commandRead, 'message content read into command'), step('sink', osSystemArg, 'passed to os.system()')],
    }),
    finding('llm-output-shell-command', 'app/server.py', runArg, 'Output of client.chat.completions.create() runs as a shell command in subprocess.run(shell=True).', {
      flow: [step('source', completion, 'LLM response created'), step('step', commandRead, 'message content read into command'), step('sink', runArg, 'passed to subprocess.run(shell=True)')],
      suppression: { kind: 'inline', justification: 'the command runs in a throwaway sandbox container' },
    }),
    finding('insecure-model-endpoint', 'app/server.py', locate('app/server.py', '"http://llm.internal:8000/v1"'), 'The OpenAI client talks to http://llm.internal:8000/v1 over plain HTTP.'),
  ];

  // web/src/chat.ts
  const question = locate('web/src/chat.ts', 'req.body.question');
  const tmpl = locate('web/src/chat.ts', '`Answer: ${question}`');
  const create = locate('web/src/chat.ts', 'anthropic.messages.create(');
  const textRead = locate('web/src/chat.ts', 'reply.content[0].text');
  const fnBody = locate('web/src/chat.ts', 'text', 3);
  const chatFindings: Finding[] = [
    finding('prompt-injection-user-input', 'web/src/chat.ts', tmpl, 'The request body field question reaches the user prompt of anthropic.messages.create() without validation.', {
      flow: [step('source', question, 'request body read: req.body.question'), step('sink', tmpl, 'interpolated into the user message')],
    }),
    finding('llm-output-code-execution', 'web/src/chat.ts', fnBody, 'Output of anthropic.messages.create() becomes the body of new Function().', {
      flow: [step('source', create, 'LLM response created'), step('step', textRead, 'text block read into text'), step('sink', fnBody, 'passed to new Function()')],
    }),
  ];

  // ml/load_model.py
  const hubLoad = locate('ml/load_model.py', 'AutoModelForCausalLM.from_pretrained(');
  const mlFindings: Finding[] = [
    finding('hf-unpinned-model', 'ml/load_model.py', hubLoad, 'meta-llama/Llama-3.1-8B-Instruct is loaded from the Hugging Face Hub without a pinned commit revision.'),
    finding('hf-trust-remote-code', 'ml/load_model.py', locate('ml/load_model.py', 'trust_remote_code=True'), 'trust_remote_code=True runs code from the meta-llama/Llama-3.1-8B-Instruct repository.'),
    finding('unsafe-model-deserialization', 'ml/load_model.py', locate('ml/load_model.py', 'torch.load("models/classifier.pt")'), 'torch.load() without weights_only=True unpickles models/classifier.pt.'),
  ];

  // config/keys.py: the accepted one is suppressed by the register (applied by the test when needed).
  const keyFindings: Finding[] = [finding('hardcoded-api-key', 'config/keys.py', locate('config/keys.py', `"${SECRET}"`), 'An OpenAI API key (sk-p…[redacted]) is written in the source.')];

  // The hostile file: markup and template syntax in its name, code and message.
  const topic = locate(HOSTILE_FILE, 'topic: string');
  const respCreate = locate(HOSTILE_FILE, 'openai.responses.create(');
  const htmlSink = locate(HOSTILE_FILE, '"<script>window.__pwned=1</script><img src=x onerror=\\"window.__pwned=1\\">" + r.output_text');
  const hostileFindings: Finding[] = [
    finding('llm-output-html-injection', HOSTILE_FILE, htmlSink, `Output of openai.responses.create() is assigned to el.innerHTML after ${HOSTILE_MESSAGE_BITS.join(' ')} "quoted" 'single'.`, {
      flow: [step('source', respCreate, `LLM response created for topic <b>${'${topic}'}</b>`), step('sink', htmlSink, 'assigned to innerHTML <img src=x onerror=window.__pwned=1>')],
    }),
  ];
  void topic;

  const callSites: Record<string, LlmCallSite[]> = {
    'app/server.py': [{ provider: 'openai', sdk: 'openai', api: 'openai.OpenAI().chat.completions.create', model: 'gpt-4o', endpoint: 'http://llm.internal:8000/v1', streaming: false, location: completion }],
    'web/src/chat.ts': [{ provider: 'anthropic', sdk: '@anthropic-ai/sdk', api: '@anthropic-ai/sdk.Anthropic().messages.create', model: 'claude-3-5-sonnet-20241022', endpoint: null, streaming: false, location: create }],
    [HOSTILE_FILE]: [{ provider: 'openai', sdk: 'openai', api: 'openai.OpenAI().responses.create', model: 'gpt-4.1-mini', endpoint: null, streaming: true, location: respCreate }],
    'config/keys.py': [],
    'ml/load_model.py': [],
  };
  const modelSources: Record<string, ModelSource[]> = {
    'ml/load_model.py': [
      { kind: 'huggingface-hub', name: 'meta-llama/Llama-3.1-8B-Instruct', api: 'transformers.AutoTokenizer.from_pretrained', revision: '0e9e39f249a16976918f6564b8830bc894c89659', pinned: true, trustRemoteCode: false, location: locate('ml/load_model.py', 'AutoTokenizer.from_pretrained(') },
      { kind: 'huggingface-hub', name: 'meta-llama/Llama-3.1-8B-Instruct', api: 'transformers.AutoModelForCausalLM.from_pretrained', revision: null, pinned: false, trustRemoteCode: true, location: hubLoad },
      { kind: 'local-file', name: 'models/classifier.pt', api: 'torch.load', revision: null, pinned: false, trustRemoteCode: false, location: locate('ml/load_model.py', 'torch.load(') },
    ],
  };

  const fileResult = (rel: string, findings: Finding[]): FileResult => ({
    file: abs(rel),
    language: rel.endsWith('.py') ? 'python' : 'typescript',
    findings,
    callSites: callSites[rel] ?? [],
    modelSources: modelSources[rel] ?? [],
    notices: [],
    elapsedMs: 3,
  });

  const result: ScanResult = {
    root: options.root,
    // Deliberately not in path order: workers finish in any order.
    files: [
      fileResult(HOSTILE_FILE, hostileFindings),
      fileResult('ml/load_model.py', mlFindings),
      fileResult('app/server.py', serverFindings),
      fileResult('config/keys.py', keyFindings),
      fileResult('web/src/chat.ts', chatFindings),
    ],
    notices: [{ level: 'warning', message: 'Skipped: larger than 2 MiB', file: abs('static/bundle.min.js'), reason: 'too-large' }],
    stats: { filesSeen: 6, filesAnalysed: 5, filesSkipped: 1, elapsedMs: 42 },
  };
  return { result, rules: FIXTURE_RULES, sources };
}

/** A reader over the fixture's in-memory sources, keyed by absolute path. */
export function fixtureReader(root: string, sources: Record<string, string>): (file: string) => string | undefined {
  const byAbs = new Map(Object.entries(sources).map(([rel, text]) => [path.join(root, ...rel.split('/')), text]));
  return (file) => byAbs.get(path.resolve(root, file));
}

/**
 * A large synthetic scan: `fileCount` Python and TypeScript files, each with an LLM call, a flow
 * finding with three steps, a supply-chain finding, some suppressed, and sources to excerpt.
 */
export function buildLargeFixture(root: string, fileCount: number): { result: ScanResult; rules: RuleInfo[]; sources: Record<string, string> } {
  const sources: Record<string, string> = {};
  const files: FileResult[] = [];
  for (let i = 0; i < fileCount; i++) {
    const py = i % 2 === 0;
    const rel = py ? `services/svc${String(i).padStart(4, '0')}/handler.py` : `web/pages/page${String(i).padStart(4, '0')}.ts`;
    const text = py
      ? `from flask import request\nfrom openai import OpenAI\nimport os\n\nclient = OpenAI()\n\n\ndef handle_${i}():\n    q = request.args["q"]\n    r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": q}])\n    out = r.choices[0].message.content\n    os.system(out)\n    return out\n`
      : `import OpenAI from "openai";\nconst openai = new OpenAI();\n\nexport async function run${i}(input: string, el: HTMLElement) {\n  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: input }] });\n  const text = r.choices[0].message.content ?? "";\n  el.innerHTML = text;\n}\n`;
    sources[rel] = text;
    const index = new LineIndex(text);
    const abs = path.join(root, ...rel.split('/'));
    const loc = (needle: string, nth = 0): Location => {
      let at = -1;
      for (let k = 0; k <= nth; k++) at = text.indexOf(needle, at + 1);
      if (at < 0) throw new Error(`large fixture: '${needle}' #${nth} not found in ${rel}`);
      return { file: abs, range: index.range({ start: at, end: at + needle.length }), startOffset: at, endOffset: at + needle.length };
    };
    const def = (id: string) => RULES_BY_ID.get(id) as RuleDef;
    const mk = (ruleId: string, location: Location, flow: FlowStep[], suppressed: boolean): Finding => ({
      ruleId,
      title: def(ruleId).title,
      severity: def(ruleId).severity,
      message: `${def(ruleId).title} in ${rel} [${def(ruleId).tags.owasp2025.join(', ')}]`,
      location,
      language: py ? 'python' : 'typescript',
      flow,
      tags: def(ruleId).tags,
      helpUri: `https://example.test/llmsec/rules/${ruleId}`,
      fixes: [],
      fingerprint: createHash('sha256').update(`${ruleId}|${rel}|${location.startOffset}`).digest('hex').slice(0, 32),
      ...(suppressed ? { suppression: { kind: 'inline' as const, justification: `reviewed in ticket SEC-${i}` } } : {}),
    });
    const create = loc(py ? 'client.chat.completions.create(' : 'openai.chat.completions.create(');
    const findings: Finding[] = py
      ? [
          mk('prompt-injection-user-input', loc('q', 4), [{ kind: 'source', location: loc('request.args["q"]'), note: 'request parameter read' }, { kind: 'sink', location: loc('q', 4), note: 'user message content' }], false),
          mk('llm-output-shell-command', loc('out', 1), [
            { kind: 'source', location: create, note: 'LLM response created' },
            { kind: 'step', location: loc('r.choices[0].message.content'), note: 'content read into out' },
            { kind: 'sink', location: loc('out', 1), note: 'passed to os.system()' },
          ], i % 10 === 0),
        ]
      : [
          mk('llm-output-html-injection', loc('text', 1), [
            { kind: 'source', location: create, note: 'LLM response created' },
            { kind: 'step', location: loc('r.choices[0].message.content'), note: 'content read into text' },
            { kind: 'sink', location: loc('text', 1), note: 'assigned to innerHTML' },
          ], i % 10 === 1),
        ];
    files.push({
      file: abs,
      language: py ? 'python' : 'typescript',
      findings,
      callSites: [{ provider: 'openai', sdk: 'openai', api: 'openai.OpenAI().chat.completions.create', model: py ? 'gpt-4o-mini' : 'gpt-4o', endpoint: null, streaming: false, location: create }],
      modelSources: [],
      notices: [],
      elapsedMs: 1,
    });
  }
  const result: ScanResult = { root, files, notices: [], stats: { filesSeen: fileCount, filesAnalysed: fileCount, filesSkipped: 0, elapsedMs: 100 } };
  return { result, rules: FIXTURE_RULES, sources };
}
