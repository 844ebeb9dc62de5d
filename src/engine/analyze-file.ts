/** One file of a workspace scan: read it, skip it if no rule can match, analyse it. */
import type { Engine } from './engine';
import type { FileResult, ScanNotice } from './findings';
import { readSourceFile } from './source-file';

export interface FileOutcome {
  /** Undefined when the file was skipped or no rule could match it. */
  result?: FileResult;
  notices: ScanNotice[];
  /** True when the file was read and analysed (not skipped, not prefiltered out). */
  analysed: boolean;
  skipped: boolean;
}

export async function analyzeFileAt(engine: Engine, file: string, root: string): Promise<FileOutcome> {
  const read = readSourceFile(file, engine.config.maxFileBytes);
  if ('skipped' in read) return { notices: [read.skipped], analysed: false, skipped: true };
  if (!engine.prefilter.mayMatch(read.text)) return { notices: read.notices, analysed: false, skipped: false };
  const result = await engine.analyzeText(file, read.text, { root });
  const skipped = result.notices.some((n) => n.reason === 'timeout' || n.reason === 'parse-error' || n.reason === 'internal-error');
  return { result, notices: [...read.notices, ...result.notices], analysed: !skipped, skipped };
}
