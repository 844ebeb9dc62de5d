/** Small text helpers shared by the fix generators: edits, slices, indentation, list appends. */
import type { TextEdit } from '../findings';
import type { Span } from '../span';

export function replaceSpan(span: Span, newText: string): TextEdit {
  return { startOffset: span.start, endOffset: span.end, newText };
}

export function insertAt(offset: number, newText: string): TextEdit {
  return { startOffset: offset, endOffset: offset, newText };
}

export function sliceOf(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

/** The leading whitespace of the line that holds `offset`. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/** Offset of the start of the line after the one holding `offset` (text length at the last line). */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Number of blank lines that follow `offset` (which must be a line start). */
export function blankLinesAfter(text: string, offset: number): number {
  let count = 0;
  let at = offset;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const line = text.slice(at, nl < 0 ? text.length : nl);
    if (line.trim() !== '') break;
    count++;
    if (nl < 0) break;
    at = nl + 1;
  }
  return count;
}

/**
 * Appends an item to a bracketed, comma-separated list (call arguments, object literal entries):
 * `f(a)` -> `f(a, item)`; a list written one item per line gets a new line at the items' indentation,
 * keeping a trailing comma if the list had one.
 */
export function appendToList(text: string, open: number, close: number, items: Span[], item: string): TextEdit {
  if (!items.length) {
    const inner = text.slice(open + 1, close);
    return inner.trim() === '' ? { startOffset: open + 1, endOffset: close, newText: item } : insertAt(close, item);
  }
  const last = items[items.length - 1];
  const between = text.slice(last.end, close);
  const comma = /^\s*,/.exec(between);
  const multiLine = text.slice(open + 1, items[0].start).includes('\n');
  if (!multiLine) return comma ? insertAt(last.end + comma[0].length, ` ${item}`) : insertAt(last.end, `, ${item}`);
  const indent = indentAt(text, last.start);
  return comma ? insertAt(last.end + comma[0].length, `\n${indent}${item},`) : insertAt(last.end, `,\n${indent}${item}`);
}

/** Deletes an item from a comma-separated list together with the comma that joins it to the previous item. */
export function removeListItem(items: Span[], index: number): TextEdit | undefined {
  if (index <= 0 || index >= items.length) return undefined;
  return { startOffset: items[index - 1].end, endOffset: items[index].end, newText: '' };
}

/** Identifier-like text: safe to use as a bare expression or a name. */
export function isIdentifier(s: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(s);
}
