/**
 * The workspace scan shared by the CLI and the editor: discover files, analyse them on the
 * worker pool, and collect results in a stable order (sorted by path) so runs are reproducible.
 */
import * as path from 'node:path';
import type { EngineConfig, ScanOptions } from './api';
import type { FileResult, ScanNotice, ScanResult } from './findings';
import { discoverFiles } from './workspace';
import { AnalysisPool } from './pool';
import { loadRuleDirs } from './rules/loader';
import { defaultRulesDir } from './engine';

export async function scanPaths(paths: string[], config: EngineConfig, options: ScanOptions & { builtinRulesDir?: string; pool?: AnalysisPool }): Promise<ScanResult> {
  const started = performance.now();
  const root = path.resolve(options.root);
  // A pool of its own gets the rules loaded here, once, rather than in every worker. It is started
  // first: the workers start up while this thread looks for files.
  const pool = options.pool ?? new AnalysisPool({ config, builtinRulesDir: options.builtinRulesDir, rules: loadRuleDirs(options.builtinRulesDir ?? defaultRulesDir(), config.ruleDirs) }, options.workers);
  let discovered: ReturnType<typeof discoverFiles>;
  try {
    discovered = discoverFiles(paths.length ? paths : [root], { root, exclude: config.exclude });
  } catch (err) {
    if (!options.pool) await pool.close();
    throw err;
  }
  const files: FileResult[] = [];
  const notices: ScanNotice[] = [...discovered.notices];
  let analysed = 0;
  let skipped = 0;
  let fromCache = 0;
  let done = 0;
  const total = discovered.files.length;
  try {
    // Keep a bounded number of files in flight: enough to feed every worker, not the whole tree.
    const inFlight = Math.max(2, pool.threads * 4);
    let next = 0;
    const runOne = async (): Promise<void> => {
      while (next < total) {
        if (options.isCancelled?.()) return;
        const file = discovered.files[next++];
        try {
          const outcome = await pool.analyzeFile(file, root, options.cache);
          if (outcome.result) files.push(outcome.result);
          notices.push(...outcome.notices.filter((n) => n.reason !== 'syntax-error' || !outcome.result));
          if (outcome.analysed) analysed++;
          if (outcome.skipped) skipped++;
          if (outcome.fromCache) fromCache++;
        } catch (err) {
          skipped++;
          notices.push({ level: 'error', reason: 'internal-error', file, message: `${file}: analysis failed (${(err as Error).message.split('\n')[0]}), skipped` });
        }
        options.onProgress?.(++done, total);
      }
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, total) }, runOne));
  } finally {
    if (!options.pool) await pool.close();
  }
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  notices.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.message.localeCompare(b.message));
  const cacheStats = options.cache ? { filesFromCache: fromCache } : {};
  return { root, files, notices, stats: { filesSeen: total, filesAnalysed: analysed, filesSkipped: skipped, elapsedMs: performance.now() - started, ...cacheStats } };
}
