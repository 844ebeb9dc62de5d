#!/usr/bin/env node
// node scripts/bench/cache-scan.mjs — llmsec with the result cache on a copy of the corpus: a cold
// scan (empty cache), warm scans (nothing changed), and scans after changing 1% of the files
// (every 100th source file in path order gets a comment line appended, a new one each run, so
// each of those runs finds the same share changed). With --verify, the last changed run's JSON
// report is compared byte for byte with a scan of the same files without the cache.
// Prints a markdown table; writes .bench/results/cache-<timestamp>.json.
//
// Flags:
//   --corpus DIR     corpus to copy (default .bench/corpus; it is only read)
//   --work DIR       where the copy and the cache go (default .bench/cache-bench; replaced)
//   --runs N         warm and changed runs each (default 3)
//   --workers N      passes --workers N to llmsec
//   --verify         also compare the report with an uncached scan
//   --results DIR    where the JSON result goes (default .bench/results)
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchDir, corpusDir, llmsecCli, resultsDir } from './lib/paths.mjs';
import { measure } from './lib/measure.mjs';
import { isCorpusSource, listFiles } from './lib/source-files.mjs';
import { summarize } from './lib/stats.mjs';
import { describeMachine, formatMachine } from './lib/machine.mjs';

function parseArgs(argv) {
  const opts = { corpus: corpusDir, work: join(benchDir, 'cache-bench'), runs: 3, workers: undefined, verify: false, results: resultsDir };
  for (let i = 0; i < argv.length; i++) {
    const next = () => argv[++i] ?? (() => { throw new Error(`${argv[i - 1]} needs a value`); })();
    switch (argv[i]) {
      case '--corpus': opts.corpus = next(); break;
      case '--work': opts.work = next(); break;
      case '--runs': opts.runs = Number(next()); break;
      case '--workers': opts.workers = Number(next()); break;
      case '--verify': opts.verify = true; break;
      case '--results': opts.results = next(); break;
      default: throw new Error(`unknown flag ${argv[i]}`);
    }
  }
  return opts;
}

const TIMING = new Set(['timeout', 'fixes-timeout']);

/**
 * Byte-identical, or different only in files the budget ran out on in one of the scans (a loaded
 * machine can push a large file over its 10 s; the cache keeps the complete result of a run that
 * made it, and never stores a timed-out one).
 */
function compareReports(cachedText, freshText) {
  if (cachedText === freshText) return { ok: true, verdict: 'byte-identical' };
  const [cached, fresh] = [JSON.parse(cachedText), JSON.parse(freshText)];
  const timedOut = new Set([...cached.notices, ...fresh.notices].filter((n) => TIMING.has(n.reason)).map((n) => n.file));
  const strip = (r) => JSON.stringify(['findings', 'callSites', 'modelSources', 'notices'].map((k) => r[k].filter((x) => !timedOut.has(x.file ?? x.location?.file))));
  if (timedOut.size && strip(cached) === strip(fresh)) return { ok: true, verdict: `identical except where a scan ran out of time: ${[...timedOut].join(', ')}` };
  return { ok: false, verdict: 'DIFFERENT' };
}

async function scan(dir, { cacheDir, output = '/dev/null', workers, stderrPath }) {
  const args = [llmsecCli, 'scan', dir, '--format', 'json', '--output', output];
  if (cacheDir) args.push('--cache-dir', cacheDir);
  if (workers !== undefined) args.push('--workers', String(workers));
  const m = await measure(process.execPath, args, { stderrPath });
  if (m.exitCode !== 0 && m.exitCode !== 1) throw new Error(`llmsec exited ${m.exitCode}: ${readFileSync(stderrPath, 'utf8').slice(0, 2000)}`);
  // "llmsec: result cache DIR: N of M analysed files unchanged"
  const line = /result cache .*: (\d+) of (\d+) analysed files unchanged/.exec(readFileSync(stderrPath, 'utf8'));
  return { ...m, fromCache: line ? Number(line[1]) : undefined, analysed: line ? Number(line[2]) : undefined };
}

