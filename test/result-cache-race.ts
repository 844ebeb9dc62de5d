/**
 * One writer process of the result cache race test (test/result-cache.test.ts): two threads each
 * write the same 40 entries over and over, with results of a few hundred KB that name the writer,
 * and read them back in between. A read must be a miss or one writer's whole result.
 *   node --import tsx test/result-cache-race.ts CACHE_DIR WRITER
 */
import { Worker, isMainThread, parentPort, threadId, workerData } from 'node:worker_threads';
import { ResultCache } from '../src/engine/result-cache';
import type { FileResult } from '../src/engine/findings';

const ENTRIES = 40;
const ROUNDS = 4;

function result(k: number, writer: string): FileResult {
  const file = `/race/f${k}.py`;
  const message = `${writer} `.repeat(8_000);
  return { file, language: 'python', findings: [], callSites: [], modelSources: [], notices: [{ level: 'info', reason: 'syntax-error', file, message }], elapsedMs: 0 };
}

function race(dir: string, writer: string): { reads: number; hits: number } {
  const cache = new ResultCache(dir, 'race');
  let reads = 0;
  let hits = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < ENTRIES; k++) {
      const slot = cache.slot(`/race/f${k}.py`, `text ${k}`, '/race');
      slot.write(result(k, writer));
      const other = cache.slot(`/race/f${(k * 7 + round) % ENTRIES}.py`, `text ${(k * 7 + round) % ENTRIES}`, '/race').read();
      reads++;
      if (!other) continue;
      hits++;
      const words = new Set(other.notices[0].message.trim().split(' '));
      if (words.size !== 1 || other.notices.length !== 1) throw new Error(`torn entry: ${[...words].slice(0, 3).join(',')}`);
    }
  }
  if (cache.stats.writeErrors) throw new Error(`${cache.stats.writeErrors} write errors`);
  return { reads, hits };
}

if (isMainThread) {
  const [dir, writer] = process.argv.slice(2);
  const threads = [0, 1].map(
    (t) =>
      new Promise<{ reads: number; hits: number }>((resolve, reject) => {
        // tsx's loader does not carry over into worker threads: register it in the thread.
        const w = new Worker(`require('tsx/cjs'); require(${JSON.stringify(__filename)});`, { eval: true, workerData: { dir, writer: `w${writer}t${t}` } });
        w.once('message', resolve);
        w.once('error', reject);
      }),
  );
  const own = race(dir, `w${writer}main`);
  Promise.all(threads).then(
    (done) => {
      const total = [own, ...done].reduce((a, b) => ({ reads: a.reads + b.reads, hits: a.hits + b.hits }));
      process.stdout.write(`ok reads=${total.reads} hits=${total.hits} thread=${threadId}\n`);
    },
    (err: Error) => {
      process.stderr.write(`${err.stack}\n`);
      process.exitCode = 1;
    },
  );
} else {
  const { dir, writer } = workerData as { dir: string; writer: string };
  parentPort!.postMessage(race(dir, writer));
}
