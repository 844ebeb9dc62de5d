/**
 * Applying fixes to text, for "fix all" in the CLI, the editor and the tests. Edits overlap when
 * their ranges share text or an insertion falls inside a replaced range; insertions at the same
 * point do not (as in LSP, they keep the order they are listed in). Identical edits (the import or
 * helper several fixes add) are applied once; a fix whose edits overlap one already accepted is
 * left out whole, for the next run.
 */
import type { Fix, TextEdit } from '../findings';

export function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.startOffset === b.startOffset && a.endOffset === b.endOffset && a.newText === b.newText;
}

export function editsOverlap(a: TextEdit, b: TextEdit): boolean {
  if (a.startOffset === a.endOffset && b.startOffset === b.endOffset) return false;
  return a.startOffset < b.endOffset && b.startOffset < a.endOffset;
}

export function combineFixes(fixes: readonly Fix[]): { edits: TextEdit[]; applied: Fix[]; skipped: Fix[] } {
  const edits: TextEdit[] = [];
  const applied: Fix[] = [];
  const skipped: Fix[] = [];
  for (const fix of fixes) {
    const own = fix.edits.some((e, i) => fix.edits.some((o, j) => j > i && (editsOverlap(e, o) || sameEdit(e, o))));
    if (own || fix.edits.some((e) => edits.some((o) => !sameEdit(e, o) && editsOverlap(e, o)))) {
      skipped.push(fix);
      continue;
    }
    for (const e of fix.edits) if (!edits.some((o) => sameEdit(e, o))) edits.push(e);
    applied.push(fix);
  }
  return { edits, applied, skipped };
}

/**
 * Applies non-overlapping edits from the end of the text backwards. At one offset, a replacement
 * goes before insertions (so inserted text lands in front of it) and insertions go in reverse
 * list order (so they read in list order).
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  for (let i = 0; i < edits.length; i++) {
    for (let j = i + 1; j < edits.length; j++) {
      if (editsOverlap(edits[i], edits[j])) throw new Error(`overlapping edits at offsets ${edits[i].startOffset} and ${edits[j].startOffset}`);
    }
  }
  const order = edits.map((e, i) => ({ e, i }));
  order.sort((a, b) => b.e.startOffset - a.e.startOffset || b.e.endOffset - a.e.endOffset || b.i - a.i);
  let out = text;
  for (const { e } of order) out = out.slice(0, e.startOffset) + e.newText + out.slice(e.endOffset);
  return out;
}