export async function main(argv = process.argv.slice(2)) {
  const opts = parseArgs(argv);
  if (!existsSync(opts.corpus)) throw new Error(`no corpus at ${opts.corpus}: run npm run bench:setup`);
  const copy = join(opts.work, 'corpus');
  const cacheDir = join(opts.work, 'cache');
  const stderrPath = join(opts.work, 'stderr.txt');
  rmSync(opts.work, { recursive: true, force: true });
  mkdirSync(opts.work, { recursive: true });
  cpSync(opts.corpus, copy, { recursive: true });
  const files = listFiles(copy).filter(isCorpusSource).map((f) => join(copy, f));
  const changed = files.filter((_, i) => i % 100 === 50);
  const startedAt = new Date();
  const machine = describeMachine();
  const rows = [];
  const record = (label, m) => {
    rows.push({ label, ...m });
    console.error(`${label}: ${(m.wallMs / 1000).toFixed(2)} s, CPU ${(m.cpuMs / 1000).toFixed(2)} s, ${m.peakRssMb.toFixed(0)} MB, ${m.fromCache} of ${m.analysed} from the cache, load ${m.loadBefore.toFixed(2)}`);
  };
  record('cold (empty cache)', await scan(copy, { cacheDir, workers: opts.workers, stderrPath }));
  for (let r = 1; r <= opts.runs; r++) {
    record('warm (nothing changed)', await scan(copy, { cacheDir, workers: opts.workers, stderrPath }));
    for (const f of changed) appendFileSync(f, f.endsWith('.py') ? `\n# llmsec cache benchmark: edit ${r}\n` : `\n// llmsec cache benchmark: edit ${r}\n`);
    const last = r === opts.runs;
    record(`1% of files changed (${changed.length})`, await scan(copy, { cacheDir, workers: opts.workers, stderrPath, output: last && opts.verify ? join(opts.work, 'cached.json') : '/dev/null' }));
  }
  let verified;
  if (opts.verify) {
    await scan(copy, { workers: opts.workers, stderrPath, output: join(opts.work, 'fresh.json') });
    verified = compareReports(readFileSync(join(opts.work, 'cached.json'), 'utf8'), readFileSync(join(opts.work, 'fresh.json'), 'utf8'));
  }
  const groups = [...new Set(rows.map((r) => r.label))].map((label) => {
    const rs = rows.filter((r) => r.label === label);
    return { label, runs: rs.length, wall: summarize(rs.map((r) => r.wallMs / 1000)), cpu: summarize(rs.map((r) => r.cpuMs / 1000)), peakRssMb: Math.max(...rs.map((r) => r.peakRssMb)), fromCache: rs[0].fromCache, analysed: rs[0].analysed };
  });
  console.log(`\n## llmsec result cache (${startedAt.toISOString()})\n`);
  console.log(`Machine: ${formatMachine(machine)}; load average ${machine.loadAverage1m.toFixed(2)} at start`);
  console.log(`Corpus: a copy of ${opts.corpus} (${files.length} source files); cache ${cacheDir}\n`);
  console.log('| scan | runs | median s | min s | max s | CPU s (median) | peak RSS MB | analysed files from the cache |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const g of groups) console.log(`| ${g.label} | ${g.runs} | ${g.wall.median.toFixed(2)} | ${g.wall.min.toFixed(2)} | ${g.wall.max.toFixed(2)} | ${g.cpu.median.toFixed(2)} | ${g.peakRssMb.toFixed(0)} | ${g.fromCache} of ${g.analysed} |`);
  if (verified !== undefined) console.log(`\nJSON report after the last change, cached vs. uncached: ${verified.verdict}`);
  const result = { kind: 'cache-scan', startedAt: startedAt.toISOString(), machine, options: opts, changedFiles: changed.length, rows, groups, verified };
  mkdirSync(opts.results, { recursive: true });
  const resultPath = join(opts.results, `cache-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(resultPath, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nResult: ${resultPath}`);
  if (verified?.ok === false) console.log(`Reports kept for comparison: ${join(opts.work, 'cached.json')} ${join(opts.work, 'fresh.json')}`);
  else rmSync(opts.work, { recursive: true, force: true });
  return { verified };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main()
    .then(({ verified }) => process.exit(verified?.ok === false ? 1 : 0))
    .catch((err) => {
      console.error(`cache benchmark failed: ${err.message}`);
      process.exit(1);
    });
}
