// What the analysis pool does when a worker's parser is in danger or lost. Tree-sitter's
// WebAssembly heap is 2 GB at most and never shrinks; running out aborts the runtime for good.
// One parse may grow it to 512 MB (parser.ts); a worker whose heap grew past that, or whose
// runtime aborted anyway, retires and the pool replaces it (worker.ts, pool.ts). These tests use
// real worker threads, real grammars and real hostile text: `a<b<` repeated makes TypeScript's
// error recovery take about 1.2 KB of parser memory per byte.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { DEFAULT_CONFIG } from '../src/engine/api';
import { Engine } from '../src/engine/engine';
import type { FileResult } from '../src/engine/findings';
import { AnalysisPool, DocumentOutOfSyncError } from '../src/engine/pool';
import { RUNTIME_FAILED_HERE, STACK_OVERFLOWED } from '../src/engine/parser';
import { buildWorkerBundle, checkoutWorkerInit } from '../scripts/lib/worker-bundle';

const base = checkoutWorkerInit(DEFAULT_CONFIG);

/**
 * Fuzz case 70127 (it overflows Tree-sitter's C stack; kept outside test/fixtures so that no test
 * parses it on mocha's own thread) and a text whose parse then never returns in the same thread.
 */
function poisonedPair(): { poison: string; next: string } {
  return {
    poison: fs.readFileSync(path.join(__dirname, 'worker-only', 'parser-poison-fuzz-seed1-case70127.ts.txt'), 'utf8'),
    next: fs.readFileSync(path.join(__dirname, 'fixtures', 'regressions', 'fuzz-seed1-case820-error-root-children.ts'), 'utf8'),
  };
}

const VULNERABLE = `import subprocess
from openai import OpenAI

client = OpenAI()

def run(question):
    reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])
    subprocess.run(reply.choices[0].message.content, shell=True)
`;

/** 2,000,000 characters: under the default 2 MB file limit, and enough to exhaust the 2 GB heap. */
const HEAP_BOMB = 'a<b<'.repeat(500_000);

// Fingerprints include the file path; the files here differ only in name.
const summary = (r: FileResult) => r.findings.map((f) => `${f.ruleId}@${f.location.startOffset}-${f.location.endOffset} flow=${f.flow.length}`).sort();

