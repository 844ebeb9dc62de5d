/** One file of a workspace scan: read it, skip it if no rule can match, analyse it. */
import type { Engine } from './engine';
import type { FileResult, ScanNotice } from './findings';
import { readSourceFile } from './source-file';
import type { ResultCache } from './result-cache';

export interface FileOutcome {
  /** Undefined when the file was skipped or no rule could match it. */
  result?: FileResult;
  notices: ScanNotice[];
  /** True when the file was read and analysed (not skipped, not prefiltered out). */
  analysed: boolean;
  skipped: boolean;
  /** Set when the result came from the result cache instead of an analysis. */
  fromCache?: true;
}

export async function analyzeFileAt(engine: Engine, file: string, root: string, cache?: ResultCache): Promise<FileOutcome> {
  const read = readSourceFile(file, engine.config.maxFileBytes);
  if ('skipped' in read) return { notices: [read.skipped], analysed: false, skipped: true };
  if (!engine.prefilter.mayMatch(read.text)) return { notices: read.notices, analysed: false, skipped: false };
  const slot = cache?.slot(file, read.text, root);
  const cached = slot?.read();
  const result = cached ?? (await engine.analyzeText(file, read.text, { root }));
  if (!cached) slot?.write(result);
  const skipped = result.notices.some((n) => n.reason === 'timeout' || n.reason === 'parse-memory' || n.reason === 'parse-error' || n.reason === 'internal-error');
  return { result, notices: [...read.notices, ...result.notices], analysed: !skipped, skipped, ...(cached ? { fromCache: true as const } : {}) };
}
