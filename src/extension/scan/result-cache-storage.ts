/**
 * Where the extension keeps its result cache: in its own global storage (per user, shared by
 * every window and workspace, outside any repository), so a second session re-analyses only the
 * files that changed. Entries are keyed by an analysis fingerprint that covers settings, rules
 * and the extension's build, so a changed setting or an update never serves an old result.
 * No `vscode` import here: the folder is passed in, and this is tested in plain Node.
 */
import * as path from 'node:path';
import type { ResultCacheOptions } from '../../engine/result-cache';
import { clearCacheDir } from '../../engine/result-cache-dir';

export const RESULT_CACHE_FOLDER = 'result-cache';
/** A workspace of 8,000 files needs well under 1 MB; this holds many of them. */
export const EXTENSION_CACHE_MAX_BYTES = 64 * 1024 * 1024;

/** The cache in `storage` (ExtensionContext.globalStorageUri), or none when it is not a local folder. */
export function extensionResultCache(storage: { scheme: string; fsPath: string } | undefined): ResultCacheOptions | undefined {
  if (!storage || storage.scheme !== 'file') return undefined;
  return { dir: path.join(storage.fsPath, RESULT_CACHE_FOLDER), maxBytes: EXTENSION_CACHE_MAX_BYTES };
}

/** Removes every entry; returns how many there were. */
export async function clearExtensionResultCache(cache: ResultCacheOptions | undefined): Promise<number> {
  return cache ? (await clearCacheDir(cache.dir)).removed : 0;
}
