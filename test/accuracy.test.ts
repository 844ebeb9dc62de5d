import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../src/engine/engine';
import { listFixtures, parseAnnotations, runFixtures } from '../src/tools/fixtures';

const rulesDir = path.join(__dirname, '..', 'rules');

describe('rule fixtures (accuracy)', function () {
  this.timeout(180_000);
  const engine = Engine.create();
  const files = listFixtures(rulesDir);

  it('loads every built-in rule without errors', () => {
    assert.deepEqual(engine.notices, []);
    assert.ok(engine.rules.length >= 17, `only ${engine.rules.length} rules`);
  });

  it('has at least 300 annotated lines across Python and JavaScript/TypeScript', () => {
    let python = 0;
    let js = 0;
    for (const f of files) {
      const n = parseAnnotations(fs.readFileSync(f, 'utf8')).length;
      if (f.endsWith('.py')) python += n;
      else js += n;
    }
    assert.ok(python + js >= 300, `${python + js} annotated lines`);
    assert.ok(python >= 100 && js >= 100, `python ${python}, js ${js}`);
  });

  it('every rule has fixtures that must fire and fixtures that must stay silent', () => {
    const kinds = new Map<string, Set<string>>();
    for (const f of files) {
      for (const a of parseAnnotations(fs.readFileSync(f, 'utf8'))) {
        const set = kinds.get(a.ruleId) ?? new Set<string>();
        set.add(a.kind);
        kinds.set(a.ruleId, set);
      }
    }
    for (const rule of engine.rules) {
      assert.ok(kinds.get(rule.id)?.has('ruleid'), `${rule.id} has no ruleid: fixture`);
      assert.ok(kinds.get(rule.id)?.has('ok'), `${rule.id} has no ok: fixture`);
    }
  });

  it('the literal prefilter never skips a file that has findings', async () => {
    const example = path.join(__dirname, '..', 'examples', 'chat-app');
    const exampleFiles = fs.readdirSync(example, { recursive: true, encoding: 'utf8' }).map((f) => path.join(example, f)).filter((f) => /\.(py|ts|tsx|js)$/.test(f));
    const singles = new Map<string, Engine>();
    const single = (ruleId: string): Engine => {
      let e = singles.get(ruleId);
      if (!e) singles.set(ruleId, (e = Engine.create({ config: { disabledRules: engine.rules.map((r) => r.id).filter((id) => id !== ruleId) } })));
      return e;
    };
    for (const file of [...files, ...exampleFiles]) {
      const text = fs.readFileSync(file, 'utf8');
      const result = await engine.analyzeText(file, text);
      // Each rule on its own: a file whose findings come from one rule must pass that rule's words.
      for (const ruleId of new Set(result.findings.map((f) => f.ruleId))) {
        assert.ok(single(ruleId).prefilter.mayMatch(text), `prefilter would skip ${path.relative(rulesDir, file)} for ${ruleId}`);
      }
    }
  });

  it('every annotated case passes: nothing missing, nothing noisy', async () => {
    const { cases } = await runFixtures(engine, files);
    const failures = cases.filter((c) => c.verdict === 'missing' || c.verdict === 'noisy');
    assert.deepEqual(
      failures.map((c) => `${c.verdict} ${path.relative(rulesDir, c.file)}:${c.line} ${c.expectation}: ${c.ruleId}`),
      [],
    );
  });
});
