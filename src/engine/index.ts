/**
 * The engine as a library (bundled to out/engine.js): what the CLI, the extension's worker and
 * the benchmarks use. Nothing here imports `vscode`.
 */
import { Engine } from './engine';
import { DocumentAnalyzer, type TextChange } from './documents';
import type { EngineConfig } from './api';
import type { LanguageId } from './ir';
import type { FileResult } from './findings';

export { Engine, lower, defaultRulesDir } from './engine';
export { DocumentAnalyzer, type TextChange } from './documents';
export { scanPaths } from './scan';
export { AnalysisPool } from './pool';
export { loadConfigFile, findConfigFile } from './config';
export type { EngineConfig, ScanOptions, AnalyzeOptions } from './api';
export type * from './findings';
export type { LanguageId } from './ir';

/** The editor's incremental path, as a small facade: open a document, then feed it changes. */
export interface IncrementalAnalyzer {
  open(uri: string, language: LanguageId, text: string): Promise<FileResult>;
  change(uri: string, changes: TextChange[], language: LanguageId): Promise<FileResult>;
  close(uri: string): void;
}

export function createIncrementalAnalyzer(options: { config?: Partial<EngineConfig> } = {}): IncrementalAnalyzer {
  const documents = new DocumentAnalyzer(Engine.create({ config: options.config }), { fixes: 'lazy' });
  return {
    open: (uri, language, text) => documents.open(uri, text, language),
    change: (uri, changes, language) => documents.change(uri, changes, language),
    close: (uri) => documents.close(uri),
  };
}
