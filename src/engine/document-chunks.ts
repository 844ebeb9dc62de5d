/**
 * A document as a list of chunks: its top-level statements (and top-level comments), each with
 * its own IR and dependencies. While the user types, only the chunks an edit touches are parsed
 * again, on their own (Tree-sitter's included ranges: the nodes keep their offsets in the whole
 * text), and lowered again; the others keep their IR. A chunk's IR is moved to its new offset
 * only when it is used (`materialise`), so an edit costs what it touches, not the file's size.
 */
import type { Node } from 'web-tree-sitter';
import type { Comment, LanguageId, ModuleIR, Stmt } from './ir';
import type { Span } from './span';
import type { LineIndex } from './span';
import type { AnalysisBudget } from './budget';
import { lowerPython } from './lower/python';
import { lowerJavaScript } from './lower/javascript';
import { chunkDeps, type ChunkDeps } from './analysis/chunk-deps';
import { parse } from './parser';

export interface Chunk {
  /** Stable while the chunk's text is unchanged: facts and findings are kept by it. */
  id: number;
  /** The chunk's source text. */
  text: string;
  /** Where the chunk starts in the document now. */
  start: number;
  /** Where its IR's spans think it starts (see `materialise`). */
  irStart: number;
  body: Stmt[];
  comments: Comment[];
  syntaxErrors: Span[];
  /** JS: names in `export { a, b }` lists. */
  exportedNames: string[];
  deps: ChunkDeps;
  /**
   * Chunks from a parse that found syntax errors share a group (0: none). Their boundaries may
   * not be those of a clean parse, so an edit of any of them parses the whole group again.
   */
  group: number;
}

let nextChunkId = 1;

export function chunkEnd(chunk: Chunk): number {
  return chunk.start + chunk.text.length;
}

/** The IR of chunks (at their current offsets) as one module. */
export function moduleOfChunks(language: LanguageId, chunks: readonly Chunk[]): ModuleIR {
  for (const c of chunks) materialise(c);
  return { language, body: chunks.flatMap((c) => c.body), comments: chunks.flatMap((c) => c.comments), syntaxErrors: chunks.flatMap((c) => c.syntaxErrors) };
}

/** Moves a chunk's IR to where the chunk is now. */
export function materialise(chunk: Chunk): Chunk {
  if (chunk.irStart !== chunk.start) {
    shiftSpans(chunk, chunk.start - chunk.irStart);
    chunk.irStart = chunk.start;
  }
  return chunk;
}

/** Offers an existing chunk for a statement's text and offset: it is taken over (moved, not lowered). */
export type ChunkReuse = (text: string, start: number) => Chunk | undefined;

/**
 * The chunks of a parsed root (a whole file, or a region parsed on its own), but for the
 * statements starting where `skip` says (parsed again apart: error-isolation.ts).
 */
export function chunksOfRoot(root: Node, text: string, language: LanguageId, budget?: AnalysisBudget, reuse?: ChunkReuse, skip?: (start: number) => boolean): Chunk[] {
  const out: Chunk[] = [];
  // The root is ERROR when nothing parsed as a module: the whole range is one syntax error.
  if (root.type === 'ERROR' && !skip?.(root.startIndex)) out.push(errorChunk(text, { start: root.startIndex, end: root.endIndex }));
  // `children` fetches them in one call; `child(i)` walks from the first child each time,
  // which is quadratic under an ERROR root with a hundred thousand tokens.
  for (const child of root.children) {
    if (!child || skip?.(child.startIndex)) continue;
    const start = child.startIndex;
    const end = child.endIndex;
    if (!child.isNamed) {
      if (child.isMissing || child.type === 'ERROR') out.push(errorChunk(text, { start, end }));
      continue;
    }
    const chunkText = text.slice(start, end);
    if (child.type === 'comment') {
      out.push(newChunk(chunkText, start, { body: [], comments: [{ text: chunkText, span: { start, end } }], syntaxErrors: [], exportedNames: [] }));
      continue;
    }
    const reused = reuse?.(chunkText, start);
    if (reused) {
      reused.start = start;
      out.push(reused);
      continue;
    }
    const m = language === 'python' ? lowerPython(child, text, budget) : lowerJavaScript(child, text, language, budget);
    out.push(newChunk(chunkText, start, { body: m.body, comments: m.comments, syntaxErrors: m.syntaxErrors, exportedNames: m.exportedNames ?? [] }));
  }
  return out;
}

