/**
 * A document's new result as a difference from its previous one, for the trip from the analysis
 * worker to the editor: after a small edit most findings are the same, moved by the edit. A
 * result of a thousand findings is about 2 MB to copy across threads; the difference is the few
 * findings the edit changed. Both sides move the previous items with the same function, so the
 * receiver rebuilds exactly the result the worker has.
 */
import type { FileResult, Finding, Location } from './findings';

/** An edit of the text: [start, oldEnd) replaced, `delta` characters longer; lines of the old text. */
export interface MovingEdit {
  start: number;
  oldEnd: number;
  delta: number;
  /** The old text's lines the edit touched (first and last), and how many lines it added. */
  firstLine: number;
  lastLine: number;
  lineDelta: number;
}

type Item = FileResult['findings'][number] | FileResult['callSites'][number] | FileResult['modelSources'][number];

/** Each new item: an index into the previous list (that item, moved by the edit), or a new item. */
type Slot<T> = number | T;

export interface ResultDelta {
  edit: MovingEdit;
  findings: Slot<Finding>[];
  callSites: Slot<FileResult['callSites'][number]>[];
  modelSources: Slot<FileResult['modelSources'][number]>[];
  notices: FileResult['notices'];
  elapsedMs: number;
}

/**
 * An item after the edit: unchanged before it, moved after it (later lines keep their columns),
 * undefined when the edit touched one of its lines (its text, and so its fingerprint or column,
 * may have changed).
 */
export function moveItem<T extends Item>(item: T, edit: MovingEdit): T | undefined {
  if (touchedBy(item, edit)) return undefined;
  const redact = (item as Finding).redact;
  if (!locationsOf(item).some((l) => movesWith(l.startOffset, edit)) && !(redact && movesWith(redact.startOffset, edit))) return item;
  const moved = { ...item, location: moveLocation(item.location, edit) };
  if ('flow' in item) {
    const f = moved as Finding;
    f.flow = item.flow.map((s) => (movesWith(s.location.startOffset, edit) ? { ...s, location: moveLocation(s.location, edit) } : s));
    if (item.redact && movesWith(item.redact.startOffset, edit)) f.redact = { startOffset: item.redact.startOffset + edit.delta, endOffset: item.redact.endOffset + edit.delta };
    // Lazily computed fixes are not part of an editor result; eager ones would need moving too.
    if (item.fixes.length) return undefined;
  }
  return moved as T;
}

/** Whether the edit touched one of the item's lines, or its redacted text. */
function touchedBy(item: Item, edit: MovingEdit): boolean {
  const onEditedLine = (l: Location): boolean => l.range.end.line >= edit.firstLine && l.range.start.line <= edit.lastLine;
  if (onEditedLine(item.location) || ('flow' in item && item.flow.some((s) => onEditedLine(s.location)))) return true;
  const redact = (item as Finding).redact;
  return !!redact && redact.endOffset > edit.start && redact.startOffset < edit.oldEnd;
}

/** Whether a location (or redacted span) starting at `startOffset` moves whole with the edit: it starts after it. */
const movesWith = (startOffset: number, edit: MovingEdit): boolean => startOffset >= edit.oldEnd;

/** How far a location starting at `startOffset` moves, in offsets and lines. */
const movedBy = (startOffset: number, edit: MovingEdit): { offsets: number; lines: number } =>
  movesWith(startOffset, edit) ? { offsets: edit.delta, lines: edit.lineDelta } : NOT_MOVED;
const NOT_MOVED = { offsets: 0, lines: 0 };

function moveLocation(l: Location, edit: MovingEdit): Location {
  const by = movedBy(l.startOffset, edit);
  if (by === NOT_MOVED) return l;
  return {
    file: l.file,
    range: { start: { line: l.range.start.line + by.lines, character: l.range.start.character }, end: { line: l.range.end.line + by.lines, character: l.range.end.character } },
    startOffset: l.startOffset + by.offsets,
    endOffset: l.endOffset + by.offsets,
  };
}

function locationsOf(item: Item): Location[] {
  return 'flow' in item ? [item.location, ...item.flow.map((s) => s.location)] : [item.location];
}

