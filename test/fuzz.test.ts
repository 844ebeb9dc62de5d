/**
 * The quick fuzz run of the test command: seeded, so a failure names a case that
 * `npx tsx scripts/fuzz.ts --seed <seed> --only <index>` reproduces. The long run (100,000 cases,
 * 10 MB files) is scripts/fuzz.ts; its figures are in SECURITY.md. As there, the cases go through an
 * analysis pool with a real worker thread, the way the CLI and the editor analyse.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Engine } from '../src/engine/engine';
import { DEFAULT_CONFIG } from '../src/engine/api';
import { AnalysisPool } from '../src/engine/pool';
import { decodeSource } from '../src/engine/source-file';
import { DocumentAnalyzer } from '../src/engine/documents';
import { languageForPath } from '../src/engine/languages';
import type { FileResult } from '../src/engine/findings';
import { loadCorpus, type SeedFile } from '../scripts/fuzz/corpus';
import { generateCase, HOSTILE_UNICODE, MAX_MUTATED_CHARS, type FuzzCase } from '../scripts/fuzz/cases';
import { runCase, type CaseOutcome } from '../scripts/fuzz/check';
import { buildWorkerBundle, checkoutWorkerInit } from '../scripts/lib/worker-bundle';

const SEED = 20_251_122;
/** Generous: the machine running the tests may be shared and loaded. */
const HANG_MS = DEFAULT_CONFIG.fileTimeoutMs * 2;

function describeFailures(failures: CaseOutcome[]): string {
  return failures.map((f) => `case ${f.index} ${f.status}: ${f.label}: ${(f.problem ?? '').split('\n').slice(0, 4).join(' | ')}`).join('\n');
}

