/**
 * A syntax error stays in its statement (src/engine/error-isolation.ts): an unclosed bracket or
 * quote typed into one function of a large file must not cost the findings of the functions far
 * from it, however Tree-sitter's recovery folded them into the broken one. Checked on a fresh
 * analysis (the scan), on opening the broken text in the editor and on the edit that broke it.
 * Not here: an opened `"""` or backquote, which makes the rest of the file a string up to the
 * next one (the findings there are rightly gone).
 */
import assert from 'node:assert/strict';
import { Engine } from '../src/engine/engine';
import { DocumentAnalyzer } from '../src/engine/documents';
import type { FileResult, Finding } from '../src/engine/findings';
import { parse } from '../src/engine/parser';

const BREAKERS = ['(', '[', '{', ')', ']', '}', '"', "'", ':', ','];
const CASES = Number(process.env.CASES ?? 24);

describe('syntax errors kept to their statement', function () {
  this.timeout(120_000);
  const engine = Engine.create();

  for (const language of ['python', 'typescript'] as const) {
    it(`${language}: a bracket or quote typed into one function keeps the findings far from it`, async () => {
      const { generateLlmApp, prng } = await import('../scripts/bench/lib/llm-app-code.mjs');
      const text = generateLlmApp(language, 2000, 7);
      const file = language === 'python' ? 'app.py' : 'app.ts';
      const clean = await engine.analyzeText(file, text);
      const tree = await parse(language, text);
      // Breaks go into the bodies of top-level functions, which define nothing the rest reads.
      const functions = tree.rootNode.children
        .filter((c) => c && /function|decorated_definition|export_statement/.test(c.type) && text.slice(c.startIndex, c.endIndex).includes('\n'))
        .map((c) => ({ start: c!.startIndex, end: c!.endIndex }));
      tree.delete();
      const rand = prng(Number(process.env.SEED ?? 11));
      let broke = 0;
      for (let k = 0; k < CASES; k++) {
        const fn = functions[Math.floor(rand() * functions.length)];
        const bodyStart = text.indexOf('\n', fn.start) + 1;
        const at = bodyStart + Math.floor(rand() * (fn.end - bodyStart));
        const breaker = BREAKERS[k % BREAKERS.length];
        const broken = text.slice(0, at) + breaker + text.slice(at);
        const index = functions.indexOf(fn);
        // Far: outside the broken function and its neighbours.
        const near = { start: functions[Math.max(0, index - 1)].start, end: functions[Math.min(functions.length - 1, index + 1)].end };
        const far = clean.findings.filter((f) => f.location.endOffset <= near.start || f.location.startOffset >= near.end);
        const expected = far.map((f) => key(f, f.location.startOffset >= at ? breaker.length : 0)).sort();
        const what = `${JSON.stringify(breaker)} at line ${text.slice(0, at).split('\n').length}`;

        const fresh = await engine.analyzeText(file, broken);
        if (!fresh.notices.some((n) => n.reason === 'syntax-error')) continue;
        const docs = new DocumentAnalyzer(engine, { fixes: 'lazy' });
        const opened = await docs.open(file, broken, language);
        await docs.open(`edited-${file}`, text, language);
        const edited = await docs.change(`edited-${file}`, [{ rangeOffset: at, rangeLength: 0, text: breaker }], language);
        for (const [how, result] of [['analysed', fresh], ['opened', opened], ['edited', edited]] as const) {
          const missing = missingOf(expected, result, how === 'edited' ? `edited-${file}` : file);
          assert.deepEqual(missing, [], `${what}, ${how}: ${missing.length} of ${far.length} far findings lost`);
        }
        broke++;
      }
      assert.ok(broke >= CASES / 2, `only ${broke} of ${CASES} breaks made a syntax error`);
    });
  }
});

function key(f: Finding, shift: number): string {
  return `${f.ruleId}@${f.location.startOffset + shift}`;
}

function missingOf(expected: string[], result: FileResult, file: string): string[] {
  assert.equal(result.file, file);
  const have = new Set(result.findings.map((f) => key(f, 0)));
  return expected.filter((k) => !have.has(k));
}
