// Builds the analysis worker (src/engine/worker.ts) the way scripts/build.mjs does, into a
// temporary folder: tests of the pool then run real worker threads without a prior `npm run build`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';

const root = path.join(__dirname, '..');

/** The bundled worker script and a function that removes it. */
export async function buildWorkerBundle(): Promise<{ script: string; remove: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmsec-worker-'));
  const script = path.join(dir, 'worker.js');
  await build({
    entryPoints: [path.join(root, 'src', 'engine', 'worker.ts')],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
    logLevel: 'error',
  });
  return { script, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
