#!/usr/bin/env node
// npm run bench:scan — wall time, CPU time and peak RSS of llmsec, ast-grep and Bandit over the
// benchmark corpus (npm run bench:setup first), with the ratios the performance goal asks for:
// llmsec/ast-grep on the whole corpus, bandit/llmsec on the Python part, llmsec's peak RSS, and
// llmsec's time at 1x, 2x and 4x the corpus. Prints a markdown table and writes
// .bench/results/scan-<timestamp>.json.
//
// Flags:
//   --runs N             timed runs per measurement (default 5)
//   --warmup N           untimed runs before them (default 1)
//   --corpus DIR         corpus folder with js/ and py/ (default .bench/corpus); DIR-2x, DIR-4x scale it
//   --tools a,b          any of llmsec,ast-grep,bandit (default all three)
//   --scales 1,2,4       corpus multiples for the scaling figures (default 1,2,4; "1" = no scaling)
//   --scale-tools a,b    tools timed at the larger scales (default llmsec)
//   --ast-grep-rules R   ast-grep's rule set: 'equivalent' (default: every sink and call-site name
//                        of llmsec's rules, scripts/bench/ast-grep-equivalent-rules.mjs) or 'sampled'
//                        (43 hand-picked patterns, scripts/bench/ast-grep-rules.mjs)
//   --workers N          passes --workers N to llmsec
//   --llmsec-arg X       extra argument for llmsec (repeatable)
//   --llmsec-cli PATH    another llmsec CLI script instead of out/cli.js (e.g. to compare builds)
//   --no-warm-cache      leave out the row of llmsec with a warm result cache (whole corpus; a
//                        separate tool, 'llmsec-cache', never used for the ratios or the scaling)
//   --results DIR        where the JSON result goes (default .bench/results)
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusDir, resultsDir } from './lib/paths.mjs';
import { astGrepTool, banditTool, llmsecTool } from './lib/tools.mjs';
import { deriveFigures, planJobs, runJobs } from './lib/scan-bench.mjs';
import { figureLines, measurementsTable } from './lib/report.mjs';
import { describeMachine, formatMachine } from './lib/machine.mjs';
import { hasGnuTime } from './lib/measure.mjs';

export function parseArgs(argv) {
  const opts = { runs: 5, warmups: 1, corpus: corpusDir, tools: ['llmsec', 'ast-grep', 'bandit'], scales: [1, 2, 4], scaleTools: ['llmsec'], workers: undefined, llmsecArgs: [], llmsecCli: undefined, results: resultsDir, warmCache: true, astGrepRules: 'equivalent' };
  for (let i = 0; i < argv.length; i++) {
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
      return argv[++i];
    };
    const list = (v) => v.split(',').map((x) => x.trim()).filter(Boolean);
    switch (argv[i]) {
      case '--runs': opts.runs = Number(next()); break;
      case '--warmup': opts.warmups = Number(next()); break;
      case '--corpus': opts.corpus = next(); break;
      case '--tools': opts.tools = list(next()); break;
      case '--scales': opts.scales = list(next()).map(Number); break;
      case '--scale-tools': opts.scaleTools = list(next()); break;
      case '--workers': opts.workers = Number(next()); break;
      case '--llmsec-arg': opts.llmsecArgs.push(next()); break;
      case '--llmsec-cli': opts.llmsecCli = next(); break;
      case '--results': opts.results = next(); break;
      case '--no-warm-cache': opts.warmCache = false; break;
      case '--ast-grep-rules': opts.astGrepRules = next(); break;
      default: throw new Error(`unknown flag ${argv[i]}`);
    }
  }
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error('--runs must be a positive integer');
  if (!Number.isInteger(opts.warmups) || opts.warmups < 0) throw new Error('--warmup must be 0 or more');
  return opts;
}

