#!/usr/bin/env node
// Where a scan's time goes, phase by phase, on one thread: read, prefilter, parse, lower,
// interpret, build findings, over the files a scan would see.
//   node scripts/bench/phases.mjs [DIR ...] [--repeat N]
// (default DIR: .bench/corpus/js and .bench/corpus/py). --repeat N scans each directory N times
// and reports the last pass (warmed-up code). The script bundles lib/phases.ts with the CLI's
// esbuild settings first: tsx's transpiled sources run slower than the bundle.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_BUNDLE } from '../lib/node-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'llmsec-phases-'));
const outfile = join(dir, 'phases.cjs');
try {
  await build({
    entryPoints: [join(root, 'scripts/bench/lib/phases.ts')],
    outfile,
    ...NODE_BUNDLE,
    logLevel: 'warning',
  });
  await createRequire(import.meta.url)(outfile).main(process.argv.slice(2), root);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
