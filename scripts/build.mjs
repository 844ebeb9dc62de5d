// Bundles the CLI, the extension, the analysis worker and the webview script with esbuild.
// Type-checking is separate (`npm run typecheck`). Entry points that do not exist yet are skipped.
import { build } from 'esbuild';
import { existsSync, chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IMPORT_META_URL_BANNER, NODE_BUNDLE } from './lib/node-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');

const node = { ...NODE_BUNDLE, sourcemap: !production, minify: production, logLevel: 'warning' };
const targets = [
  { entryPoints: ['src/cli/bin.ts'], outfile: 'out/cli.js', ...node, banner: { js: `#!/usr/bin/env node\n${IMPORT_META_URL_BANNER}` } },
  { entryPoints: ['src/engine/worker.ts'], outfile: 'out/worker.js', ...node },
  { entryPoints: ['src/engine/index.ts'], outfile: 'out/engine.js', ...node },
  { entryPoints: ['src/extension/extension.ts'], outfile: 'out/extension.js', external: ['vscode'], ...node },
  { entryPoints: ['src/webview/main.ts'], outfile: 'out/webview.js', bundle: true, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: false, minify: production, logLevel: 'warning' },
];

const present = targets.filter((t) => existsSync(join(root, t.entryPoints[0])));
await Promise.all(present.map((t) => build({ ...t, absWorkingDir: root })));
if (existsSync(join(root, 'out/cli.js'))) chmodSync(join(root, 'out/cli.js'), 0o755);
console.log(`build: ${present.map((t) => t.outfile).join(', ')}`);