function newChunk(text: string, start: number, ir: Pick<Chunk, 'body' | 'comments' | 'syntaxErrors' | 'exportedNames'>): Chunk {
  return { id: nextChunkId++, text, start, irStart: start, ...ir, deps: chunkDeps(ir.body), group: 0 };
}

let nextGroup = 1;

/**
 * After a parse with syntax errors: the chunks from the one before the first erroneous chunk to
 * the one after the last become one group (`whole`: all of them, for a region parsed on its own).
 */
export function groupAroundErrors(chunks: Chunk[], whole: boolean): void {
  for (const c of chunks) c.group = 0;
  let first = chunks.findIndex((c) => c.syntaxErrors.length > 0);
  if (first < 0) return;
  let last = chunks.length - 1;
  while (last > first && chunks[last].syntaxErrors.length === 0) last--;
  if (whole) {
    first = 0;
    last = chunks.length - 1;
  } else {
    first = Math.max(0, first - 1);
    last = Math.min(chunks.length - 1, last + 1);
  }
  const group = nextGroup++;
  for (let i = first; i <= last; i++) chunks[i].group = group;
}

function errorChunk(text: string, span: Span): Chunk {
  return newChunk(text.slice(span.start, span.end), span.start, { body: [], comments: [], syntaxErrors: [span], exportedNames: [] });
}

// ------------------------------------------------------------------ re-parsing a region

export interface Region {
  /** Index of the first chunk replaced, and one past the last. */
  from: number;
  to: number;
  /** Offsets in the new text. */
  start: number;
  end: number;
}

/** An edit of the old text: [start, oldEnd) became [start, start + insertedLength). */
export interface TextEditSpan {
  start: number;
  oldEnd: number;
  delta: number;
}

/**
 * The chunks an edit touches (`chunks` at their offsets before the edit), widened until
 * parsing them alone gives what parsing the whole file would: a Python chunk starts a line at
 * column 0 (an indented line belongs to the statement above); in JavaScript a statement without
 * a final `;` runs on into a next one that starts with `(`, `[`, a template or an operator.
 * The region's offsets are in the new text.
 */
export function touchedRegion(chunks: readonly Chunk[], edit: TextEditSpan, newText: string, language: LanguageId): Region {
  let from = 0;
  while (from < chunks.length && chunkEnd(chunks[from]) < edit.start) from++;
  let to = from;
  while (to < chunks.length && chunks[to].start <= edit.oldEnd) to++;
  // An edit between two chunks may belong to either: take both.
  if (from === to) {
    from = Math.max(0, from - 1);
    to = Math.min(chunks.length, to + 1);
  }
  return widen(chunks, from, to, edit, newText, language);
}

/** The same region with `by` more chunks on each side (when parsing it alone found errors). */
export function widenRegion(chunks: readonly Chunk[], region: Region, edit: TextEditSpan, newText: string, language: LanguageId, by: number): Region {
  return widen(chunks, Math.max(0, region.from - by), Math.min(chunks.length, region.to + by), edit, newText, language);
}

function widen(chunks: readonly Chunk[], from: number, to: number, edit: TextEditSpan, newText: string, language: LanguageId): Region {
  const furthest = furthestEnd(chunks, from, edit.oldEnd);
  for (;;) {
    // A group is parsed whole.
    if (from > 0 && from < chunks.length && chunks[from].group && chunks[from - 1].group === chunks[from].group) {
      from--;
      continue;
    }
    if (to > 0 && to < chunks.length && chunks[to - 1].group && chunks[to].group === chunks[to - 1].group) {
      to++;
      continue;
    }
    // Chunks are in order of their starts but may nest: when nothing parsed as a module, the
    // ERROR root's chunk holds the chunks of the parts inside it. The region ends after the
    // furthest end, and takes in every chunk that starts before it.
    const oldEnd = furthest(from, to);
    if (to < chunks.length && chunks[to].start < oldEnd) {
      to++;
      continue;
    }
    // Chunks before the region keep their offsets; those after it move by the edit's delta.
    const start = from === 0 ? 0 : Math.min(edit.start, chunks[from].start);
    const end = to === chunks.length ? newText.length : oldEnd + edit.delta;
    if (from > 0 && !startsApart(chunks[from - 1], start, newText, language)) {
      from--;
      continue;
    }
    if (to < chunks.length && !endsApart(newText.slice(start, end), end, chunks[to], chunks[to].start + edit.delta, newText, language)) {
      to++;
      continue;
    }
    return { from, to, start, end };
  }
}

