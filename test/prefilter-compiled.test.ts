import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { Engine } from '../src/engine/engine';
import { COMPUTED_MODULE_LOAD, SECRET_ANCHORED, type AnchoredPattern, type Prefilter } from '../src/engine/prefilter';
import { SECRET_PATTERN } from '../src/engine/builtins/secrets';
import { LiteralScanner, Occurrences } from '../src/engine/literal-scan';

/** The prefilter's meaning, spelled out: every word searched with `includes`, every pattern with its regex. */
function reference(pf: Prefilter, text: string): boolean {
  const has = (w: string | AnchoredPattern): boolean => (typeof w === 'string' ? text.includes(w) : w.regex.test(text));
  return pf.requirements.some((req) => req.every((group) => group.some((conj) => conj.every(has)))) || pf.patterns.some((alternatives) => alternatives.some(has));
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => /\.(py|ts|tsx|js|jsx|mjs|cjs)$/.test(f) && fs.statSync(f).isFile());
}

describe('compiled prefilter', () => {
  const engine = Engine.create();
  const root = path.join(__dirname, '..');
  const files = [...sourceFiles(path.join(root, 'rules')), ...sourceFiles(path.join(root, 'examples')), ...sourceFiles(path.join(root, 'test', 'fixtures'))];

  it('gives the reference verdict on every fixture and example file', () => {
    assert.ok(files.length > 50);
    let passed = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const verdict = engine.prefilter.mayMatch(text);
      assert.equal(verdict, reference(engine.prefilter, text), file);
      if (verdict) passed++;
    }
    assert.ok(passed > 0 && passed < files.length, 'some files pass and some do not');
  });

  it('gives the reference verdict for every single rule on every fixture', () => {
    for (const rule of engine.rules) {
      const single = Engine.create({ config: { disabledRules: engine.rules.map((r) => r.id).filter((id) => id !== rule.id) } });
      for (const file of files) {
        const text = fs.readFileSync(file, 'utf8');
        assert.equal(single.prefilter.mayMatch(text), reference(single.prefilter, text), `${rule.id}: ${file}`);
      }
    }
  });

  it('gives the reference verdict on texts made of the rules own words', () => {
    const pf = engine.prefilter;
    const pieces = [...pf.literals, ...SECRET_ANCHORED.flatMap((p) => p.anchors), 'require(', 'import(x', "require('os')", ' = "', ': ', 'abcdefghijklmnopqrstuvwx', 'A1b2C3d4E5f6G7h8', '\n', ' ', 'x', '_', '(', 'é'];
    const verdicts = [0, 0];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        const verdict = pf.mayMatch(text);
        assert.equal(verdict, reference(pf, text), JSON.stringify(text));
        verdicts[verdict ? 1 : 0]++;
      }),
      { numRuns: 3000, seed: 11 },
    );
    assert.ok(verdicts[0] > 100 && verdicts[1] > 100, `both verdicts are exercised: ${verdicts.join(' / ')}`);
  });

  it('the same texts in any order give the same verdicts (no state leaks between texts)', () => {
    const texts = files.slice(0, 40).map((f) => fs.readFileSync(f, 'utf8'));
    const first = texts.map((t) => engine.prefilter.mayMatch(t));
    const again = [...texts].reverse().map((t) => engine.prefilter.mayMatch(t)).reverse();
    assert.deepEqual(again, first);
  });
});

describe('anchored patterns', () => {
  /** Whether an anchored pattern matches, by its own definition: an anchor, then the tail right after. */
  function anchoredMatch(p: AnchoredPattern, text: string): boolean {
    const scanner = new LiteralScanner(p.anchors, p.anchors.map((_, i) => i));
    const occurrences = new Occurrences();
    scanner.scanInto(text, new Uint32Array(p.anchors.length), 1, occurrences);
    for (let i = 0; i < occurrences.length; i++) {
      const end = occurrences.ends[i];
      const start = end - p.anchors[occurrences.ids[i]].length;
      if (p.boundaryBefore && start > 0 && /\w/.test(text[start - 1])) continue;
      p.tail.lastIndex = end;
      if (p.tail.test(text)) return true;
    }
    return false;
  }

  const keyish = fc.constantFrom('sk-', 'AIza', 'hf_', 'AKIA', 'ASIA', 'gsk_', 'r8_', 'xai-', 'pplx-', 'key', 'Token', 'SECRET', 'secret', '"', "'", '`', ':', '=', ' ', '\n', 'a', 'Z', '9', '-', '_', 'abcdefghij', 'ABCDEFGHIJKLMNOP', 'é');
  it('SECRET_ANCHORED matches exactly where SECRET_PATTERN does', () => {
    let matched = 0;
    fc.assert(
      fc.property(fc.array(keyish, { maxLength: 14 }), (parts) => {
        const text = parts.join('');
        const expected = SECRET_PATTERN.test(text);
        assert.equal(SECRET_ANCHORED.some((p) => anchoredMatch(p, text)), expected, JSON.stringify(text));
        if (expected) matched++;
      }),
      { numRuns: 5000, seed: 3 },
    );
    assert.ok(matched > 200, `matches are exercised: ${matched}`);
  });

  const loads = fc.constantFrom('require(', 'import(', 'xrequire(', '_import(', '.require(', "'", '"', '`', ')', ' ', '\n', 'name', 'x', '(');
  it('COMPUTED_MODULE_LOAD matches exactly where its regex does', () => {
    let matched = 0;
    fc.assert(
      fc.property(fc.array(loads, { maxLength: 10 }), (parts) => {
        const text = parts.join('');
        const expected = COMPUTED_MODULE_LOAD.regex.test(text);
        assert.equal(anchoredMatch(COMPUTED_MODULE_LOAD, text), expected, JSON.stringify(text));
        if (expected) matched++;
      }),
      { numRuns: 5000, seed: 5 },
    );
    assert.ok(matched > 200, `matches are exercised: ${matched}`);
  });

  it('known cases', () => {
    const secret = (t: string): boolean => SECRET_ANCHORED.some((p) => anchoredMatch(p, t));
    assert.equal(secret('api_key = "abcdefghijklmnop1234"'), true);
    assert.equal(secret('{ apiKey: `0123456789abcdef` }'), true);
    assert.equal(secret('const k = "sk-proj-abcdefghij"'), true);
    assert.equal(secret('api_key = os.environ["OPENAI_API_KEY"]'), false);
    assert.equal(anchoredMatch(COMPUTED_MODULE_LOAD, 'require(name)'), true);
    assert.equal(anchoredMatch(COMPUTED_MODULE_LOAD, "require('os')"), false);
    assert.equal(anchoredMatch(COMPUTED_MODULE_LOAD, 'myrequire(name)'), false);
  });
});
