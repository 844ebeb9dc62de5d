import assert from 'node:assert/strict';
import { Engine } from '../src/engine/engine';
import { DocumentAnalyzer } from '../src/engine/documents';
import type { Finding } from '../src/engine/findings';

const engine = Engine.create();

async function findings(file: string, text: string): Promise<Finding[]> {
  return (await engine.analyzeText(file, text)).findings;
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle));
}

describe('dataflow', () => {
  it('follows LLM output through a helper function and reports the whole path', async () => {
    const text = [
      'import subprocess',
      'from openai import OpenAI',
      'client = OpenAI()',
      '',
      'def ask(question):',
      '    r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])',
      '    return r.choices[0].message.content',
      '',
      'def run(cmd):',
      '    subprocess.run(cmd, shell=True)',
      '',
      'def main():',
      '    plan = ask("what should I run?")',
      '    run(plan)',
    ].join('\n');
    const found = (await findings('agent.py', text)).filter((f) => f.ruleId === 'llm-output-shell-command');
    assert.equal(found.length, 1);
    const f = found[0];
    assert.equal(f.location.range.start.line, lineOf(text, 'subprocess.run(cmd'));
    const lines = f.flow.map((s) => s.location.range.start.line);
    assert.equal(f.flow[0].kind, 'source');
    assert.equal(lines[0], lineOf(text, 'client.chat.completions.create'));
    assert.ok(lines.includes(lineOf(text, 'run(plan)')), 'the call that passes the value is a step');
    assert.equal(f.flow[f.flow.length - 1].kind, 'sink');
    assert.match(f.message, /\[LLM05:2025 · ISO 42001 A\.6\.2\.4/);
  });

  it('stops at sanitisers that neutralise the sink, not at unrelated ones', async () => {
    const text = [
      'import os, shlex, html',
      'from anthropic import Anthropic',
      'c = Anthropic()',
      'out = c.messages.create(model="claude", max_tokens=10, messages=[{"role": "user", "content": "hi"}]).content[0].text',
      'os.system("echo " + shlex.quote(out))',
      'os.system("echo " + html.escape(out))',
    ].join('\n');
    const lines = (await findings('s.py', text)).filter((f) => f.ruleId === 'llm-output-shell-command').map((f) => f.location.range.start.line);
    assert.deepEqual(lines, [5]);
  });

  it('does not treat a same-named method on a non-LLM object as an LLM call', async () => {
    const text = [
      'from flask import request',
      'class Cache:',
      '    def invoke(self, key):',
      '        return key',
      'cache = Cache()',
      'answer = cache.invoke(request.args["q"])',
      'eval(answer)',
    ].join('\n');
    const ids = (await findings('c.py', text)).map((f) => f.ruleId);
    assert.ok(!ids.includes('llm-output-code-execution'));
    assert.ok(!ids.includes('prompt-injection-user-input'));
  });

  it('resolves aliases, destructuring and streams in TypeScript', async () => {
    const text = [
      "import OpenAI from 'openai';",
      "import { exec as run } from 'node:child_process';",
      'const ai = new OpenAI();',
      'export async function go() {',
      "  const stream = await ai.chat.completions.create({ model: 'gpt-4o', messages: [], stream: true });",
      '  for await (const chunk of stream) {',
      "    const { content } = chunk.choices[0].delta;",
      '    run(content ?? "");',
      '  }',
      '}',
    ].join('\n');
    const f = (await findings('s.ts', text)).find((x) => x.ruleId === 'llm-output-shell-command');
    assert.ok(f, 'exec of streamed content is found');
    assert.equal(f.location.range.start.line, 7);
  });

  it('puts untrusted input in the system position at a higher severity than in the user turn', async () => {
    const text = [
      "import { generateText } from 'ai';",
      "import { openai } from '@ai-sdk/openai';",
      'export async function GET(request: Request) {',
      "  const team = new URL(request.url).searchParams.get('team');",
      "  const q = new URL(request.url).searchParams.get('q');",
      "  return generateText({ model: openai('gpt-4o'), system: `You help team ${team}`, prompt: q ?? '' });",
      '}',
    ].join('\n');
    const all = await findings('app/api/route.ts', text);
    const system = all.find((f) => f.ruleId === 'prompt-injection-system-prompt');
    const user = all.find((f) => f.ruleId === 'prompt-injection-user-input');
    assert.equal(system?.severity, 'high');
    assert.equal(user?.severity, 'medium');
  });

  it('clears input checked against an allowlist before it is used', async () => {
    const text = [
      'from flask import request, abort',
      'from openai import OpenAI',
      'ALLOWED = {"billing", "tech"}',
      'topic = request.args["topic"]',
      'if topic not in ALLOWED:',
      '    abort(400)',
      'OpenAI().chat.completions.create(model="m", messages=[{"role": "system", "content": f"Topic {topic}"}])',
    ].join('\n');
    assert.deepEqual((await findings('g.py', text)).map((f) => f.ruleId), []);
  });

  it('still finds what it can in a file with syntax errors', async () => {
    const text = ['from openai import OpenAI', 'def broken(:', '    pass', 'r = OpenAI().responses.create(model="m", input="x")', 'eval(r.output_text)'].join('\n');
    const result = await engine.analyzeText('broken.py', text);
    assert.ok(result.notices.some((n) => n.reason === 'syntax-error'));
    assert.ok(result.findings.some((f) => f.ruleId === 'llm-output-code-execution'));
  });

  // A line broken while typing ends its function early, and Tree-sitter's recovery leaves the
  // rest of its body (`return ...`, `throw ...`) at the top level, or takes the functions below
  // into the broken one, after its `return`. The functions below are still analysed, on opening
  // the text and after the edit that broke it. Python: a string left open; TypeScript: a `}`
  // typed too early (a string left open there stays a string).
  const brokenHandler = {
    python: [
      'import subprocess',
      'from flask import Flask, request',
      'from openai import OpenAI',
      'app = Flask(__name__)',
      'client = OpenAI()',
      '',
      '@app.route("/a")',
      'def a():',
      '    q = request.args.get("q", "")',
      '    r = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "Say: " + q}])',
      '    if not r.choices:',
      '        raise ValueError("no answer")',
      '    return r.choices[0].message.content',
      '',
      'def run(task: str):',
      '    r = client.chat.completions.create(model="m", messages=[{"role": "user", "content": task}])',
      '    subprocess.run(r.choices[0].message.content, shell=True)',
    ],
    typescript: [
      "import OpenAI from 'openai';",
      "import { exec } from 'child_process';",
      'const client = new OpenAI();',
      'export async function a(req: { query: { q: string } }) {',
      "  const r = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'Say: ' + req.query.q }] });",
      "  if (!r.choices.length) throw new Error('no answer');",
      '  return r.choices[0].message.content;',
      '}',
      'export async function run(task: string) {',
      "  const r = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: task }] });",
      '  exec(r.choices[0].message.content ?? "");',
      '}',
    ],
  } as const;
  const breakage = { python: { after: 'Say: ', insert: '\n' }, typescript: { after: "'Say: ' + req.query.q }] });\n", insert: '}\n' } };
  for (const [language, lines] of Object.entries(brokenHandler) as [keyof typeof brokenHandler, readonly string[]][]) {
    it(`${language}: a line broken in one function keeps the findings of the functions below it`, async () => {
      const file = language === 'python' ? 'broken-handler.py' : 'broken-handler.ts';
      const text = lines.join('\n');
      const { after, insert } = breakage[language];
      const at = text.indexOf(after) + after.length;
      const broken = `${text.slice(0, at)}${insert}${text.slice(at)}`;
      const shell = (r: { findings: Finding[] }) => r.findings.filter((f) => f.ruleId === 'llm-output-shell-command').map((f) => f.location.range.start.line);
      const runLine = lines.findIndex((l) => l.includes('.message.content') && /subprocess|exec/.test(l));
      const clean = await engine.analyzeText(file, text);
      assert.deepEqual(shell(clean), [runLine]);
      const opened = await engine.analyzeText(file, broken);
      assert.ok(opened.notices.some((n) => n.reason === 'syntax-error'), 'the broken text has a syntax error');
      assert.deepEqual(shell(opened), [runLine + 1]);
      const docs = new DocumentAnalyzer(engine, { fixes: 'lazy' });
      await docs.open(file, text, language);
      const edited = await docs.change(file, [{ rangeOffset: at, rangeLength: 0, text: insert }], language);
      assert.deepEqual(shell(edited), [runLine + 1]);
    });
  }

  it('honours inline suppressions and reports the ones without a reason', async () => {
    const text = [
      'from openai import OpenAI',
      'r = OpenAI().responses.create(model="m", input="x")',
      '# llmsec-ignore[llm-output-code-execution]: output is a fixed enum validated upstream',
      'eval(r.output_text)',
      '# llmsec-ignore[llm-output-code-execution]',
      'exec(r.output_text)',
    ].join('\n');
    const all = await findings('sup.py', text);
    const code = all.filter((f) => f.ruleId === 'llm-output-code-execution');
    assert.equal(code.length, 2);
    assert.ok(code.every((f) => f.suppression?.kind === 'inline'));
    assert.equal(code[0].suppression?.justification, 'output is a fixed enum validated upstream');
    assert.equal(all.filter((f) => f.ruleId === 'suppression-without-reason').length, 1);
  });

  it('redacts hardcoded keys in messages', async () => {
    const key = 'sk-proj-' + 'Ab3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1eF3hJ5kL7n';
    const text = `from openai import OpenAI\nclient = OpenAI(api_key="${key}")\n`;
    const f = (await findings('k.py', text)).find((x) => x.ruleId === 'hardcoded-api-key');
    assert.ok(f);
    assert.ok(!f.message.includes(key));
    assert.ok(!JSON.stringify(f.fixes).includes(key));
    assert.deepEqual(f.redact, { startOffset: text.indexOf(`"${key}"`), endOffset: text.indexOf(`"${key}"`) + key.length + 2 });
  });

  it('keeps fingerprints when unrelated lines move', async () => {
    const body = 'from openai import OpenAI\nr = OpenAI().responses.create(model="m", input="x")\neval(r.output_text)\n';
    const a = await findings('fp.py', body);
    const b = await findings('fp.py', '# a new comment\n\nimport sys\n' + body);
    assert.equal(a.length, 1);
    assert.equal(a[0].fingerprint, b[0].fingerprint);
    const c = await findings('fp.py', body.replace('eval(r.output_text)', 'eval(r.output_text.strip())'));
    assert.notEqual(a[0].fingerprint, c[0].fingerprint);
  });
});
