/**
 * Worker-thread entry: each worker loads the grammars and rules once and analyses the files it
 * is sent, so a workspace scan uses every core and the editor's thread never parses.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Engine } from './engine';
import { analyzeFileAt } from './analyze-file';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './pool';

const init = workerData as WorkerInit;
const engine = Engine.create({ config: init.config, builtinRulesDir: init.builtinRulesDir });

parentPort?.on('message', (req: WorkerRequest) => {
  void handle(req).then((res) => parentPort?.postMessage(res));
});

async function handle(req: WorkerRequest): Promise<WorkerResponse> {
  try {
    if (req.kind === 'file') return { id: req.id, outcome: await analyzeFileAt(engine, req.file, req.root) };
    const result = await engine.analyzeText(req.file, req.text, { language: req.language, root: req.root });
    return { id: req.id, outcome: { result, notices: result.notices, analysed: true, skipped: false } };
  } catch (err) {
    return { id: req.id, error: (err as Error).stack ?? String(err) };
  }
}
