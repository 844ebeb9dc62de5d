// Bundles the extension-host test suite with esbuild: the mocha entry (test/vscode/suite/
// index.ts, exporting run()) and one bundle per *.host-test.ts found under the suite folder,
// all into out/test/vscode/suite/ (or --out).
// `vscode` is provided by the extension host; mocha is loaded from node_modules at run time.
//
//   node scripts/vscode-test/build-suite.mjs [--suite DIR] [--out DIR]
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './lib/tools.mjs';

export const defaultSuiteDir = join(repoRoot, 'test', 'vscode', 'suite');
export const defaultSuiteOutDir = join(repoRoot, 'out', 'test', 'vscode', 'suite');

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(path));
    else if (entry.name.endsWith('.host-test.ts')) found.push(path);
  }
  return found.sort();
}

function shortPath(path) {
  const inRepo = relative(repoRoot, path);
  return inRepo.startsWith('..') ? path : inRepo;
}

/** Builds the suite; returns the path of the bundled entry (index.js) and the test count. */
export async function buildSuite({ suiteDir = defaultSuiteDir, outDir = defaultSuiteOutDir } = {}) {
  const tests = findTests(suiteDir);
  // Stale bundles of deleted or renamed suites would still run: start from an empty folder.
  rmSync(outDir, { recursive: true, force: true });
  await build({
    // The mocha entry is always the repository's; the tests may come from another folder
    // (--suite), which is how the harness itself is tried on a throwaway extension.
    entryPoints: [
      { in: join(defaultSuiteDir, 'index.ts'), out: 'index' },
      ...tests.map((test) => ({ in: test, out: relative(suiteDir, test).replace(/\.ts$/, '') })),
    ],
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
    absWorkingDir: repoRoot,
  });
  return { entry: join(outDir, 'index.js'), tests: tests.map(shortPath) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? resolve(process.argv[i + 1]) : undefined;
  };
  const { entry, tests } = await buildSuite({ suiteDir: arg('--suite'), outDir: arg('--out') });
  console.log(`build-suite: ${relative(repoRoot, entry)} + ${tests.length} suite file(s)`);
}
