/**
 * scanPaths with a result cache around it: checks the cache directory before the scan (a scan
 * with an unusable cache runs without one, with a notice saying why) and keeps it under its size
 * cap afterwards. The CLI and the extension's workspace scan both come through here.
 */
import type { EngineConfig, ScanOptions } from './api';
import type { ScanResult } from './findings';
import type { AnalysisPool } from './pool';
import { scanPaths } from './scan';
import { prepareCacheDir, pruneCacheDir } from './result-cache-dir';

export async function scanPathsWithCache(paths: string[], config: EngineConfig, options: ScanOptions & { builtinRulesDir?: string; pool?: AnalysisPool }): Promise<ScanResult> {
  const cache = options.cache;
  if (!cache) return scanPaths(paths, config, options);
  const check = prepareCacheDir(cache.dir);
  if (!check.ok) {
    const result = await scanPaths(paths, config, { ...options, cache: undefined });
    result.notices.unshift({ level: 'warning', reason: 'cache-unavailable', message: `the result cache is off for this scan: ${check.problem}` });
    return result;
  }
  const result = await scanPaths(paths, config, options);
  await pruneCacheDir(cache.dir, cache.maxBytes).catch(() => undefined);
  return result;
}