/**
 * The furthest end (before the edit) of the edit and the chunks [from, to), for a region that
 * only grows: each chunk is looked at once, however many times the region grows.
 */
function furthestEnd(chunks: readonly Chunk[], at: number, editEnd: number): (from: number, to: number) => number {
  let seenFrom = at;
  let seenTo = at;
  let end = editEnd;
  return (from, to) => {
    while (seenFrom > from) end = Math.max(end, chunkEnd(chunks[--seenFrom]));
    while (seenTo < to) end = Math.max(end, chunkEnd(chunks[seenTo++]));
    return end;
  };
}

/** Can text starting at `start` be parsed apart from the chunk before it? */
function startsApart(before: Chunk, start: number, text: string, language: LanguageId): boolean {
  if (language === 'python') return text.charCodeAt(start - 1) === 10 && nextCodeAtColumnZero(text, start);
  return !runsOn(before.text, text.slice(start, start + 1));
}

/** Can the region's text be parsed apart from the chunk after it (`next`, now at `nextStart`)? */
function endsApart(regionText: string, regionEnd: number, next: Chunk, nextStart: number, text: string, language: LanguageId): boolean {
  if (language === 'python') {
    const lineEnd = text.indexOf('\n', regionEnd);
    const rest = text.slice(regionEnd, lineEnd < 0 ? text.length : lineEnd).trim();
    return (rest === '' || rest.startsWith('#')) && (lineEnd < 0 || nextCodeAtColumnZero(text, lineEnd + 1));
  }
  // Parsed alone, a line comment ends with the region; in the whole text it runs on over a chunk
  // that starts on the same line (an edit that joined two lines: fuzz case 70952).
  const lastLine = regionText.slice(regionText.lastIndexOf('\n') + 1);
  if (lastLine.includes('//') && !text.slice(regionEnd, nextStart).includes('\n')) return false;
  return !runsOn(regionText, next.text);
}

/**
 * Python: is the first line with code from the line starting at `from` unindented? Blank and
 * comment lines do not count: a block goes on past a comment at column 0.
 */
function nextCodeAtColumnZero(text: string, from: number): boolean {
  for (let at = from; at < text.length; ) {
    const lineEnd = text.indexOf('\n', at);
    const end = lineEnd < 0 ? text.length : lineEnd;
    const line = text.slice(at, end);
    const trimmed = line.trimStart();
    if (trimmed !== '' && !trimmed.startsWith('#')) return trimmed.length === line.length;
    at = end + 1;
  }
  return true;
}

/** JS: would `next` continue the statement `before` ends with (no `;`, and an operator-like start)? */
function runsOn(before: string, next: string): boolean {
  if (before.trimEnd().endsWith(';')) return false;
  return /^[([`+\-/*%.,?<>=!&|^~:]/.test(next);
}

/** Parses the text of a region on its own; the root's children are the region's new chunks. */
export async function parseRegion(language: LanguageId, text: string, lines: LineIndex, region: Pick<Region, 'start' | 'end'>, timeoutMs: number) {
  const startPos = lines.position(region.start);
  const endPos = lines.position(region.end);
  return parse(language, text, {
    timeoutMs,
    range: { startIndex: region.start, endIndex: region.end, startPosition: { row: startPos.line, column: startPos.character }, endPosition: { row: endPos.line, column: endPos.character } },
  });
}

// ------------------------------------------------------------------ moving IR

/** Moves every span of a chunk's IR by `delta` (each span object once: the IR may share them). */
function shiftSpans(chunk: Chunk, delta: number): void {
  const seen = new Set<object>();
  const stack: unknown[] = [chunk.body, chunk.comments, chunk.syntaxErrors];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.start === 'number' && typeof record.end === 'number' && Object.keys(record).length === 2) {
      record.start = (record.start as number) + delta;
      record.end = (record.end as number) + delta;
      continue;
    }
    for (const key in record) {
      const value = record[key];
      if (value && typeof value === 'object') stack.push(value);
    }
  }
}
