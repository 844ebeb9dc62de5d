// What the editor says about a finding: the diagnostic message with the chosen OWASP edition,
// the hover (flow links, standards, fix), escaping of text from the code, and snippet text.
import assert from 'node:assert/strict';
import { Engine } from '../src/engine/engine';
import type { Finding } from '../src/engine/findings';
import { diagnosticMessage, flowStepLabel, hoverMarkdown, plainMessage, ruleDocumentMarkdown, standardsSuffix } from '../src/extension/text/finding-text';
import { commandUri, escapeMarkdown, escapeProse, inlineCode, link } from '../src/extension/text/markdown';
import { isSnippetText, snippetToPlainText } from '../src/extension/text/snippets';

const SAMPLE = `from openai import OpenAI

client = OpenAI()

def run(question):
    completion = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])
    expression = completion.choices[0].message.content
    return eval(expression)
`;

describe('extension text', () => {
  let engine: Engine;
  let finding: Finding;

  before(async () => {
    engine = Engine.create({});
    const result = await engine.analyzeText('/ws/app.py', SAMPLE, { root: '/ws' });
    const found = result.findings.find((f) => f.ruleId === 'llm-output-code-execution');
    assert.ok(found, `no llm-output-code-execution finding; got ${result.findings.map((f) => f.ruleId).join(', ')}`);
    finding = found;
  });

  it('ends the diagnostic message with the OWASP id and the ISO/IEC 42001 controls', () => {
    const message = diagnosticMessage(finding, '2025');
    assert.match(message, / \[LLM05:2025 · ISO 42001 A\.6\.2\.4, A\.6\.2\.5\]$/);
    assert.match(message, /eval/);
  });

  it('cites the 2026 edition when chosen, without the 2025 id', () => {
    const message = diagnosticMessage(finding, '2026');
    assert.ok(message.endsWith(standardsSuffix(finding.tags, '2026')), message);
    assert.match(message, /LLM10:2026/);
    assert.doesNotMatch(message, /:2025/);
    assert.equal(plainMessage(finding), diagnosticMessage(finding, '2025').replace(/ \[[^\]]*\]$/, ''));
  });

  it('adds the standards to a message that lacks them (a user rule)', () => {
    const bare = { ...finding, message: 'Custom rule says no.' };
    assert.equal(diagnosticMessage(bare, '2025'), `Custom rule says no. ${standardsSuffix(finding.tags, '2025')}`);
  });

  it('labels flow steps by role', () => {
    const labels = finding.flow.map((s, i) => flowStepLabel(s, i, finding.flow.length));
    assert.ok(finding.flow.length >= 2);
    assert.match(labels[0], /^Source: /);
    assert.match(labels[labels.length - 1], /^Sink: passed to eval/);
  });

  it('builds a hover with the flow as links, the standards with links and rationale, and the fix', () => {
    const rule = engine.ruleInfos.find((r) => r.id === finding.ruleId)!;
    const md = hoverMarkdown({
      finding,
      rule,
      edition: '2025',
      docsTarget: commandUri('llmsec.showRuleDocumentation', [finding.ruleId]),
      linkStep: (step) => ({ label: `app.py:${step.location.range.start.line + 1}`, target: commandUri('llmsec.openLocation', ['file:///ws/app.py', step.location.range.start.line, 0]) }),
    });
    assert.match(md, /\*\*Data flow\*\*/);
    const stepLinks = md.match(/\[app\\\.py:\d+\]\(command:llmsec\.openLocation\?/g) ?? [];
    assert.equal(stepLinks.length, finding.flow.length);
    assert.match(md, /\[LLM05:2025 Improper Output Handling\]\(https:\/\/genai\.owasp\.org\/llmrisk\/llm052025-improper-output-handling\/\)/);
    assert.match(md, /\*\*A\\\.6\\\.2\\\.4\*\* AI system verification and validation/);
    assert.ok(md.includes(escapeProse(finding.tags.isoRationale)), 'the ISO rationale is shown');
    assert.match(md, /\[CWE\\-95 Eval Injection\]\(https:\/\/cwe\.mitre\.org\/data\/definitions\/95\.html\)/);
    assert.match(md, /MITRE ATLAS: \[AML\\\.T\d{4}/);
    assert.match(md, /\*\*How to fix\.\*\*/);
    assert.ok(md.includes(escapeProse(rule.docs.fix)));
    assert.match(md, /`ast\.literal_eval`/, 'code quoted in the rule text stays code');
    assert.match(md, /\[Rule documentation\]\(command:llmsec\.showRuleDocumentation\?/);
  });

  it('shows the 2026 category in the hover when that edition is chosen', () => {
    const md = hoverMarkdown({ finding, edition: '2026', docsTarget: 'x', linkStep: () => ({ label: 'a', target: 'b' }) });
    assert.match(md, /OWASP Top 10 for LLM Applications 2026: \[LLM10:2026 Improper Output Handling\]/);
    assert.doesNotMatch(md, /LLM05:2025/);
  });

  it('renders hostile text from the code as text', () => {
    // Suppressed, so the hover also shows the message and the justification.
    const hostile: Finding = {
      ...finding,
      title: '<img src=x onerror=alert(1)>',
      message: 'see [click](command:workbench.action.terminal.new) `x` **b**',
      flow: finding.flow.map((s) => ({ ...s, note: '</a><script>alert(1)</script>' })),
      suppression: { kind: 'inline', justification: '[ok](command:workbench.action.files.delete)' },
    };
    const md = hoverMarkdown({ finding: hostile, edition: '2025', docsTarget: 'x', linkStep: () => ({ label: 'f.py:1', target: 'command:llmsec.openLocation?%5B%5D' }) });
    assert.doesNotMatch(md, /<img|<script|<\/a>/);
    assert.match(md, /&lt;img src=x onerror=alert\\\(1\\\)&gt;/);
    assert.doesNotMatch(md, /\]\(command:workbench/, 'a link in the text cannot become a command link');
    assert.match(md, /see \\\[click\\\]/, 'the message is shown, escaped');
  });

  it('escapes markdown, inline code and link targets', () => {
    assert.equal(escapeMarkdown('a*b_[c](d)'), 'a\\*b\\_\\[c\\]\\(d\\)');
    assert.equal(inlineCode('a`b'), '``a`b``');
    assert.equal(escapeProse('use `a_b` not *c*'), 'use `a_b` not \\*c\\*');
    assert.equal(inlineCode('`x`'), '`` `x` ``');
    assert.equal(link('x', 'https://e.org/a (b)'), '[x](https://e.org/a%20%28b%29)');
    assert.equal(commandUri('c', [1, 'a']), `command:c?${encodeURIComponent('[1,"a"]')}`);
  });

  it('writes a documentation page from the rule', () => {
    const rule = engine.ruleInfos.find((r) => r.id === 'hf-unpinned-model')!;
    const page = ruleDocumentMarkdown(rule, '2025');
    assert.match(page, /^# /);
    assert.match(page, /## Why it matters/);
    assert.match(page, /## How to fix/);
    assert.match(page, /LLM03:2025/);
    assert.match(page, /llmsec-ignore\[hf-unpinned-model\]/);
  });

  it('reduces snippet text to what the tab stops leave', () => {
    assert.equal(snippetToPlainText(', revision="${1:<full 40-character commit SHA>}"'), ', revision="<full 40-character commit SHA>"');
    assert.equal(snippetToPlainText('# llmsec-ignore[x]: ${1:reason}$0\n'), '# llmsec-ignore[x]: reason\n');
    assert.equal(snippetToPlainText('cost \\$5 ${2:a\\}b} $ {'), 'cost $5 a}b $ {');
    assert.equal(isSnippetText('${1:x}'), true);
    assert.equal(isSnippetText('$HOME and ${HOME}'), false);
  });
});