describe('fuzz: hostile source files (quick run)', function () {
  this.timeout(240_000);
  let engine: Engine;
  let pool: AnalysisPool;
  let removeBundle = () => {};
  let corpus: SeedFile[];

  before(async () => {
    // As in the long run: the size limit raised so that large inputs reach the engine.
    const config = { ...DEFAULT_CONFIG, maxFileBytes: 16 * 1024 * 1024 };
    engine = Engine.create({ config });
    const bundle = await buildWorkerBundle();
    removeBundle = bundle.remove;
    pool = new AnalysisPool(checkoutWorkerInit(config), 1, bundle.script);
    // Without the big regression inputs (each takes seconds): they have their own test.
    corpus = loadCorpus({ maxChars: 64 * 1024 });
  });
  after(async () => {
    await pool?.close();
    removeBundle();
  });

  it('the corpus covers every language the engine reads', () => {
    const exts = new Set(corpus.map((f) => f.ext));
    for (const ext of ['py', 'js', 'ts', 'tsx']) assert.ok(exts.has(ext), `no .${ext} seed file`);
  });

  it(`analyses 600 generated and mutated inputs (seed ${SEED}) without a crash, a hang or a broken result`, async () => {
    const failures: CaseOutcome[] = [];
    const kinds = new Map<string, number>();
    for (let i = 0; i < 600; i++) {
      const c = generateCase(corpus, SEED, i, { small: true, maxDepth: 200_000 });
      kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
      // Every third case is also edited as an editor document (the incremental path).
      const outcome = await runCase(pool, c, { hangMs: HANG_MS, editor: i % 3 === 0 });
      if (outcome.status !== 'ok' && outcome.status !== 'skipped') failures.push(outcome);
    }
    assert.equal(failures.length, 0, describeFailures(failures));
    // Every generator took part.
    for (const kind of ['mutate', 'splice', 'tokens', 'bytes', 'unicode', 'deep', 'analysis', 'runs']) assert.ok(kinds.get(kind), `no '${kind}' case`);
  });

  it('survives any mix of tokens, hostile characters and lone surrogates (fast-check)', async () => {
    const token = fc.oneof(
      fc.constantFrom('(', ')', '[', ']', '{', '}', '"', "'", '`', '${', '"""', '\n', '    ', ':', '=>', 'def ', 'function ', 'class ', 'if ', 'for ', 'import ', 'from ', 'eval(', 'os.system(', 'client.chat.completions.create(', 'request.args', 'req.body', '# llmsec-ignore[', '// llmsec-ignore[', '/*', '*/', '<div>', '</', '\\'),
      fc.constantFrom(...HOSTILE_UNICODE),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u)),
      fc.string({ unit: 'binary', maxLength: 8 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 300 }), fc.constantFrom('py', 'js', 'ts', 'tsx', 'jsx'), async (tokens, ext) => {
        const c: FuzzCase = { index: 0, kind: 'tokens', label: 'fast-check', ext, text: tokens.join('') };
        const outcome = await runCase(pool, c, { hangMs: HANG_MS });
        assert.ok(outcome.status === 'ok' || outcome.status === 'skipped', `${outcome.status}: ${outcome.problem}`);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('reads arbitrary bytes as a file: binary content skipped, invalid UTF-8 read as Latin-1 (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        const read = decodeSource('/fuzz/bytes.py', bytes);
        if ('skipped' in read) {
          assert.equal(read.skipped.reason, 'binary');
          assert.ok(bytes.subarray(0, 8192).includes(0));
          return;
        }
        assert.ok(!bytes.subarray(0, 8192).includes(0));
        const outcome = await runCase(pool, { index: 0, kind: 'bytes', label: 'fast-check bytes', ext: 'py', text: read.text }, { hangMs: HANG_MS });
        assert.ok(outcome.status === 'ok' || outcome.status === 'skipped', `${outcome.status}: ${outcome.problem}`);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("the editor's incremental analysis of a mutation agrees with a fresh analysis of the result", async () => {
    const docs = new DocumentAnalyzer(engine);
    const key = (r: FileResult): string => r.findings.map((f) => `${f.ruleId}@${f.location.startOffset}-${f.location.endOffset}${f.suppression ? ' suppressed' : ''}`).sort().join('\n');
    let compared = 0;
    for (let i = 0; compared < 25 && i < 300; i++) {
      const c = generateCase(corpus, SEED + 1, i, { small: true });
      const seedFile = corpus.find((f) => c.kind === 'mutate' && c.label.startsWith(`${f.path} (`));
      if (!seedFile) continue;
      const file = `/fuzz/document-${i}.${seedFile.ext}`;
      const language = languageForPath(file)!;
      // The mutation as one edit: the changed middle between the common prefix and suffix.
      const [before, after] = [seedFile.text, c.text];
      let p = 0;
      while (p < before.length && p < after.length && before[p] === after[p]) p++;
      let s = 0;
      while (s < before.length - p && s < after.length - p && before[before.length - 1 - s] === after[after.length - 1 - s]) s++;
      await docs.open(file, before, language);
      const incremental = await docs.change(file, [{ rangeOffset: p, rangeLength: before.length - p - s, text: after.slice(p, after.length - s) }], language);
      docs.close(file);
      const fresh = await engine.analyzeText(file, after, { language });
      if ([...incremental.notices, ...fresh.notices].some((n) => n.reason === 'timeout')) continue;
      compared++;
      assert.equal(key(incremental), key(fresh), `case ${i}: ${c.label}`);
    }
    assert.ok(compared >= 15, `only ${compared} comparisons`);
  });

  it('builds cases from a seed file with a 10 MB line: repeated lines stop at the size cap instead of past the longest string', () => {
    // Seed 3, case 62362 of the long run repeated a long line until the text was over V8's limit.
    const seed: SeedFile[] = [{ path: 'long-line.py', ext: 'py', text: `import os\n${'x = 1; '.repeat(1_500_000)}\nprint(os)\n` }];
    let repeated = 0;
    // Case 98 of these went past the limit before the cap (and four more up to 400).
    for (let i = 0; i < 100; i++) {
      const c = generateCase(seed, SEED, i);
      if (c.label.includes('repeatLine')) repeated++;
      assert.ok(c.text.length <= MAX_MUTATED_CHARS, `case ${i}: ${c.text.length} characters`);
    }
    assert.ok(repeated >= 3, `only ${repeated} cases repeated a line`);
  });

  it('generates the same case for the same seed and index, and different ones otherwise', () => {
    const a = generateCase(corpus, SEED, 17);
    const b = generateCase(corpus, SEED, 17);
    assert.equal(a.text, b.text);
    assert.equal(a.label, b.label);
    const others = [generateCase(corpus, SEED, 18), generateCase(corpus, SEED + 1, 17)];
    assert.ok(others.every((o) => o.text !== a.text || o.label !== a.label));
  });
});
