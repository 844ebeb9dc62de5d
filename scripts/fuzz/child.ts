/**
 * One fuzzing process of the long run (scripts/fuzz.ts): analyses cases start, start + step, ...
 * and reports each to the parent before and after, so a case that hangs or kills the process is
 * known by its index. Run with `--import tsx` through child_process.fork.
 *
 * With a worker script, the cases go to an analysis pool of one worker thread, as in the CLI and
 * the editor: what the pool contains (a worker that hangs or whose parser is spent is replaced)
 * shows as the user would see it. Without one, the engine runs on this thread.
 */
import type { EngineConfig } from '../../src/engine/api';
import { AnalysisPool } from '../../src/engine/pool';
import { checkoutWorkerInit } from '../lib/worker-bundle';
import { loadCorpus } from './corpus';
import { generateCase, type CaseOptions } from './cases';
import { runCase, type CaseOutcome } from './check';
import { DEFAULT_PARSE_HEAP_LIMIT, parserHeapBytes, parserRuntimeLost } from '../../src/engine/parser';

export interface ChildJob {
  seed: number;
  start: number;
  step: number;
  end: number;
  caseOptions: CaseOptions;
  hangMs: number;
  config: EngineConfig;
  /** Every this many cases also go through the editor's incremental path (0: none). */
  editorEvery: number;
  /** The bundled analysis worker (scripts/lib/worker-bundle.ts); none: analyse on this thread. */
  workerScript?: string;
}

export type ChildMessage =
  | { type: 'start'; index: number }
  | { type: 'done'; outcome: CaseOutcome; maxRssKb: number; text?: string }
  /** Every 1,000 cases, after a full garbage collection: what is still alive (a leak would grow). */
  | { type: 'live'; heapMb: number; externalMb: number }
  /** The process stops here; a new one goes on from case `next`. */
  | { type: 'recycle'; next: number }
  /** Workers the pool replaced (retired, hung or died), sent when the process ends its cases. */
  | { type: 'replaced'; workers: number }
  | { type: 'finished' };

process.on('message', (job: ChildJob) => {
  void run(job).then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`fuzz child failed: ${(err as Error).stack}\n`);
      process.exit(3);
    },
  );
});

async function run(job: ChildJob): Promise<void> {
  const corpus = loadCorpus();
  const pool = new AnalysisPool(checkoutWorkerInit(job.config), job.workerScript ? 1 : 0, job.workerScript);
  for (let i = job.start; i < job.end; i += job.step) {
    // Announced before it is generated: a generator that fails takes the process down with it.
    await send({ type: 'start', index: i });
    const c = generateCase(corpus, job.seed, i, job.caseOptions);
    const outcome = await runCase(pool, c, { hangMs: job.hangMs, editor: job.editorEvery > 0 && i % job.editorEvery === 0 });
    const failed = outcome.status !== 'ok' && outcome.status !== 'skipped';
    // The input of a failure goes to the parent, which saves it for a regression fixture.
    await send({ type: 'done', outcome, maxRssKb: process.resourceUsage().maxRSS, ...(failed ? { text: c.text } : {}) });
    // Analysing on this thread, the process does what a worker does (worker.ts): a parser heap that
    // grew past its limit, or a lost runtime, gets a fresh process from the next case on.
    if (parserRuntimeLost() || parserHeapBytes() > DEFAULT_PARSE_HEAP_LIMIT) {
      await send({ type: 'recycle', next: i + job.step });
      return;
    }
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc && ((i - job.start) / job.step) % 1000 === 999) {
      gc();
      const m = process.memoryUsage();
      await send({ type: 'live', heapMb: m.heapUsed / 1024 / 1024, externalMb: m.external / 1024 / 1024 });
    }
  }
  await send({ type: 'replaced', workers: pool.replacedWorkers });
  await pool.close();
  await send({ type: 'finished' });
}

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}
