/**
 * Rules are parsed, validated and probed once per process and set of files, and workers can be
 * handed the result instead of loading again.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine, defaultRulesDir } from '../src/engine/engine';
import { loadRuleDirs } from '../src/engine/rules/loader';
import { AnalysisPool } from '../src/engine/pool';
import { DEFAULT_CONFIG } from '../src/engine/api';

const RULE = (id: string, sink: string): string => `id: ${id}
title: Team rule
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
    - call: [${sink}]
      args: [0]
`;

describe('rule loading, once', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmsec-once-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a second load of unchanged files is the same and much cheaper', () => {
    fs.writeFileSync(path.join(dir, 'a.yaml'), RULE('team-a', 'mylib.run'));
    const first = loadRuleDirs(defaultRulesDir(), [dir]);
    const started = performance.now();
    const second = loadRuleDirs(defaultRulesDir(), [dir]);
    const ms = performance.now() - started;
    assert.deepEqual(second, first);
    assert.notEqual(second.rules, first.rules, 'each caller gets its own list');
    assert.ok(ms < 100, `second load took ${ms.toFixed(0)} ms`);
  });

  it('a changed, added or removed file is loaded again, even when nothing else about it changed', () => {
    const file = path.join(dir, 'a.yaml');
    fs.writeFileSync(file, RULE('team-a', 'mylib.run'));
    assert.ok(loadRuleDirs(defaultRulesDir(), [dir]).rules.some((r) => r.id === 'team-a'));
    // Same length, written at once: only the content tells them apart.
    fs.writeFileSync(file, RULE('team-b', 'mylib.run'));
    const changed = loadRuleDirs(defaultRulesDir(), [dir]);
    assert.ok(changed.rules.some((r) => r.id === 'team-b') && !changed.rules.some((r) => r.id === 'team-a'));
    fs.writeFileSync(path.join(dir, 'c.yaml'), RULE('team-c', 'mylib.go'));
    assert.ok(loadRuleDirs(defaultRulesDir(), [dir]).rules.some((r) => r.id === 'team-c'));
    fs.writeFileSync(file, 'id: [broken');
    const broken = loadRuleDirs(defaultRulesDir(), [dir]);
    assert.ok(broken.notices.some((n) => n.file === file));
    assert.ok(!broken.rules.some((r) => r.id === 'team-b'));
    fs.rmSync(path.join(dir, 'c.yaml'));
    assert.ok(!loadRuleDirs(defaultRulesDir(), [dir]).rules.some((r) => r.id === 'team-c'));
  });

  it('an engine from loaded rules equals one that loads them, after a round trip through a worker message', () => {
    fs.writeFileSync(path.join(dir, 'a.yaml'), RULE('team-a', 'mylib.run'));
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'id: [broken');
    const config = { ...DEFAULT_CONFIG, ruleDirs: [dir], disabledRules: ['hf-unpinned-model'] };
    const loaded = structuredClone(loadRuleDirs(defaultRulesDir(), [dir]));
    const fromLoaded = Engine.fromLoaded(loaded, { config });
    const created = Engine.create({ config });
    assert.deepEqual(fromLoaded.rules, created.rules);
    assert.deepEqual(fromLoaded.ruleInfos, created.ruleInfos);
    assert.deepEqual(fromLoaded.notices, created.notices);
    assert.deepEqual(fromLoaded.prefilter.literals, created.prefilter.literals);
  });

  it('a pool given loaded rules analyses as one that loads them', async () => {
    fs.writeFileSync(path.join(dir, 'a.yaml'), RULE('team-a', 'mylib.run'));
    const config = { ...DEFAULT_CONFIG, ruleDirs: [dir] };
    const text = 'import mylib\nfrom openai import OpenAI\nr = OpenAI().responses.create(model="m", input="x")\nmylib.run(r.output_text)\n';
    const given = new AnalysisPool({ config, rules: loadRuleDirs(defaultRulesDir(), [dir]) }, 0);
    const own = new AnalysisPool({ config }, 0);
    try {
      const a = await given.analyzeText('x.py', text, dir);
      const b = await own.analyzeText('x.py', text, dir);
      assert.ok(a.result?.findings.some((f) => f.ruleId === 'team-a'));
      assert.deepEqual(
        a.result?.findings.map((f) => f.fingerprint),
        b.result?.findings.map((f) => f.fingerprint),
      );
      assert.deepEqual((await given.engineInfo()).rules, (await own.engineInfo()).rules);
    } finally {
      await given.close();
      await own.close();
    }
  });
});
