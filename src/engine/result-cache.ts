/**
 * A content-hash cache of per-file analysis results, shared by worker threads and processes.
 *
 * Key: SHA-256 of the analysis fingerprint (src/engine/analysis-fingerprint.ts), the file's path
 * relative to the scan root (finding fingerprints hash it) and the SHA-256 of the text analysed.
 * An entry is `DIR/v1/<2 hex>/<key>.json`: a header line (format, version, key, the file's
 * absolute path, the SHA-256 and length of the payload) and the FileResult as JSON. Entries are
 * written to a temporary file and renamed into place, so readers see a whole entry or none.
 *
 * What is never trusted: an entry that does not parse, has another format, version or key, or a
 * payload whose hash does not match is a miss and is replaced by the next write. What is never
 * stored: results that depend on timing (the file's budget ran out: 'timeout', 'fixes-timeout'),
 * failures ('internal-error', 'parse-error'), and anything that does not survive JSON unchanged.
 *
 * Results carry the file's absolute path; an entry written at one path serves another (a moved
 * checkout, a second worktree) by putting the new path where the old one was: in `file` fields
 * and the `<file>: ` prefix of notice messages. When the scan root's path appears anywhere else
 * in a result, the entry is bound to its own path.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { threadId } from 'node:worker_threads';
import type { FileResult } from './findings';
import { RESULT_CACHE_FORMAT, analysisFingerprint } from './analysis-fingerprint';
import { defaultRulesDir, type Engine } from './engine';

export interface ResultCacheOptions {
  /** The cache directory (created when missing). */
  dir: string;
  /** Cap on the entries' total size; the least recently used go first. */
  maxBytes?: number;
}

export const DEFAULT_CACHE_MAX_BYTES = 256 * 1024 * 1024;
const ENTRY_MAGIC = 'llmsec-result-cache';
/** A result bigger than this is analysed again rather than stored (one huge file could flush the cache). */
const MAX_ENTRY_BYTES = 16 * 1024 * 1024;
/** Hits refresh an entry's modification time (its recency for eviction) at most this often. */
const TOUCH_AFTER_MS = 60 * 60 * 1000;
/** Notices a cached result may carry: the ones that follow from the text and the configuration alone. */
const CACHEABLE_NOTICES = new Set(['syntax-error', 'too-large', 'unsupported']);

/** Not through a symbolic link, and never blocking on a FIFO planted in place of an entry. */
const OPEN_ENTRY = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

export const ENTRY_NAME = /^[0-9a-f]{64}\.json$/;
export const TEMP_NAME = /^[0-9a-f]{64}\.json\.[0-9a-z.-]+\.tmp$/;

export function versionDir(dir: string): string {
  return path.join(dir, `v${RESULT_CACHE_FORMAT}`);
}

interface EntryHeader {
  format: typeof ENTRY_MAGIC;
  version: number;
  key: string;
  /** The absolute path the result was computed for. */
  file: string;
  /** True when the result mentions the scan root outside the rebased fields: serve it to this path only. */
  pathBound: boolean;
  sha256: string;
  length: number;
}

export interface ResultCacheStats {
  hits: number;
  misses: number;
  writes: number;
  /** Entries ignored because they were damaged or not ours. */
  rejected: number;
  writeErrors: number;
}

/** The cache slot of one file's text: read it, or write the fresh result into it. */
export interface CacheSlot {
  read(): FileResult | undefined;
  write(result: FileResult): void;
}

export class ResultCache {
  readonly stats: ResultCacheStats = { hits: 0, misses: 0, writes: 0, rejected: 0, writeErrors: 0 };
  private readonly root: string;
  private readonly madeDirs = new Set<string>();

  constructor(dir: string, readonly fingerprint: string) {
    this.root = versionDir(path.resolve(dir));
  }

  /** `file` and `root` as given to Engine.analyzeText; `text` is what it analyses. */
  slot(file: string, text: string, root: string): CacheSlot {
    const key = this.keyOf(relativePathOf(file, root), text);
    return { read: () => this.read(key, file), write: (result) => this.write(key, file, root, result) };
  }

  keyOf(relativePath: string, text: string): string {
    const content = createHash('sha256').update(text, 'utf16le').digest('hex'); // UTF-16: one-to-one for every JS string
    return createHash('sha256').update(`${ENTRY_MAGIC}\0${this.fingerprint}\0${relativePath}\0${content}`).digest('hex');
  }

  entryPath(key: string): string {
    return path.join(this.root, key.slice(0, 2), `${key}.json`);
  }