export async function main(argv = process.argv.slice(2), log = (line) => console.error(line)) {
  const opts = parseArgs(argv);
  if (!existsSync(join(opts.corpus, 'py')) || !existsSync(join(opts.corpus, 'js'))) {
    throw new Error(`no corpus at ${opts.corpus} (expected js/ and py/ inside): run npm run bench:setup`);
  }
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const cacheDir = join(opts.results, `cache-${stamp}`);
  const candidates = {
    llmsec: llmsecTool({ cli: opts.llmsecCli, workers: opts.workers, extraArgs: opts.llmsecArgs }),
    'ast-grep': astGrepTool(opts.astGrepRules),
    bandit: banditTool(),
  };
  const tools = {};
  const unavailable = {};
  const versions = {};
  for (const name of opts.tools) {
    const tool = candidates[name];
    if (!tool) throw new Error(`unknown tool ${name}`);
    const status = tool.available();
    if (status.ok) {
      tools[name === 'ast-grep' ? 'astGrep' : name] = tool;
      versions[name] = status.version;
      if (name === 'llmsec' && opts.warmCache) tools.llmsecCache = llmsecTool({ cli: opts.llmsecCli, workers: opts.workers, extraArgs: opts.llmsecArgs, cacheDir });
    } else {
      unavailable[name] = status.reason;
      console.log(`NOTE: ${name} is not measured: ${status.reason}`);
    }
  }
  for (const name of ['llmsec', 'ast-grep', 'bandit']) if (!opts.tools.includes(name)) unavailable[name] ??= 'left out with --tools';
  const scales = opts.scales.filter((k) => k === 1 || existsSync(`${opts.corpus}-${k}x`));
  for (const k of opts.scales.filter((k) => !scales.includes(k))) console.log(`NOTE: no ${opts.corpus}-${k}x; scale ${k}x is skipped (npm run bench:setup builds it)`);
  if (!hasGnuTime) console.log('NOTE: /usr/bin/time is missing (apt-get install time): peak RSS is polled from /proc and CPU time is not measured');

  const machine = describeMachine();
  const jobs = planJobs({ corpus: opts.corpus, tools, scales, scaleTools: opts.scaleTools });
  const measurements = await runJobs(jobs, { runs: opts.runs, warmups: opts.warmups, scratchDir: join(opts.results, `scratch-${stamp}`), log });
  const figures = deriveFigures(measurements, { scales, unavailable });
  rmSync(cacheDir, { recursive: true, force: true });

  const manifestPath = join(opts.corpus, 'manifest.json');
  const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : undefined;
  const result = { kind: 'scan', startedAt: startedAt.toISOString(), machine, options: { ...opts }, versions, unavailable, corpus: manifest, measurements, figures };
  mkdirSync(opts.results, { recursive: true });
  const resultPath = join(opts.results, `scan-${stamp}.json`);
  writeFileSync(resultPath, JSON.stringify(result, null, 2) + '\n');

  console.log(`\n## llmsec scan benchmark (${startedAt.toISOString()})\n`);
  console.log(`Machine: ${formatMachine(machine)}; load average ${machine.loadAverage1m.toFixed(2)} at start, ${figures.loadAverageAtEnd.toFixed(2)} at end`);
  console.log(`Tools: ${Object.entries(versions).map(([k, v]) => (v && v.toLowerCase().startsWith(k) ? v : `${k} ${v ?? ''}`.trim())).join(', ')}${tools.astGrep ? ` (ast-grep rule set: ${opts.astGrepRules})` : ''}; ${opts.runs} timed runs each after ${opts.warmups} warm-up run(s)\n`);
  console.log(measurementsTable(measurements));
  console.log('');
  for (const line of figureLines(figures)) console.log(line);
  console.log(`\nCommands:`);
  for (const m of measurements) console.log(`  ${m.tool} (${m.label}): ${m.command}`);
  console.log(`\nResult: ${resultPath}`);
  const failed = measurements.filter((m) => m.failure);
  for (const m of failed) console.log(`FAILED: ${m.tool} on ${m.label}: ${m.failure}`);
  return { result, resultPath, failed: failed.length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main()
    .then(({ failed }) => process.exit(failed ? 1 : 0))
    .catch((err) => {
      console.error(`bench:scan failed: ${err.message}`);
      process.exit(1);
    });
}
