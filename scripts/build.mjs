// Bundles the CLI, the extension, the analysis worker and the webview script with esbuild.
// Type-checking is separate (`npm run typecheck`). Entry points that do not exist yet are skipped.
import { build } from 'esbuild';
import { existsSync, chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');

const node = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: !production, minify: production, logLevel: 'warning', mainFields: ['module', 'main'] };
const targets = [
  { entryPoints: ['src/cli/main.ts'], outfile: 'out/cli.js', banner: { js: '#!/usr/bin/env node' }, ...node },
  { entryPoints: ['src/engine/worker.ts'], outfile: 'out/worker.js', ...node },
  { entryPoints: ['src/extension/extension.ts'], outfile: 'out/extension.js', external: ['vscode'], ...node },
  { entryPoints: ['src/webview/main.ts'], outfile: 'out/webview.js', bundle: true, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: false, minify: production, logLevel: 'warning' },
];

const present = targets.filter((t) => existsSync(join(root, t.entryPoints[0])));
await Promise.all(present.map((t) => build({ ...t, absWorkingDir: root })));
if (existsSync(join(root, 'out/cli.js'))) chmodSync(join(root, 'out/cli.js'), 0o755);
console.log(`build: ${present.map((t) => t.outfile).join(', ')}`);
