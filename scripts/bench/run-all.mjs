#!/usr/bin/env node
// npm run bench — the scan benchmark (bench:scan) then the edit benchmark (bench:edit).
// Arguments other than --smoke go to the scan benchmark (see scan.mjs for its flags).
//
// --smoke: a quick check that the whole harness still works, for the test suite
// (test/bench-smoke.test.ts): a generated corpus of a few files in .bench/smoke (no download),
// one timed run and no warm-up, scaling with llmsec and ast-grep, and a short edit run. Finishes in seconds.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchDir } from './lib/paths.mjs';
import { writeSmokeCorpus } from './lib/smoke-corpus.mjs';
import { formatTotals } from './lib/source-files.mjs';
import { main as scanMain } from './scan.mjs';
import { main as editMain } from './edit.mjs';

export async function main(argv = process.argv.slice(2)) {
  const smoke = argv.includes('--smoke');
  const rest = argv.filter((a) => a !== '--smoke');
  let scanArgs = rest;
  let editArgs = [];
  if (smoke) {
    const smokeDir = join(benchDir, 'smoke');
    const corpus = join(smokeDir, 'corpus');
    console.log(formatTotals('smoke corpus', writeSmokeCorpus(corpus)));
    const results = join(smokeDir, 'results');
    rmSync(results, { recursive: true, force: true }); // keep only the latest smoke result
    scanArgs = ['--corpus', corpus, '--runs', '1', '--warmup', '0', '--scale-tools', 'llmsec,ast-grep', '--results', results, ...rest];
    editArgs = ['--sizes', '300', '--edits', '20', '--results', results];
  }
  const scan = await scanMain(scanArgs, smoke ? () => {} : undefined);
  const edit = await editMain(editArgs);
  return { scan, edit };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main()
    .then(({ scan }) => process.exit(scan.failed ? 1 : 0))
    .catch((err) => {
      console.error(`bench failed: ${err.message}`);
      process.exit(1);
    });
}
