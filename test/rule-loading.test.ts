import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../src/engine/engine';
import { checkRegex } from '../src/engine/rules/safe-regex';
import { ruleJsonSchema } from '../src/engine/rules/schema';
import { ruleDoc } from '../src/tools/rule-docs';

const GOOD_RULE = `id: my-eval-rule
title: Team rule for eval of model output
severity: high
languages: [python]
message: 'Model output ({source}) is {sink}.'
docs:
  why: Our own reason why this matters.
  fix: Our own advice on how to fix it.
standards:
  owasp2025: [LLM05:2025]
  owasp2026: [LLM10:2026]
  iso42001: [A.6.2.4]
  isoRationale: Generated output must be validated before use.
  cwe: [CWE-95]
taint:
  sources: [llm-output]
  sinks:
    - call: [mylib.run_expression]
      args: [0]
`;

function tempRules(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmsec-rules-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('rule loading', () => {
  it('loads a user rule and uses it', async () => {
    const dir = tempRules({ 'mine.yaml': GOOD_RULE });
    const engine = Engine.create({ config: { ruleDirs: [dir] } });
    assert.deepEqual(engine.notices, []);
    const text = 'import mylib\nfrom openai import OpenAI\nr = OpenAI().responses.create(model="m", input="x")\nmylib.run_expression(r.output_text)\n';
    const result = await engine.analyzeText('x.py', text);
    assert.ok(result.findings.some((f) => f.ruleId === 'my-eval-rule' && f.location.range.start.line === 3));
  });

  it('names the file, line and field of a broken rule, and keeps the other rules working', async () => {
    const dir = tempRules({
      'bad-type.yaml': GOOD_RULE.replace('id: my-eval-rule', 'id: bad-type').replace('severity: high', 'severity: [high]'),
      'bad-yaml.yaml': 'id: broken\ntitle: [unclosed\n',
      'good.yaml': GOOD_RULE,
    });
    const engine = Engine.create({ config: { ruleDirs: [dir] } });
    const messages = engine.notices.map((n) => n.message);
    assert.ok(messages.some((m) => m.includes('bad-type.yaml') && /line 3, field severity/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => m.includes('bad-yaml.yaml') && /invalid YAML/.test(m)), messages.join('\n'));
    assert.ok(engine.rules.some((r) => r.id === 'my-eval-rule'));
    assert.ok(engine.rules.some((r) => r.id === 'llm-output-code-execution'), 'built-in rules still load');
  });

  it('rejects unknown fields, duplicate ids and unverified standards identifiers', () => {
    const dir = tempRules({
      'a.yaml': GOOD_RULE,
      'b.yaml': GOOD_RULE,
      'c.yaml': GOOD_RULE.replace('id: my-eval-rule', 'id: extra-field').replace('severity: high', 'severity: high\nsevirity: low'),
      'd.yaml': GOOD_RULE.replace('id: my-eval-rule', 'id: wrong-iso').replace('[A.6.2.4]', '[A.9.9]'),
    });
    const messages = Engine.create({ config: { ruleDirs: [dir] } }).notices.map((n) => n.message).join('\n');
    assert.match(messages, /b\.yaml: duplicate rule id 'my-eval-rule'/);
    assert.match(messages, /c\.yaml: .*sevirity/);
    assert.match(messages, /d\.yaml: field standards: unknown identifier\(s\) A\.9\.9/);
  });

  it('refuses regular expressions that can backtrack catastrophically', () => {
    assert.match(checkRegex('(a+)+$') ?? '', /nested quantifiers/);
    assert.match(checkRegex('(\\w*)*x') ?? '', /nested quantifiers/);
    assert.match(checkRegex('(a|b)\\1') ?? '', /backreferences/);
    assert.match(checkRegex('[') ?? '', /invalid regular expression/);
    assert.equal(checkRegex('^http://(?!(localhost|127\\.\\d+)(:\\d+)?(/|$))'), undefined);
    const dir = tempRules({ 'r.yaml': GOOD_RULE.replace('      args: [0]', "      args: [0]\n      receiverNameMatches: '(x+x+)+y'") });
    const notices = Engine.create({ config: { ruleDirs: [dir] } }).notices;
    assert.ok(notices.some((n) => /receiverNameMatches: nested quantifiers/.test(n.message)));
  });

  it('publishes a JSON Schema generated from the rule model, kept in rules/rule.schema.json', () => {
    const file = path.join(__dirname, '..', 'rules', 'rule.schema.json');
    const committed = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(committed, JSON.parse(JSON.stringify(ruleJsonSchema())), 'run `npm run schema` to regenerate');
  });
});

describe('rule documentation', () => {
  it('docs/rules/<id>.md is up to date for every built-in rule', () => {
    for (const rule of Engine.create().rules) {
      const file = path.join(__dirname, '..', 'docs', 'rules', `${rule.id}.md`);
      assert.ok(fs.existsSync(file), `${file} missing: run npm run docs`);
      assert.equal(fs.readFileSync(file, 'utf8'), ruleDoc(rule), `${rule.id}.md is stale: run npm run docs`);
    }
  });
});