  read(key: string, file: string): FileResult | undefined {
    const started = performance.now();
    const entry = this.entryPath(key);
    let data: Buffer;
    let fd: number | undefined;
    try {
      fd = fs.openSync(entry, OPEN_ENTRY);
      const stat = fs.fstatSync(fd);
      if (!stat.isFile() || stat.size > MAX_ENTRY_BYTES + 4096) return this.reject();
      data = fs.readFileSync(fd);
      if (Date.now() - stat.mtimeMs > TOUCH_AFTER_MS) touch(fd);
    } catch {
      this.stats.misses++;
      return undefined;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
    const result = decodeEntry(data, key, file);
    if (!result) return this.reject();
    this.stats.hits++;
    result.elapsedMs = performance.now() - started;
    return result;
  }

  write(key: string, file: string, root: string, result: FileResult): void {
    const encoded = encodeEntry(key, file, root, result);
    if (!encoded) return;
    const entry = this.entryPath(key);
    const temp = `${entry}.${process.pid}.${threadId}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const dir = path.dirname(entry);
      if (!this.madeDirs.has(dir)) {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        this.madeDirs.add(dir);
      }
      fs.writeFileSync(temp, encoded, { mode: 0o600, flag: 'wx' });
      fs.renameSync(temp, entry);
      this.stats.writes++;
    } catch {
      this.stats.writeErrors++;
      fs.rmSync(temp, { force: true });
    }
  }

  private reject(): undefined {
    this.stats.rejected++;
    this.stats.misses++;
    return undefined;
  }
}

/** The relative path Engine.analyzeText puts into finding fingerprints. */
function relativePathOf(file: string, root: string): string {
  return path.relative(root, file) || path.basename(file);
}

export function isCacheable(result: FileResult): boolean {
  return result.notices.every((n) => CACHEABLE_NOTICES.has(n.reason));
}

function encodeEntry(key: string, file: string, root: string, result: FileResult): string | undefined {
  if (!isCacheable(result) || result.file !== file) return undefined;
  const { elapsedMs: _timing, ...stored } = result;
  const payload = JSON.stringify(stored);
  if (payload.length > MAX_ENTRY_BYTES) return undefined;
  // Only what JSON gives back unchanged (no undefined members, NaN, -0 or other surprises).
  if (!isDeepStrictEqual(JSON.parse(payload), stored)) return undefined;
  const rootPath = path.resolve(root);
  const pathBound = JSON.stringify(rebase(stored, file, '')).includes(rootPath);
  const header: EntryHeader = { format: ENTRY_MAGIC, version: RESULT_CACHE_FORMAT, key, file, pathBound, sha256: sha256(payload), length: payload.length };
  return `${JSON.stringify(header)}\n${payload}`;
}

function decodeEntry(data: Buffer, key: string, file: string): FileResult | undefined {
  try {
    const text = data.toString('utf8');
    const newline = text.indexOf('\n');
    if (newline < 0) return undefined;
    const header = JSON.parse(text.slice(0, newline)) as Partial<EntryHeader>;
    const payload = text.slice(newline + 1);
    if (header.format !== ENTRY_MAGIC || header.version !== RESULT_CACHE_FORMAT || header.key !== key) return undefined;
    if (typeof header.file !== 'string' || header.length !== payload.length || header.sha256 !== sha256(payload)) return undefined;
    if (header.pathBound !== false && header.file !== file) return undefined;
    const stored = JSON.parse(payload) as Omit<FileResult, 'elapsedMs'>;
    if (!looksLikeResult(stored) || stored.file !== header.file) return undefined;
    const result = (header.file === file ? stored : rebase(stored, header.file, file)) as FileResult;
    result.elapsedMs = 0;
    return result;
  } catch {
    return undefined;
  }
}

function looksLikeResult(value: unknown): value is Omit<FileResult, 'elapsedMs'> {
  const r = value as Partial<FileResult> | null;
  return !!r && typeof r === 'object' && typeof r.file === 'string' && typeof r.language === 'string' && [r.findings, r.callSites, r.modelSources, r.notices].every(Array.isArray);
}

/**
 * A copy of `value` with the file's path changed from `from` to `to` where results carry it:
 * every `file` member equal to it, and notice messages that begin with `<file>: `.
 */
export function rebase(value: unknown, from: string, to: string): unknown {
  if (Array.isArray(value)) return value.map((v) => rebase(v, from, to));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'file' && v === from) out[k] = to;
    else if (k === 'message' && typeof v === 'string' && v.startsWith(`${from}: `)) out[k] = `${to}${v.slice(from.length)}`;
    else out[k] = rebase(v, from, to);
  }
  return out;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function touch(fd: number): void {
  try {
    const now = new Date();
    fs.futimesSync(fd, now, now);
  } catch {
    // Read-only cache or another owner: recency is only a hint for eviction.
  }
}

const opened = new WeakMap<Engine, Map<string, ResultCache>>();

/** The cache in `options.dir` for this engine's fingerprint, opened once per engine and directory. */
export function resultCacheFor(engine: Engine, builtinRulesDir: string | undefined, options: ResultCacheOptions): ResultCache {
  let byDir = opened.get(engine);
  if (!byDir) opened.set(engine, (byDir = new Map()));
  let cache = byDir.get(options.dir);
  if (!cache) byDir.set(options.dir, (cache = new ResultCache(options.dir, analysisFingerprint(engine, builtinRulesDir ?? defaultRulesDir()))));
  return cache;
}
