// A reproducible sequence of small edits, like a person editing code in an editor: words typed
// into string literals, letters deleted from them, and new statement lines inserted before
// existing statements. Every edit keeps the file parseable, so errors do not pile up over a
// sequence (a real user's half-typed states come and go; 200 unrepaired breakages would not).
// Each edit is { start, end, text } in UTF-16 offsets of the text it applies to.
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
const PY_STATEMENT = /^(\s*)(return\b|[a-z_][a-z_0-9]* = )/;
const TS_STATEMENT = /^(\s*)(const |let |return\b)/;

function lineAt(text, starts, row) {
  const start = starts[row];
  const end = row + 1 < starts.length ? starts[row + 1] - 1 : text.length;
  return { start, text: text.slice(start, end) };
}

/** Offset range of the first string literal's content on a line, or undefined. */
function stringContent(line) {
  const match = /(["'])([^"'\\{}$]*)\1/.exec(line);
  return match ? { from: match.index + 1, to: match.index + 1 + match[2].length } : undefined;
}

/** One random small edit of text that keeps it parseable. n numbers inserted names uniquely. */
function randomEdit(text, rand, python, n) {
  const starts = lineStarts(text);
  const word = WORDS[Math.floor(rand() * WORDS.length)];
  const kind = rand();
  // Look for a line where the chosen kind of edit applies, starting from a random line.
  const first = Math.floor(rand() * starts.length);
  for (let k = 0; k < starts.length; k++) {
    const line = lineAt(text, starts, (first + k) % starts.length);
    const literal = stringContent(line.text);
    if (kind < 0.4 && literal) {
      // Type a word at the start of a string literal's content.
      const at = line.start + literal.from;
      return { start: at, end: at, text: `${word} ` };
    }
    if (kind >= 0.4 && kind < 0.6 && literal && literal.to - literal.from > 3) {
      // Delete one to three characters inside a string literal.
      const from = line.start + literal.from + Math.floor(rand() * (literal.to - literal.from - 3));
      return { start: from, end: from + 1 + Math.floor(rand() * 3), text: '' };
    }
    const statement = (python ? PY_STATEMENT : TS_STATEMENT).exec(line.text);
    if (kind >= 0.6 && statement) {
      // Insert a new statement before an existing one, at its indentation.
      const indent = statement[1];
      const added = python ? `${indent}trace_${n} = "${word}"\n` : `${indent}const trace${n} = '${word}';\n`;
      return { start: line.start, end: line.start, text: added };
    }
  }
  throw new Error('no line accepts an edit');
}

/** count edits, each applying to the text left by the ones before it. */
export function editSequence(text, count, seed, language) {
  const rand = prng(seed);
  const python = language === 'python';
  const edits = [];
  let current = text;
  for (let i = 0; i < count; i++) {
    const edit = randomEdit(current, rand, python, i + 1);
    edits.push(edit);
    current = applyEdit(current, edit);
  }
  return edits;
}

/**
 * count single-character edits that type new statements, one character at a time, at the
 * indentation of existing ones: most texts in between do not parse (an open quote, a name
 * without its value), as while a person types.
 */
export function typingSequence(text, count, seed, language) {
  const rand = prng(seed);
  const python = language === 'python';
  const edits = [];
  let current = text;
  for (let n = 1; edits.length < count; n++) {
    const starts = lineStarts(current);
    const first = Math.floor(rand() * starts.length);
    let at = -1;
    let indent = '';
    for (let k = 0; k < starts.length && at < 0; k++) {
      const line = lineAt(current, starts, (first + k) % starts.length);
      const statement = (python ? PY_STATEMENT : TS_STATEMENT).exec(line.text);
      if (statement) {
        at = line.start;
        indent = statement[1];
      }
    }
    if (at < 0) throw new Error('no line accepts an edit');
    const word = WORDS[Math.floor(rand() * WORDS.length)];
    const typed = python ? `${indent}note_${n} = "${word}"\n` : `${indent}const note${n} = '${word}';\n`;
    for (let i = 0; i < typed.length && edits.length < count; i++) {
      const edit = { start: at + i, end: at + i, text: typed[i] };
      edits.push(edit);
      current = applyEdit(current, edit);
    }
  }
  return edits;
}
