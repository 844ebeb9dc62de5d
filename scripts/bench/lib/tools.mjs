// The tools the scan benchmark times, and how each is invoked on a folder.
// Every tool writes its full JSON report (to /dev/null in timed runs; to a file in the warm-up run,
// whose output is summarised to show the tool did real work), so all pay for producing output.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { astGrepConfigs, llmsecCli, repoRoot } from './paths.mjs';
import { hasCommand, tryRun } from './run.mjs';

/** The native ast-grep binary that `npx ast-grep` runs, called directly to leave out npx's start-up. */
const astGrepBin = join(repoRoot, 'node_modules', '.bin', 'ast-grep');

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function errorLines(stderrPath) {
  if (!existsSync(stderrPath)) return [];
  return readFileSync(stderrPath, 'utf8').split('\n').filter((l) => /error|panic|exception|traceback/i.test(l));
}

/**
 * llmsec: `node out/cli.js scan <dir> --format json --output <file> --no-progress`. `workers` adds `--workers N`;
 * `extraArgs` is appended as given (for flags the CLI grows later). `cli` defaults to out/cli.js.
 * `cacheDir` adds `--cache-dir DIR`: the tool is then 'llmsec-cache', kept apart from the cold
 * figures (the ratio to ast-grep and the scaling are measured without the cache).
 */
export function llmsecTool({ cli = llmsecCli, workers, extraArgs = [], cacheDir } = {}) {
  if (cacheDir) extraArgs = [...extraArgs, '--cache-dir', cacheDir];
  return {
    name: cacheDir ? 'llmsec-cache' : 'llmsec',
    available() {
      return existsSync(cli) ? { ok: true, version: packageVersion() } : { ok: false, reason: `${cli} does not exist yet (run npm run build once the CLI is written)` };
    },
    command(dir, outputPath) {
      const args = [cli, 'scan', dir, '--format', 'json', '--output', outputPath, '--no-progress'];
      if (workers !== undefined) args.push('--workers', String(workers));
      return { cmd: process.execPath, args: [...args, ...extraArgs], writesOwnOutput: true };
    },
    // 0 = clean, 1 = findings (the usual scanner convention); anything else is a failure.
    okExit: (code) => code === 0 || code === 1,
    summarize(outputPath, stderrPath) {
      const result = readJson(outputPath);
      // The CLI's report lists findings at the top level with a summary; the engine's ScanResult
      // groups them per file with stats. Either is accepted.
      const perFile = Array.isArray(result?.files) ? result.files : [];
      const findings = Array.isArray(result?.findings)
        ? result.findings.length
        : perFile.reduce((n, f) => n + (Array.isArray(f.findings) ? f.findings.length : 0), 0);
      return {
        findings,
        callSites: Array.isArray(result?.callSites) ? result.callSites.length : undefined,
        filesAnalysed: result?.summary?.filesAnalysed ?? result?.stats?.filesAnalysed,
        errors: errorLines(stderrPath),
        outputParsed: result !== undefined,
      };
    },
  };
}

function packageVersion() {
  return readJson(join(repoRoot, 'package.json'))?.version;
}

/** ast-grep with the rule set in bench/ast-grep (`npx ast-grep scan -c ... --json`). */
export function astGrepTool(rules = 'equivalent') {
  const config = astGrepConfigs[rules];
  if (!config) throw new Error(`unknown ast-grep rule set ${rules} (equivalent or sampled)`);
  return {
    name: 'ast-grep',
    rules,
    available() {
      if (!existsSync(astGrepBin)) return { ok: false, reason: `${astGrepBin} not found (npm install)` };
      return { ok: true, version: tryRun(astGrepBin, ['--version']).stdout.trim() };
    },
    command(dir) {
      return { cmd: astGrepBin, args: ['scan', '-c', config, '--json=compact', dir], writesOwnOutput: false };
    },
    okExit: (code) => code === 0,
    summarize(outputPath, stderrPath) {
      const matches = readJson(outputPath);
      return {
        findings: Array.isArray(matches) ? matches.length : undefined,
        filesWithFindings: Array.isArray(matches) ? new Set(matches.map((m) => m.file)).size : undefined,
        errors: errorLines(stderrPath),
        outputParsed: Array.isArray(matches),
      };
    },
  };
}

/** Bandit from Debian (`bandit -r -q -f json`); exit 1 means it found issues, not that it failed. */
export function banditTool() {
  return {
    name: 'bandit',
    available() {
      if (!hasCommand('bandit')) return { ok: false, reason: 'bandit is not installed (apt-get install -y bandit, or npm run bench:setup as root)' };
      return { ok: true, version: tryRun('bandit', ['--version']).stdout.split('\n')[0].trim() };
    },
    command(dir, outputPath) {
      return { cmd: 'bandit', args: ['-r', '-q', '-f', 'json', '-o', outputPath, dir], writesOwnOutput: true };
    },
    okExit: (code) => code === 0 || code === 1,
    summarize(outputPath, stderrPath) {
      const report = readJson(outputPath);
      return {
        findings: Array.isArray(report?.results) ? report.results.length : undefined,
        filesAnalysed: report?.metrics ? Object.keys(report.metrics).filter((k) => k !== '_totals').length : undefined,
        errors: [...(report?.errors ?? []).map((e) => `${e.filename}: ${e.reason}`), ...errorLines(stderrPath)],
        outputParsed: report !== undefined,
      };
    },
  };
}
