/**
 * npm run bench:broken — how many findings survive syntax errors (what a file being typed has).
 *
 *  1. Breaks: in a generated 2,000-line LLM app per language (scripts/bench/lib/llm-app-code.mjs),
 *     one bracket, quote, colon or comma typed at a random place; the findings of the clean file
 *     outside the broken top-level statement and its two neighbours ("far" findings) should all
 *     still be found at their moved place. Counted per breaker: breaks that made a syntax error,
 *     far findings expected, far findings lost. An opened `"""` or backquote is left out: the rest
 *     of the file is then a string and its findings are rightly gone.
 *  2. Typing: the editing benchmark's typing sequence (new statements typed one character at a
 *     time, so most states between keystrokes are broken) through the editor's incremental path;
 *     the findings missing against the file before typing, mean and worst over the states.
 *
 * Flags: --cases N (150 per language), --seed N (11), --typing N (200 keystrokes). Prints
 * tables; asserts nothing.
 */
import { parseArgs } from 'node:util';
import { Engine } from '../src/engine/engine';
import { DocumentAnalyzer } from '../src/engine/documents';
import type { LanguageId } from '../src/engine/ir';
import { parse } from '../src/engine/parser';

const BREAKERS = ['(', '[', '{', ')', ']', '}', '"', "'", ':', ','];
const LANGUAGES: LanguageId[] = ['python', 'typescript'];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { cases: { type: 'string', default: '150' }, seed: { type: 'string', default: '11' }, typing: { type: 'string', default: '200' } } });
  const cases = Number(values.cases);
  const seed = Number(values.seed);
  const keystrokes = Number(values.typing);
  const { generateLlmApp, prng } = await import('./bench/lib/llm-app-code.mjs');
  const { typingSequence, applyEdit } = await import('./bench/lib/edit-sequence.mjs');
  const engine = Engine.create();

  console.log(`Breaks: ${cases} per language, seed ${seed}`);
  console.log('| language | breaker | breaks | with a syntax error | far findings expected | far findings lost |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const language of LANGUAGES) {
    const text = generateLlmApp(language as 'python' | 'typescript', 2000, 7);
    const file = language === 'python' ? 'app.py' : 'app.ts';
    const clean = await engine.analyzeText(file, text);
    const tree = await parse(language, text);
    const tops = tree.rootNode.children.flatMap((c) => (c ? [{ start: c.startIndex, end: c.endIndex }] : []));
    tree.delete();
    const rand = prng(seed);
    const rows = new Map(BREAKERS.map((b) => [b, { breaks: 0, broken: 0, expected: 0, lost: 0 }]));
    for (let k = 0; k < cases; k++) {
      const breaker = BREAKERS[Math.floor(rand() * BREAKERS.length)];
      const at = Math.floor(rand() * text.length);
      const i = tops.findIndex((t) => t.start <= at && at < t.end);
      if (i < 0) continue;
      const row = rows.get(breaker)!;
      row.breaks++;
      const result = await engine.analyzeText(file, text.slice(0, at) + breaker + text.slice(at));
      if (!result.notices.some((n) => n.reason === 'syntax-error')) continue;
      row.broken++;
      const near = { start: tops[Math.max(0, i - 1)].start, end: tops[Math.min(tops.length - 1, i + 1)].end };
      const far = clean.findings.filter((f) => f.location.endOffset <= near.start || f.location.startOffset >= near.end);
      const found = new Set(result.findings.map((f) => `${f.ruleId}@${f.location.startOffset}`));
      row.expected += far.length;
      row.lost += far.filter((f) => !found.has(`${f.ruleId}@${f.location.startOffset + (f.location.startOffset >= at ? breaker.length : 0)}`)).length;
    }
    for (const [breaker, r] of rows) console.log(`| ${language} | \`${breaker}\` | ${r.breaks} | ${r.broken} | ${r.expected} | ${r.lost} |`);
    const all = [...rows.values()].reduce((a, r) => ({ broken: a.broken + r.broken, expected: a.expected + r.expected, lost: a.lost + r.lost }), { broken: 0, expected: 0, lost: 0 });
    console.log(`| ${language} | all | ${cases} | ${all.broken} | ${all.expected} | **${all.lost}** |`);
  }

  console.log(`\nTyping (${keystrokes} keystrokes per file, the editor's incremental path)`);
  console.log('| language | findings before | states with a syntax error | missing per state, mean | missing, worst |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const language of LANGUAGES) {
    let text = generateLlmApp(language as 'python' | 'typescript', 2000, 2042);
    const file = language === 'python' ? 'typed.py' : 'typed.ts';
    const docs = new DocumentAnalyzer(engine, { fixes: 'lazy' });
    const before = (await docs.open(file, text, language)).findings.length;
    let broken = 0;
    let missing = 0;
    let worst = 0;
    const edits = typingSequence(text, keystrokes, 42, language);
    for (const e of edits) {
      const result = await docs.change(file, [{ rangeOffset: e.start, rangeLength: e.end - e.start, text: e.text }], language);
      text = applyEdit(text, e);
      if (result.notices.some((n) => n.reason === 'syntax-error')) broken++;
      const gone = Math.max(0, before - result.findings.length);
      missing += gone;
      worst = Math.max(worst, gone);
    }
    console.log(`| ${language} | ${before} | ${broken} of ${edits.length} | ${(missing / edits.length).toFixed(1)} | ${worst} |`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
