// Builds the analysis worker (src/engine/worker.ts) with scripts/build.mjs's settings, into a
// temporary folder: tests of the pool and the fuzzer then run real worker threads without a prior
// `npm run build`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import type { EngineConfig } from '../../src/engine/api';
import type { WorkerInit } from '../../src/engine/pool';

const root = path.join(__dirname, '..', '..');

/** The bundled worker script and a function that removes it. */
export async function buildWorkerBundle(): Promise<{ script: string; remove: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmsec-worker-'));
  const script = path.join(dir, 'worker.js');
  const { NODE_BUNDLE } = await import('./node-bundle.mjs');
  await build({ ...NODE_BUNDLE, entryPoints: [path.join(root, 'src', 'engine', 'worker.ts')], outfile: script, logLevel: 'error' });
  return { script, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A pool's settings with this checkout's rules and grammars (the bundle has neither beside it). */
export function checkoutWorkerInit(config: EngineConfig): WorkerInit {
  return { config, builtinRulesDir: path.join(root, 'rules'), grammarDir: path.join(root, 'grammars') };
}