/** The new result as a difference from the previous one, given the edit between them. */
export function diffResult(previous: FileResult, next: FileResult, edit: MovingEdit): ResultDelta {
  return {
    edit,
    findings: slots(previous.findings, next.findings, edit),
    callSites: slots(previous.callSites, next.callSites, edit),
    modelSources: slots(previous.modelSources, next.modelSources, edit),
    notices: next.notices,
    elapsedMs: next.elapsedMs,
  };
}

/** The result a delta describes, from the previous one. */
export function applyDelta(previous: FileResult, delta: ResultDelta): FileResult {
  const rebuild = <T extends Item>(old: T[], list: Slot<T>[]): T[] =>
    list.map((s) => {
      if (typeof s !== 'number') return s;
      const moved = moveItem(old[s], delta.edit);
      if (!moved) throw new Error('result delta refers to an item the edit changed');
      return moved;
    });
  return {
    file: previous.file,
    language: previous.language,
    findings: rebuild(previous.findings, delta.findings),
    callSites: rebuild(previous.callSites, delta.callSites),
    modelSources: rebuild(previous.modelSources, delta.modelSources),
    notices: delta.notices,
    elapsedMs: delta.elapsedMs,
  };
}

/**
 * For each new item, the index of a previous item that moves to exactly it, else the item.
 * Candidates are found by the offset the previous item moves to. This runs on every keystroke
 * over every item of the file, so it compares where items would move without moving them.
 */
function slots<T extends Item>(previous: T[], next: T[], edit: MovingEdit): Slot<T>[] {
  const byMovedStart = new Map<number, number[]>();
  previous.forEach((p, i) => {
    if (touchedBy(p, edit)) return;
    const start = p.location.startOffset + movedBy(p.location.startOffset, edit).offsets;
    const list = byMovedStart.get(start);
    if (list) list.push(i);
    else byMovedStart.set(start, [i]);
  });
  const used = new Set<number>();
  return next.map((item) => {
    for (const i of byMovedStart.get(item.location.startOffset) ?? []) {
      if (used.has(i) || !movesTo(previous[i], item, edit)) continue;
      used.add(i);
      return i;
    }
    return item;
  });
}

/**
 * Whether `moveItem(a, edit)` is the same as `b` (for an `a` the edit did not touch). Findings
 * are compared on everything that is not fixed by their rule (title, tags and documentation link
 * come with the rule id); inventory items on every field.
 */
function movesTo(a: Item, b: Item, edit: MovingEdit): boolean {
  if (!sameMovedLocation(a.location, b.location, edit)) return false;
  if ('flow' in a && 'flow' in b) {
    if (a.ruleId !== b.ruleId || a.fingerprint !== b.fingerprint || a.severity !== b.severity || a.message !== b.message || a.flow.length !== b.flow.length) return false;
    // moveItem drops moved findings with fixes: a finding with fixes is sent whole.
    if (a.fixes.length || b.fixes.length) return false;
    for (let i = 0; i < a.flow.length; i++) {
      const x = a.flow[i];
      const y = b.flow[i];
      if (x.note !== y.note || x.kind !== y.kind || !sameMovedLocation(x.location, y.location, edit)) return false;
    }
    if (JSON.stringify(a.suppression) !== JSON.stringify(b.suppression)) return false;
    if (!a.redact || !b.redact) return !a.redact && !b.redact;
    const by = movedBy(a.redact.startOffset, edit).offsets;
    return a.redact.startOffset + by === b.redact.startOffset && a.redact.endOffset + by === b.redact.endOffset;
  }
  if ('flow' in a || 'flow' in b) return false;
  // Call sites and model sources: flat records of strings, booleans and nulls besides the location.
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((k) => k === 'location' || x[k] === y[k]);
}

/** Whether location `a` of the old text, moved by the edit, is `b`. */
function sameMovedLocation(a: Location, b: Location, edit: MovingEdit): boolean {
  const by = movedBy(a.startOffset, edit);
  return (
    a.startOffset + by.offsets === b.startOffset &&
    a.endOffset + by.offsets === b.endOffset &&
    a.file === b.file &&
    a.range.start.line + by.lines === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line + by.lines === b.range.end.line &&
    a.range.end.character === b.range.end.character
  );
}
