/**
 * Worker-thread entry: each worker loads the grammars and rules once and analyses the files it
 * is sent, so a workspace scan uses every core and the editor's thread never parses. Open
 * editor documents are kept here between changes (see LocalAnalysis in pool.ts).
 *
 * A worker retires when its parser can no longer be trusted to parse: its runtime aborted, or its
 * heap (which never shrinks) grew so far that the next hostile file could exhaust it. It answers
 * the request that got it there, marked `retire`, and drops the rest: the pool sends those to the
 * worker that replaces it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LocalAnalysis, type WorkerInit, type WorkerRequest, type WorkerResponse } from './pool';
import { DEFAULT_PARSE_HEAP_LIMIT, parserHeapBytes, parserRuntimeLost } from './parser';

const init = workerData as WorkerInit;
/**
 * A parse's own limit (parser.ts): it holds only for a parse that starts below it, since the heap
 * grows in jumps of up to 1 GB. Fuzzing found a parse that started near 1 GB and aborted.
 */
const retireAtBytes = init.parserHeap?.retireAtMb ? init.parserHeap.retireAtMb * 1024 * 1024 : DEFAULT_PARSE_HEAP_LIMIT;
// Results of open documents cross back as differences from the previous one: a file with a
// thousand findings is megabytes to copy, and an edit changes a few of them.
const analysis = new LocalAnalysis(init, { sendDeltas: true });
// With the rules handed over, the engine can be built before the first request arrives. A failure
// here is reported by the first request, which tries again.
if (init.rules) {
  try {
    analysis.warmUp();
  } catch {
    // see above
  }
}

let retired = false;

parentPort?.on('message', (req: WorkerRequest) => {
  if (retired) return;
  void analysis.handle(req).then((res) => {
    if (retired) return;
    retired = parserRuntimeLost() || parserHeapBytes() > retireAtBytes;
    const message: WorkerResponse = retired ? { ...res, retire: true } : res;
    parentPort?.postMessage(message);
  });
});
