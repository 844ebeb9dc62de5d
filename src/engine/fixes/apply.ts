/**
 * Applying fixes to text, for "fix all" in the CLI, the editor and the tests: identical edits
 * (the import or helper several fixes add) are applied once, and a fix whose edits overlap one
 * already accepted is left out whole, for the next run.
 */
import type { Fix, TextEdit } from '../findings';

export function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.startOffset === b.startOffset && a.endOffset === b.endOffset && a.newText === b.newText;
}

/** Overlap: the ranges share text, an insertion falls inside a replaced range, or two different insertions share a point. */
export function editsOverlap(a: TextEdit, b: TextEdit): boolean {
  if (sameEdit(a, b)) return false;
  if (a.startOffset === a.endOffset && b.startOffset === b.endOffset) return a.startOffset === b.startOffset;
  return a.startOffset < b.endOffset && b.startOffset < a.endOffset;
}

export function combineFixes(fixes: readonly Fix[]): { edits: TextEdit[]; applied: Fix[]; skipped: Fix[] } {
  const edits: TextEdit[] = [];
  const applied: Fix[] = [];
  const skipped: Fix[] = [];
  for (const fix of fixes) {
    if (fix.edits.some((e, i) => fix.edits.some((o, j) => j !== i && (editsOverlap(e, o) || (j < i && sameEdit(e, o)))))) {
      skipped.push(fix);
      continue;
    }
    if (fix.edits.some((e) => edits.some((o) => editsOverlap(e, o)))) {
      skipped.push(fix);
      continue;
    }
    for (const e of fix.edits) if (!edits.some((o) => sameEdit(e, o))) edits.push(e);
    applied.push(fix);
  }
  return { edits, applied, skipped };
}

/** Applies non-overlapping edits, from the end of the text backwards. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.startOffset - a.startOffset || b.endOffset - a.endOffset);
  for (let i = 1; i < sorted.length; i++) {
    if (editsOverlap(sorted[i], sorted[i - 1])) throw new Error(`overlapping edits at ${sorted[i].startOffset}`);
  }
  let out = text;
  for (const e of sorted) out = out.slice(0, e.startOffset) + e.newText + out.slice(e.endOffset);
  return out;
}
