// A reproducible sequence of small edits, like a person typing in an editor: words typed into
// string literals and comments, a statement line duplicated below itself, short deletions inside a
// line. Each edit is { start, end, text } in UTF-16 offsets of the text it applies to.
import { prng } from './llm-app-code.mjs';

/** Offsets where each line starts. */
export function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The { row, column } of an offset (column in UTF-16 code units, as web-tree-sitter counts in JS). */
export function pointAt(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { row: lo, column: offset - starts[lo] };
}

export function applyEdit(text, edit) {
  return text.slice(0, edit.start) + edit.text + text.slice(edit.end);
}

const WORDS = ['invoice', 'total', 'customer', 'please', 'summary', 'refund', 'urgent', 'json', 'table', 'draft'];

/** One random small edit of text. */
function randomEdit(text, rand) {
  const starts = lineStarts(text);
  const row = Math.floor(rand() * starts.length);
  const lineStart = starts[row];
  const lineEnd = row + 1 < starts.length ? starts[row + 1] - 1 : text.length;
  const line = text.slice(lineStart, lineEnd);
  const word = WORDS[Math.floor(rand() * WORDS.length)];
  const kind = rand();
  const quote = line.search(/["'`]/);
  if (kind < 0.5 && quote >= 0) {
    // Type a word just inside a string literal.
    const at = lineStart + quote + 1;
    return { start: at, end: at, text: `${word} ` };
  }
  if (kind < 0.75 && line.trim().length > 0) {
    // Duplicate the line below itself (a new statement with the same indentation).
    return { start: lineEnd, end: lineEnd, text: `\n${line}` };
  }
  if (line.trim().length > 6) {
    // Delete a few characters after the indentation.
    const indent = line.length - line.trimStart().length;
    const from = lineStart + indent + Math.floor(rand() * (line.length - indent - 3));
    return { start: from, end: from + 1 + Math.floor(rand() * 3), text: '' };
  }
  return { start: lineStart, end: lineStart, text: `${word}` };
}

/** count edits, each applying to the text left by the ones before it. */
export function editSequence(text, count, seed) {
  const rand = prng(seed);
  const edits = [];
  let current = text;
  for (let i = 0; i < count; i++) {
    const edit = randomEdit(current, rand);
    edits.push(edit);
    current = applyEdit(current, edit);
  }
  return edits;
}
