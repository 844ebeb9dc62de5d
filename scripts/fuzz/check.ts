/**
 * Runs one fuzz case through an analysis pool the way the CLI and the editor do (bytes through
 * the file decoder, text through `analyzeText`, documents through open / change / fixes) and
 * judges the outcome. The pool is the product's: with worker threads it measures what a user
 * gets (a hung or failed worker is replaced); with none it runs the engine on this thread.
 *   crash    an exception escaped, or the engine reported an internal error;
 *   hang     the file took longer than the hang limit (the budget plus slack);
 *   invalid  the result breaks the engine's contract (offsets outside the text, overlapping fix
 *            edits, a result that cannot cross a worker boundary);
 *   skipped  the engine refused the file with a reason (timeout, binary): the expected outcome
 *            for hostile input (`contained` when the pool's watchdog gave that answer for a
 *            worker that stopped answering, a hang if it took longer than the hang limit; or
 *            when the parse overflowed Tree-sitter's C stack and its runtime was given up);
 *   ok       analysed.
 * With `editor`, the case is also opened as an editor document and edited a few times (seeded):
 * each result must keep the contract, and one of a text that parses cleanly must equal a fresh
 * analysis of that text (the editor's incremental path is `invalid` otherwise).
 */
import { isDeepStrictEqual } from 'node:util';
import type { FileResult, Finding } from '../../src/engine/findings';
import type { FindingRef } from '../../src/engine/documents';
import { DocumentOutOfSyncError, WATCHDOG_NOTICE, type AnalysisPool } from '../../src/engine/pool';
import { RUNTIME_FAILED_HERE, STACK_OVERFLOWED } from '../../src/engine/parser';
import { languageForPath } from '../../src/engine/languages';
import { decodeSource } from '../../src/engine/source-file';
import type { FuzzCase } from './cases';
import { applyEdit, prng, randomEdit } from './edits';

export type Status = 'ok' | 'skipped' | 'crash' | 'hang' | 'invalid';

export interface CaseOutcome {
  index: number;
  kind: FuzzCase['kind'];
  label: string;
  ext: string;
  length: number;
  status: Status;
  elapsedMs: number;
  /** Reasons of the notices the engine gave (timeout, binary, syntax-error, ...). */
  reasons: string[];
  findings: number;
  /** For crash, hang and invalid: what went wrong. */
  problem?: string;
  /** The case also went through the editor's incremental path. */
  editor?: boolean;
  /**
   * How the pool contained a failure of Tree-sitter: its watchdog answered for a worker that
   * stopped answering, or the parse overflowed the C stack (in both cases the worker is replaced).
   */
  contained?: 'watchdog' | 'stack overflow';
}

export interface CheckOptions {
  /** A case slower than this is a hang. */
  hangMs: number;
  /** Also run the case through the editor's incremental path (texts up to 256 KB). */
  editor?: boolean;
}

/** Edits applied to each case on the editor's path. */
const EDITOR_EDITS = 3;
const EDITOR_MAX_CHARS = 256 * 1024;

const ROOT = '/fuzz';

