/**
 * The `llmsec` command: scan, bom, baseline, rules. Exit codes: 0 nothing at or above the
 * --fail-on threshold, 1 something is, 2 usage or configuration error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG, type EngineConfig } from '../engine/api';
import { Engine } from '../engine/engine';
import { findConfigFile, loadConfigFile } from '../engine/config';
import { scanPathsWithCache } from '../engine/cached-scan';
import type { ResultCacheOptions } from '../engine/result-cache';
import { severityRank, type ScanNotice, type ScanResult, type Severity } from '../engine/findings';
import { formatText } from './text-output';
import { HELP, VERSION } from './help';
import { writeReport, type ReportFormat } from './formats';
import { runBom, runBaseline, withRegister } from './register-commands';
import { ruleJsonSchema } from '../engine/rules/schema';
import { cacheCommand, cacheFlags, cacheOptionsFrom, type CacheFlagValues } from './cache';
import { UsageError } from './usage-error';

export { UsageError };

const FAIL_LEVELS = ['none', 'info', 'low', 'medium', 'high', 'critical'] as const;
type FailLevel = (typeof FAIL_LEVELS)[number];

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`llmsec ${VERSION}\n`);
    return 0;
  }
  try {
    switch (command) {
      case 'scan':
        return await scanCommand(rest);
      case 'bom':
        return await bomCommand(rest);
      case 'baseline':
        return await baselineCommand(rest);
      case 'rules':
        return rulesCommand(rest);
      case 'cache':
        return await cacheCommand(rest);
      case 'schema':
        process.stdout.write(JSON.stringify(ruleJsonSchema(), null, 2) + '\n');
        return 0;
      default:
        throw new UsageError(`unknown command '${command}' (commands: scan, bom, baseline, rules, cache, schema; see llmsec --help)`);
    }
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`llmsec: ${(err as Error).message}\n`);
      return 2;
    }
    throw err;
  }
}

const commonOptions = {
  rules: { type: 'string', multiple: true },
  config: { type: 'string' },
  output: { type: 'string', short: 'o' },
  workers: { type: 'string' },
  root: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  ...cacheFlags,
} as const;

interface Prepared {
  root: string;
  paths: string[];
  config: EngineConfig;
  failOn?: FailLevel;
  owaspEdition?: '2025' | '2026';
  notices: ScanNotice[];
  workers?: number;
  cache?: ResultCacheOptions;
}

function prepare(values: { rules?: string[]; config?: string; workers?: string; root?: string } & CacheFlagValues, positionals: string[]): Prepared {
  const paths = positionals.length ? positionals : ['.'];
  const missing = paths.filter((p) => !fs.existsSync(p));
  if (missing.length) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
  const root = path.resolve(values.root ?? (paths.length === 1 && fs.statSync(paths[0]).isDirectory() ? paths[0] : '.'));
  const configFile = values.config ?? findConfigFile(root);
  if (values.config && !fs.existsSync(values.config)) throw new UsageError(`config file not found: ${values.config}`);
  const loaded = configFile ? loadConfigFile(configFile) : { config: {}, notices: [] as ScanNotice[], failOn: undefined, owaspEdition: undefined };
  for (const dir of values.rules ?? []) {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`--rules ${dir}: not a directory`);
  }
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > 64)) throw new UsageError(`--workers must be a whole number from 0 to 64, got '${values.workers}'`);
  const config: EngineConfig = {
    ...DEFAULT_CONFIG,
    ...loaded.config,
    ruleDirs: [...(loaded.config.ruleDirs ?? []), ...(values.rules ?? []).map((d) => path.resolve(d))],
  };
  return { root, paths, config, failOn: loaded.failOn, owaspEdition: loaded.owaspEdition, notices: loaded.notices, workers, cache: cacheOptionsFrom(values) };
}

async function runScan(p: Prepared, progress: boolean): Promise<{ result: ScanResult; engine: Engine }> {
  const engine = Engine.create({ config: p.config });
  const reporter = progressReporter(progress);
  const result = await scanPathsWithCache(p.paths, p.config, { root: p.root, workers: p.workers, onProgress: reporter.update, cache: p.cache });
  reporter.done();
  reportCache(result, p.cache, progress);
  result.notices.unshift(...p.notices, ...engine.notices);
  return { result, engine };
}

async function scanCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...commonOptions,
      format: { type: 'string', short: 'f', default: 'text' },
      'fail-on': { type: 'string' },
      'no-progress': { type: 'boolean' },
      'show-suppressed': { type: 'boolean' },
      'owasp-edition': { type: 'string' },
      'ignore-register': { type: 'boolean' },
      timings: { type: 'boolean' },
    },
  });
  if (values.help) return printHelp();
  const format = values.format as ReportFormat;
  if (!['text', 'json', 'sarif', 'html'].includes(format)) throw new UsageError(`--format must be text, json, sarif or html, got '${values.format}'`);
  const p = prepare(values, positionals);
  const failOn = (values['fail-on'] ?? p.failOn ?? 'none') as FailLevel;
  if (!FAIL_LEVELS.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_LEVELS.join(', ')}, got '${failOn}'`);
  const edition = (values['owasp-edition'] ?? p.owaspEdition ?? '2025') as '2025' | '2026';
  if (edition !== '2025' && edition !== '2026') throw new UsageError(`--owasp-edition must be 2025 or 2026`);

  const scanned = await runScan(p, !values['no-progress']);
  const engine = scanned.engine;
  const result = values['ignore-register'] ? scanned.result : withRegister(scanned.result, p.root);
  const text =
    format === 'text'
      ? formatText(result, { colour: !values.output && process.stdout.isTTY === true && !process.env.NO_COLOR, owaspEdition: edition, showSuppressed: values['show-suppressed'] ?? false })
      : writeReport(format, result, engine, { timings: values.timings ?? false, owaspEdition: edition });
  if (values.output) fs.writeFileSync(values.output, text);
  else process.stdout.write(text);
  if (values.output && format !== 'text') process.stderr.write(`llmsec: wrote ${format} report to ${values.output}\n`);
  for (const n of result.notices.filter((n) => n.level === 'error' || n.reason.startsWith('register-'))) process.stderr.write(`llmsec: ${n.message}\n`);
  if (result.notices.some((n) => n.reason === 'rule-error' || n.reason === 'config-error')) return 2;
  return failsThreshold(result, failOn) ? 1 : 0;
}

function failsThreshold(result: ScanResult, failOn: FailLevel): boolean {
  if (failOn === 'none') return false;
  const min = severityRank(failOn as Severity);
  return result.files.some((f) => f.findings.some((x) => !x.suppression && severityRank(x.severity) >= min));
}

async function bomCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...commonOptions, 'no-progress': { type: 'boolean' } } });
  if (values.help) return printHelp();
  const p = prepare(values, positionals);
  const { result } = await runScan(p, !values['no-progress']);
  const text = runBom(result);
  if (values.output) fs.writeFileSync(values.output, text);
  else process.stdout.write(text);
  return result.notices.some((n) => n.reason === 'rule-error' || n.reason === 'config-error') ? 2 : 0;
}

async function baselineCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...commonOptions, owner: { type: 'string' }, 'review-days': { type: 'string' }, 'no-progress': { type: 'boolean' } },
  });
  if (values.help) return printHelp();
  const p = prepare(values, positionals);
  const reviewDays = values['review-days'] === undefined ? 90 : Number(values['review-days']);
  if (!Number.isInteger(reviewDays) || reviewDays < 1) throw new UsageError(`--review-days must be a positive whole number`);
  const { result } = await runScan(p, !values['no-progress']);
  const outcome = runBaseline(result, p.root, { owner: values.owner, reviewDays });
  process.stderr.write(outcome.text);
  return outcome.written ? 0 : 2;
}

function rulesCommand(args: string[]): number {
  const { values } = parseArgs({ args, allowPositionals: false, options: { rules: { type: 'string', multiple: true }, format: { type: 'string', default: 'text' } } });
  const engine = Engine.create({ config: { ruleDirs: (values.rules ?? []).map((d) => path.resolve(d)) } });
  if (values.format === 'json') process.stdout.write(JSON.stringify(engine.ruleInfos, null, 2) + '\n');
  else for (const r of engine.ruleInfos) process.stdout.write(`${r.id.padEnd(34)} ${r.severity.padEnd(8)} ${r.standards.owasp2025.join(',').padEnd(22)} ${r.title}\n`);
  for (const n of engine.notices) process.stderr.write(`llmsec: ${n.message}\n`);
  return engine.notices.some((n) => n.level === 'error') ? 2 : 0;
}

function reportCache(result: ScanResult, cache: ResultCacheOptions | undefined, verbose: boolean): void {
  for (const n of result.notices) if (n.reason === 'cache-unavailable') process.stderr.write(`llmsec: ${n.message}\n`);
  const reused = result.stats.filesFromCache;
  if (cache && verbose && reused !== undefined) process.stderr.write(`llmsec: result cache ${cache.dir}: ${reused} of ${result.stats.filesAnalysed} analysed files unchanged\n`);
}

function printHelp(): number {
  process.stdout.write(HELP);
  return 0;
}

function progressReporter(enabled: boolean): { update: (done: number, total: number) => void; done: () => void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update: (done, total) => {
      if (!enabled || total < 200) return;
      const now = Date.now();
      if (now - last < (tty ? 100 : 5000) && done !== total) return;
      last = now;
      shown = true;
      if (tty) process.stderr.write(`\rllmsec: scanned ${done}/${total} files`);
      else process.stderr.write(`llmsec: scanned ${done}/${total} files\n`);
    },
    done: () => {
      if (shown && tty) process.stderr.write('\n');
    },
  };
}