describe('analysis pool: parser memory and worker replacement', function () {
  this.timeout(120_000);
  let workerScript: string;
  let removeBundle = () => {};
  let pool: AnalysisPool | undefined;
  const engine = Engine.create({ builtinRulesDir: base.builtinRulesDir });
  let expected: string[];

  before(async () => {
    ({ script: workerScript, remove: removeBundle } = await buildWorkerBundle());
    expected = summary(await engine.analyzeText('/ws/app.py', VULNERABLE, { root: '/ws' }));
    assert.ok(expected.length > 0, 'the vulnerable file has findings');
  });
  after(() => removeBundle());
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('skips a file whose parse needs too much parser memory (parse-memory), then analyses on in a fresh worker', async () => {
    pool = new AnalysisPool(base, 1, workerScript);
    const bomb = await pool.analyzeText('/ws/bomb.ts', HEAP_BOMB, '/ws');
    const notice = bomb.notices.find((n) => n.reason === 'parse-memory');
    assert.ok(notice, JSON.stringify(bomb.notices));
    assert.match(notice.message, /parsing needed more than 512 MB of parser memory/);
    assert.equal(bomb.result!.findings.length, 0);
    // The limit stopped the parse before the runtime aborted; the heap, past 512 MB now, will not
    // shrink, so the worker retired and a new one analyses the next file.
    const next = await pool.analyzeText('/ws/app.py', VULNERABLE, '/ws');
    assert.deepEqual(summary(next.result!), expected);
    assert.equal(pool.replacedWorkers, 1);
  });

  it('replaces a worker whose runtime aborted; the file says so and the requests behind it are answered', async () => {
    // Without the heap limit, the bomb exhausts the 2 GB heap and emscripten aborts. It takes
    // about 4 s to get there, which a loaded machine would stretch past the 5 s parse budget.
    const config = { ...DEFAULT_CONFIG, parseTimeoutMs: 60_000, fileTimeoutMs: 90_000 };
    pool = new AnalysisPool({ ...base, config, parserHeap: { parseLimitMb: 4096, retireAtMb: 4096 } }, 1, workerScript);
    const opened = await pool.openDocument('/ws/open.py', VULNERABLE, 'python', '/ws');
    assert.deepEqual(summary(opened), expected);
    const bomb = pool.analyzeText('/ws/bomb.ts', HEAP_BOMB, '/ws');
    const behind = [1, 2, 3].map((i) => pool!.analyzeText(`/ws/app${i}.py`, VULNERABLE, '/ws'));
    const lost = await bomb;
    assert.ok(
      lost.notices.some((n) => n.reason === 'parse-error' && /runtime failed on this file \(out of memory, or a trap\)/.test(n.message)),
      JSON.stringify(lost.notices),
    );
    for (const outcome of await Promise.all(behind)) assert.deepEqual(summary(outcome.result!), expected);
    assert.equal(pool.replacedWorkers, 1);
    assert.equal(pool.threads, 1);
    // The document lived in the lost worker: a change reports it, and opening it again works.
    await assert.rejects(pool.changeDocument('/ws/open.py', [{ rangeOffset: 0, rangeLength: 0, text: '#\n' }], 'python', '/ws', VULNERABLE.length + 2), DocumentOutOfSyncError);
    assert.deepEqual(summary(await pool.openDocument('/ws/open.py', VULNERABLE, 'python', '/ws')), expected);
  });

  it('a text whose parse ends by asking for more than the 2 GB heap is reported on its file, and the next is analysed (fuzz seed 7, case 4338; seed 3, case 80672)', async () => {
    // 12.5 MB of unclosed generics, 36,180 deep on each of 58 lines (4338), and 8.2 MB of them
    // with lines repeated and characters corrupted (80672): the heap stays under 512 MB through
    // every callback, then the end of the parse, which calls none of ours, asks for more than the
    // rest of the 2 GB at once. Only a raised size limit lets them reach the parser (the fuzzer's
    // 16 MB); not prevented, contained. Gzipped: 19 KB and 12 KB.
    const config = { ...DEFAULT_CONFIG, maxFileBytes: 16 * 1024 * 1024, parseTimeoutMs: 60_000, fileTimeoutMs: 90_000 };
    pool = new AnalysisPool({ ...base, config }, 1, workerScript);
    for (const name of ['runtime-abort-fuzz-seed7-case4338.mts.gz', 'runtime-abort-fuzz-seed3-case80672.mts.gz']) {
      const text = zlib.gunzipSync(fs.readFileSync(path.join(__dirname, 'worker-only', name))).toString('utf8');
      const lost = await pool.analyzeText('/ws/deep.mts', text, '/ws', 'typescript');
      assert.ok(
        lost.notices.some((n) => n.reason === 'parse-error' && n.message.includes(RUNTIME_FAILED_HERE)),
        `${name}: ${JSON.stringify(lost.notices)}`,
      );
      assert.deepEqual(summary((await pool.analyzeText('/ws/app.py', VULNERABLE, '/ws')).result!), expected);
    }
    assert.equal(pool.replacedWorkers, 2);
  });

  it('retires a worker whose parser heap grew past its limit, after answering in full', async () => {
    // The heap starts at 32 MB; a 100,000-character bomb grows it past 40 MB but not past the parse limit.
    pool = new AnalysisPool({ ...base, parserHeap: { retireAtMb: 40 } }, 1, workerScript);
    const grown = await pool.analyzeText('/ws/grow.ts', 'a<b<'.repeat(25_000), '/ws');
    assert.deepEqual(grown.notices.filter((n) => n.reason !== 'syntax-error'), []);
    const next = await pool.analyzeText('/ws/app.py', VULNERABLE, '/ws');
    assert.deepEqual(summary(next.result!), expected);
    assert.equal(pool.replacedWorkers, 1);
  });

  it('a parse that overflows Tree-sitter\'s C stack is reported on its file; the next file gets a fresh worker at once', async () => {
    // Found by fuzzing (seed 1, case 70127).
    const { poison, next } = poisonedPair();
    pool = new AnalysisPool({ ...base, watchdogMs: 60_000 }, 1, workerScript);
    const failed = await pool.analyzeText('/ws/poison.ts', poison, '/ws', 'typescript');
    assert.ok(failed.notices.some((n) => n.reason === 'parse-error' && n.message.includes(RUNTIME_FAILED_HERE) && n.message.includes(STACK_OVERFLOWED)), JSON.stringify(failed.notices));
    const started = performance.now();
    const after = await pool.analyzeText('/ws/next.ts', next, '/ws');
    assert.deepEqual(after.notices.filter((n) => n.reason !== 'syntax-error'), []);
    assert.ok(performance.now() - started < 20_000, 'no watchdog wait');
    assert.deepEqual(summary((await pool.analyzeText('/ws/app.py', VULNERABLE, '/ws')).result!), expected);
    assert.equal(pool.replacedWorkers, 1);
  });

  it('replaces a worker that hangs inside Tree-sitter; that file is reported as timed out, the rest answered', async () => {
    // The same pair with the stack check off: the poison parse returns, the next one never does,
    // and only the watchdog can end it (as for any hang in Tree-sitter not yet known).
    const { poison, next } = poisonedPair();
    pool = new AnalysisPool({ ...base, watchdogMs: 3_000, parserStackCheck: false }, 1, workerScript);
    await pool.analyzeText('/ws/poison.ts', poison, '/ws', 'typescript');
    const started = performance.now();
    const hung = await pool.analyzeText('/ws/next.ts', next, '/ws');
    const notice = hung.notices.find((n) => n.reason === 'timeout');
    assert.ok(notice && /stopped answering for 3 s \(its worker was replaced\)/.test(notice.message), JSON.stringify(hung.notices));
    assert.ok(performance.now() - started < 10_000, 'the watchdog acted within a few seconds');
    assert.deepEqual(summary((await pool.analyzeText('/ws/app.py', VULNERABLE, '/ws')).result!), expected);
    assert.equal(pool.replacedWorkers, 1);
  });

  it('sends the requests of a worker that died to its replacement', async () => {
    pool = new AnalysisPool(base, 1, workerScript);
    await pool.engineInfo(); // the worker is up
    const inFlight = [1, 2].map((i) => pool!.analyzeText(`/ws/app${i}.py`, VULNERABLE, '/ws'));
    // As if the thread crashed: it exits with code 1 before answering.
    const slots = (pool as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots;
    await slots[0].worker.terminate();
    for (const outcome of await Promise.all(inFlight)) assert.deepEqual(summary(outcome.result!), expected);
    assert.equal(pool.replacedWorkers, 1);
    assert.equal(pool.threads, 1);
  });
});