export async function runCase(pool: AnalysisPool, c: FuzzCase, options: CheckOptions): Promise<CaseOutcome> {
  const file = `${ROOT}/case-${c.index}.${c.ext}`;
  const base = { index: c.index, kind: c.kind, label: c.label, ext: c.ext, length: c.text.length };
  const started = performance.now();
  let text = c.text;
  const reasons: string[] = [];
  let result: FileResult;
  try {
    if (c.bytes) {
      const read = decodeSource(file, c.bytes);
      if ('text' in read) text = read.text;
      reasons.push(...('skipped' in read ? [read.skipped.reason] : read.notices.map((n) => n.reason)));
    }
    result = await analyze(pool, file, text);
  } catch (err) {
    return { ...base, status: 'crash', elapsedMs: performance.now() - started, reasons, findings: 0, problem: (err as Error).stack ?? String(err) };
  }
  const elapsedMs = performance.now() - started;
  reasons.push(...result.notices.map((n) => n.reason));
  const contained = containedBy(result);
  const outcome: Omit<CaseOutcome, 'status'> = { ...base, elapsedMs, reasons, findings: result.findings.length, ...(contained ? { contained } : {}) };
  const internal = result.notices.find((n) => n.reason === 'internal-error');
  if (internal) return { ...outcome, status: 'crash', problem: internal.message };
  // The parse heap limit (parser.ts) is there so that the runtime never aborts: if it did, that is a
  // crash. A C stack overflow is Tree-sitter's own recursion: seen and contained, not prevented.
  const lost = result.notices.find((n) => n.message.includes(RUNTIME_FAILED_HERE) && !n.message.includes(STACK_OVERFLOWED));
  if (lost) return { ...outcome, status: 'crash', problem: lost.message };
  if (elapsedMs > options.hangMs) return { ...outcome, status: 'hang', problem: `took ${elapsedMs.toFixed(0)} ms (limit ${options.hangMs} ms)` };
  const broken = contractProblem(result, text);
  if (broken) return { ...outcome, status: 'invalid', problem: broken };
  if (options.editor && text.length <= EDITOR_MAX_CHARS && !reasons.includes('binary')) {
    outcome.editor = true;
    const started2 = performance.now();
    let problem: string | undefined;
    try {
      problem = await editorProblem(pool, file, text, c.index, { hangMs: options.hangMs, scanMs: result.notices.some((n) => n.reason === 'timeout') ? undefined : elapsedMs });
    } catch (err) {
      return { ...outcome, status: 'crash', problem: `editor path: ${(err as Error).stack ?? String(err)}` };
    }
    const editorMs = performance.now() - started2;
    if (editorMs > options.hangMs * (EDITOR_EDITS + 1)) return { ...outcome, status: 'hang', problem: `editor path took ${editorMs.toFixed(0)} ms` };
    if (problem) return { ...outcome, status: problem.startsWith('crash: ') ? 'crash' : problem.startsWith('hang: ') ? 'hang' : 'invalid', problem };
  }
  const skipped = result.notices.some((n) => n.reason === 'timeout' || n.reason === 'parse-memory' || n.reason === 'parse-error');
  return { ...outcome, status: skipped ? 'skipped' : 'ok' };
}

/**
 * Opens the text as an editor document and edits it: each result must keep the contract, and
 * where the text parses cleanly it must equal a fresh analysis (fixes compared as computed on
 * demand). Timing-dependent outcomes (a file over its budget) are not compared.
 */
async function editorProblem(pool: AnalysisPool, file: string, text: string, index: number, timing: { hangMs: number; scanMs?: number }): Promise<string | undefined> {
  const language = languageForPath(file);
  if (!language) return undefined;
  const rand = prng(index * 2654435761);
  let current = text;
  let started = performance.now();
  const first = await pool.openDocument(file, current, language, ROOT);
  const internal = (r: FileResult) => r.notices.find((n) => n.reason === 'internal-error');
  if (internal(first)) return `crash: editor open: ${internal(first)!.message}`;
  const openMs = performance.now() - started;
  if (openMs > timing.hangMs) return `hang: editor open took ${openMs.toFixed(0)} ms`;
  // The editor giving up on a text a scan analysed in a small part of the budget is a hang too.
  if (timing.scanMs !== undefined && timing.scanMs < timing.hangMs / 6 && first.notices.some((n) => n.reason === 'timeout')) {
    return `hang: editor open ran out of time (${openMs.toFixed(0)} ms) where a scan took ${timing.scanMs.toFixed(0)} ms`;
  }
  for (let k = 0; k < EDITOR_EDITS; k++) {
    const edit = randomEdit(current, rand, language === 'python');
    current = applyEdit(current, edit);
    started = performance.now();
    let result: FileResult;
    try {
      result = await pool.changeDocument(file, [edit], language, ROOT, current.length);
    } catch (err) {
      if (err instanceof DocumentOutOfSyncError) return `editor edit ${k}: the document's text is out of step`;
      throw err;
    }
    const editMs = performance.now() - started;
    if (editMs > timing.hangMs) return `hang: editor edit ${k} took ${editMs.toFixed(0)} ms`;
    if (internal(result)) return `crash: editor edit ${k} ${JSON.stringify(edit).slice(0, 200)}: ${internal(result)!.message}`;
    const broken = contractProblem(result, current);
    if (broken) return `editor edit ${k}: ${broken}`;
    const clean = (r: FileResult) => !r.notices.some((n) => n.reason === 'syntax-error' || n.reason === 'timeout' || n.reason === 'too-large' || n.reason === 'parse-memory' || n.reason === 'parse-error' || n.reason === 'fixes-timeout');
    if (!clean(result)) continue;
    const fresh = await analyze(pool, file, current);
    if (!clean(fresh)) continue;
    const same = isDeepStrictEqual(
      { f: result.findings, c: result.callSites, m: result.modelSources },
      { f: fresh.findings.map((f) => ({ ...f, fixes: [] })), c: fresh.callSites, m: fresh.modelSources },
    );
    if (!same) return `editor edit ${k} ${JSON.stringify(edit).slice(0, 200)}: the incremental result differs from a fresh analysis`;
    const fixes = await pool.documentFixes(file, result.findings.map(findingRef));
    if (!isDeepStrictEqual(fixes, fresh.findings.map((f) => f.fixes))) return `editor edit ${k}: the fixes computed on demand differ from a fresh analysis's`;
  }
  await pool.closeDocument(file);
  return undefined;
}

