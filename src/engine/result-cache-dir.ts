/**
 * Upkeep of a result cache directory (src/engine/result-cache.ts): make it safely, keep it under
 * its size cap by removing the least recently used entries, report on it, clear it. Only files
 * named like cache entries (or their temporary files) are ever removed, so a cache directory
 * pointed at the wrong folder loses nothing else.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CACHE_MAX_BYTES, ENTRY_NAME, TEMP_NAME, versionDir } from './result-cache';

/** Eviction goes below the cap by this share, so the next few scans need not evict again. */
const EVICT_TO = 0.8;
/** A temporary file this old was left by a process that died mid-write. */
const STALE_TEMP_MS = 60 * 60 * 1000;
const SHARD_NAME = /^[0-9a-f]{2}$/;

const CACHEDIR_TAG = `Signature: 8a477f597d28d172789f06886806bc55
# This file is a cache directory tag created by llmsec (its analysis result cache).
# For information about cache directory tags, see https://bford.info/cachedir/
`;

export type CacheDirCheck = { ok: true } | { ok: false; problem: string };

/**
 * Creates the directory (owner-only) when missing, and refuses one that another user owns or
 * anyone may write to: entries there could have been planted to hide findings.
 */
export function prepareCacheDir(dir: string): CacheDirCheck {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.statSync(dir);
    if (!stat.isDirectory()) return { ok: false, problem: `${dir} is not a directory` };
    if (process.platform !== 'win32') {
      if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return { ok: false, problem: `${dir} belongs to another user` };
      if (stat.mode & 0o002) return { ok: false, problem: `${dir} can be written by any user` };
    }
    try {
      fs.writeFileSync(path.join(dir, 'CACHEDIR.TAG'), CACHEDIR_TAG, { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    return { ok: true };
  } catch (err) {
    return { ok: false, problem: `cannot use ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
}

export interface CacheDirInfo {
  entries: number;
  bytes: number;
  /** Entries removed to get under the cap (prune) or in all (clear). */
  removed: number;
}

interface EntryFile {
  file: string;
  bytes: number;
  mtimeMs: number;
}

/** Removes stale temporary files and, when the entries exceed `maxBytes`, the least recently used. */
export async function pruneCacheDir(dir: string, maxBytes = DEFAULT_CACHE_MAX_BYTES): Promise<CacheDirInfo> {
  const now = Date.now();
  const entries: EntryFile[] = [];
  for (const shard of await shardDirs(versionDir(dir))) {
    for (const name of await list(shard)) {
      const file = path.join(shard, name);
      const stat = await fs.promises.stat(file).catch(() => undefined);
      if (!stat?.isFile()) continue;
      if (ENTRY_NAME.test(name)) entries.push({ file, bytes: stat.size, mtimeMs: stat.mtimeMs });
      else if (TEMP_NAME.test(name) && now - stat.mtimeMs > STALE_TEMP_MS) await remove(file);
    }
  }
  let bytes = entries.reduce((n, e) => n + e.bytes, 0);
  let removed = 0;
  if (bytes > maxBytes) {
    entries.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const e of entries) {
      if (bytes <= maxBytes * EVICT_TO) break;
      if (await remove(e.file)) removed++;
      bytes -= e.bytes; // gone either way: removed now, or by the process that beat us to it
    }
  }
  return { entries: entries.length - removed, bytes, removed };
}

/** Removes every entry (of every format version) and temporary file; keeps the directory. */
export async function clearCacheDir(dir: string): Promise<CacheDirInfo> {
  let removed = 0;
  for (const version of await list(dir)) {
    if (!/^v\d+$/.test(version)) continue;
    const vdir = path.join(dir, version);
    for (const shard of await shardDirs(vdir)) {
      for (const name of await list(shard)) {
        if ((ENTRY_NAME.test(name) || TEMP_NAME.test(name)) && (await remove(path.join(shard, name))) && ENTRY_NAME.test(name)) removed++;
      }
      await fs.promises.rmdir(shard).catch(() => undefined); // only when empty
    }
    await fs.promises.rmdir(vdir).catch(() => undefined);
  }
  return { entries: 0, bytes: 0, removed };
}

/** Number and total size of the entries of the current format. */
export async function cacheDirInfo(dir: string): Promise<CacheDirInfo> {
  let entries = 0;
  let bytes = 0;
  for (const shard of await shardDirs(versionDir(dir))) {
    for (const name of await list(shard)) {
      if (!ENTRY_NAME.test(name)) continue;
      const stat = await fs.promises.stat(path.join(shard, name)).catch(() => undefined);
      if (!stat?.isFile()) continue;
      entries++;
      bytes += stat.size;
    }
  }
  return { entries, bytes, removed: 0 };
}

async function shardDirs(vdir: string): Promise<string[]> {
  return (await list(vdir)).filter((n) => SHARD_NAME.test(n)).map((n) => path.join(vdir, n));
}

async function list(dir: string): Promise<string[]> {
  return fs.promises.readdir(dir).catch(() => []);
}

async function remove(file: string): Promise<boolean> {
  return fs.promises.unlink(file).then(
    () => true,
    () => false,
  );
}
