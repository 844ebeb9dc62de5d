/**
 * Worker-thread entry: each worker loads the grammars and rules once and analyses the files it
 * is sent, so a workspace scan uses every core and the editor's thread never parses. Open
 * editor documents are kept here between changes (see LocalAnalysis in pool.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LocalAnalysis, type WorkerInit, type WorkerRequest } from './pool';

const init = workerData as WorkerInit;
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

parentPort?.on('message', (req: WorkerRequest) => {
  void analysis.handle(req).then((res) => parentPort?.postMessage(res));
});