async function analyze(pool: AnalysisPool, file: string, text: string): Promise<FileResult> {
  const outcome = await pool.analyzeText(file, text, ROOT);
  if (!outcome.result) throw new Error(`no result: ${outcome.notices.map((n) => n.message).join('; ')}`);
  return outcome.result;
}

function containedBy(result: FileResult): CaseOutcome['contained'] {
  if (result.notices.some((n) => n.message.includes(WATCHDOG_NOTICE))) return 'watchdog';
  if (result.notices.some((n) => n.message.includes(STACK_OVERFLOWED))) return 'stack overflow';
  return undefined;
}

function findingRef(f: Finding): FindingRef {
  return { ruleId: f.ruleId, startOffset: f.location.startOffset, endOffset: f.location.endOffset, fingerprint: f.fingerprint };
}

/** The first way the result breaks the engine's contract, if any. */
export function contractProblem(result: FileResult, text: string): string | undefined {
  const inText = (start: number, end: number): boolean => Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= text.length;
  for (const f of result.findings) {
    const at = `${f.ruleId} at ${f.location.startOffset}`;
    if (!inText(f.location.startOffset, f.location.endOffset)) return `${at}: location ${f.location.startOffset}-${f.location.endOffset} outside the text (${text.length})`;
    const { start, end } = f.location.range;
    if (start.line < 0 || start.character < 0 || end.line < start.line || (end.line === start.line && end.character < start.character)) return `${at}: range ${JSON.stringify(f.location.range)} is not ordered`;
    for (const step of f.flow) if (!inText(step.location.startOffset, step.location.endOffset)) return `${at}: flow step outside the text`;
    if (f.redact && !inText(f.redact.startOffset, f.redact.endOffset)) return `${at}: redaction outside the text`;
    for (const fix of f.fixes) {
      const edits = [...fix.edits].sort((a, b) => a.startOffset - b.startOffset);
      for (let i = 0; i < edits.length; i++) {
        if (!inText(edits[i].startOffset, edits[i].endOffset)) return `${at}: fix "${fix.title}" edits outside the text`;
        if (i > 0 && edits[i].startOffset < edits[i - 1].endOffset) return `${at}: fix "${fix.title}" has overlapping edits`;
      }
    }
  }
  for (const site of [...result.callSites, ...result.modelSources]) {
    if (!inText(site.location.startOffset, site.location.endOffset)) return `inventory entry at ${site.location.startOffset} outside the text`;
  }
  try {
    // Results cross a worker-thread boundary and are written as JSON.
    structuredClone(result);
    JSON.stringify(result);
  } catch (err) {
    return `result cannot be cloned or serialised: ${(err as Error).message}`;
  }
  return undefined;
}
