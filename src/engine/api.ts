/**
 * The engine's public contract, shared by the CLI, the extension (through the worker), and the
 * reports. Implementation: src/engine/engine.ts and src/engine/scan.ts.
 */
import type { LanguageId } from './ir';
import type { FileResult, ScanNotice, ScanResult, Severity } from './findings';
import type { ResultCacheOptions } from './result-cache';

export interface EngineConfig {
  /** Extra rule directories (user rules), in addition to the built-in rules/. */
  ruleDirs: string[];
  /** Rule ids switched off. */
  disabledRules: string[];
  /** Per-rule severity overrides. */
  severityOverrides: Record<string, Severity>;
  /** Glob patterns (gitignore syntax) of paths to skip, relative to the scan root. */
  exclude: string[];
  /** Files larger than this are skipped with a notice. */
  maxFileBytes: number;
  /** Per-file parse budget; a file over it is skipped with a notice. */
  parseTimeoutMs: number;
  /**
   * Per-file budget for parsing, lowering and the dataflow analysis together; a file over it is
   * skipped with a notice (reason 'timeout').
   */
  fileTimeoutMs: number;
}

export const DEFAULT_CONFIG: EngineConfig = {
  ruleDirs: [],
  disabledRules: [],
  severityOverrides: {},
  exclude: [],
  maxFileBytes: 2 * 1024 * 1024,
  parseTimeoutMs: 5_000,
  fileTimeoutMs: 10_000,
};

export interface AnalyzeOptions {
  /** Override language detection (the editor passes the document's languageId). */
  language?: LanguageId;
  /** Root for relative paths in fingerprints; defaults to the file's directory. */
  root?: string;
}

export interface ScanOptions {
  /** The root reported in results; relative paths in SARIF and fingerprints are from here. */
  root: string;
  /** Called as files finish, for progress on stderr or in a notification. */
  onProgress?: (done: number, total: number) => void;
  /** Checked between files; a cancelled scan returns what it has. */
  isCancelled?: () => boolean;
  /** Number of worker threads (default: cores; 0 = analyse on this thread). */
  workers?: number;
  /** Reuse results of unchanged files from this cache, and store new ones (src/engine/result-cache.ts). */
  cache?: ResultCacheOptions;
}

export type { FileResult, ScanNotice, ScanResult };
