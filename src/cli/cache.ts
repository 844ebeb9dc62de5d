/**
 * The result cache on the command line. Opt-in: `--cache` (the user's cache directory) or
 * `--cache-dir DIR`; `--no-cache` wins over both. Deliberately not settable from .llmsec.yaml:
 * that file comes with the repository, and a repository must not be able to turn on writes, point
 * them elsewhere on the machine, or bring its own entries that hide findings.
 *
 *   llmsec cache info  [--cache-dir DIR]     where the cache is, entries and size
 *   llmsec cache clear [--cache-dir DIR]     remove every entry
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CACHE_MAX_BYTES, type ResultCacheOptions } from '../engine/result-cache';
import { cacheDirInfo, clearCacheDir } from '../engine/result-cache-dir';
import { UsageError } from './usage-error';

export const cacheFlags = {
  cache: { type: 'boolean' },
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
  'cache-max-mb': { type: 'string' },
} as const;

export interface CacheFlagValues {
  cache?: boolean;
  'cache-dir'?: string;
  'no-cache'?: boolean;
  'cache-max-mb'?: string;
}

/** `$XDG_CACHE_HOME/llmsec`, else the platform's per-user cache folder (`~/.cache/llmsec` on Linux). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'llmsec'); // the XDG spec: a relative value is to be ignored
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'llmsec');
  if (platform === 'win32' && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, 'llmsec', 'Cache');
  return path.join(home, '.cache', 'llmsec');
}

/** The cache a scan uses, or undefined when it is off. */
export function cacheOptionsFrom(values: CacheFlagValues): ResultCacheOptions | undefined {
  const maxMb = values['cache-max-mb'] === undefined ? undefined : Number(values['cache-max-mb']);
  if (maxMb !== undefined && (!Number.isFinite(maxMb) || maxMb <= 0)) throw new UsageError(`--cache-max-mb must be a positive number, got '${values['cache-max-mb']}'`);
  if (values['no-cache'] || (!values.cache && values['cache-dir'] === undefined)) return undefined;
  if (values['cache-dir'] === '') throw new UsageError('--cache-dir needs a directory');
  const dir = path.resolve(values['cache-dir'] ?? defaultCacheDir());
  return { dir, maxBytes: maxMb === undefined ? DEFAULT_CACHE_MAX_BYTES : Math.round(maxMb * 1024 * 1024) };
}

export async function cacheCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'cache-dir': { type: 'string' } } });
  const [action, ...extra] = positionals;
  if ((action !== 'info' && action !== 'clear') || extra.length) throw new UsageError(`usage: llmsec cache info|clear [--cache-dir DIR]`);
  const dir = path.resolve(values['cache-dir'] ?? defaultCacheDir());
  if (action === 'clear') {
    const cleared = await clearCacheDir(dir);
    process.stdout.write(`llmsec: removed ${cleared.removed} cache entries from ${dir}\n`);
    return 0;
  }
  const info = await cacheDirInfo(dir);
  process.stdout.write(`${dir}\n${info.entries} entries, ${(info.bytes / 1024 / 1024).toFixed(1)} MB\n`);
  return 0;
}
