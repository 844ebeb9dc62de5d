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
  const locations = locationsOf(item);
  let after = false;
  for (const l of locations) {
    if (l.range.end.line >= edit.firstLine && l.range.start.line <= edit.lastLine) return undefined;
    if (l.startOffset >= edit.oldEnd) after = true;
  }
  const redact = (item as Finding).redact;
  if (redact && redact.endOffset > edit.start && redact.startOffset < edit.oldEnd) return undefined;
  if (!after && !(redact && redact.startOffset >= edit.oldEnd)) return item;
  const moved = { ...item, location: moveLocation(item.location, edit) };
  if ('flow' in item) {
    const f = moved as Finding;
    f.flow = item.flow.map((s) => (s.location.startOffset >= edit.oldEnd ? { ...s, location: moveLocation(s.location, edit) } : s));
    if (item.redact && item.redact.startOffset >= edit.oldEnd) f.redact = { startOffset: item.redact.startOffset + edit.delta, endOffset: item.redact.endOffset + edit.delta };
    // Lazily computed fixes are not part of an editor result; eager ones would need moving too.
    if (item.fixes.length) return undefined;
  }
  return moved as T;
}

function moveLocation(l: Location, edit: MovingEdit): Location {
  if (l.startOffset < edit.oldEnd) return l;
  return {
    file: l.file,
    range: { start: { line: l.range.start.line + edit.lineDelta, character: l.range.start.character }, end: { line: l.range.end.line + edit.lineDelta, character: l.range.end.character } },
    startOffset: l.startOffset + edit.delta,
    endOffset: l.endOffset + edit.delta,
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
 * Candidates are found by the offset the previous item moves to.
 */
function slots<T extends Item>(previous: T[], next: T[], edit: MovingEdit): Slot<T>[] {
  const byMovedStart = new Map<number, number[]>();
  const moved: (T | undefined)[] = previous.map((p, i) => {
    const m = moveItem(p, edit);
    if (m) {
      const list = byMovedStart.get(m.location.startOffset);
      if (list) list.push(i);
      else byMovedStart.set(m.location.startOffset, [i]);
    }
    return m;
  });
  const used = new Set<number>();
  return next.map((item) => {
    for (const i of byMovedStart.get(item.location.startOffset) ?? []) {
      if (used.has(i) || !sameItem(moved[i]!, item)) continue;
      used.add(i);
      return i;
    }
    return item;
  });
}

/**
 * Whether two items are the same. Findings are compared on everything that is not fixed by
 * their rule (title, tags and documentation link come with the rule id); inventory items on
 * every field.
 */
function sameItem(a: Item, b: Item): boolean {
  if (a === b) return true;
  if (!sameLocation(a.location, b.location)) return false;
  if ('flow' in a && 'flow' in b) {
    if (a.ruleId !== b.ruleId || a.fingerprint !== b.fingerprint || a.severity !== b.severity || a.message !== b.message || a.flow.length !== b.flow.length) return false;
    if (a.fixes.length || b.fixes.length) return false;
    for (let i = 0; i < a.flow.length; i++) {
      const x = a.flow[i];
      const y = b.flow[i];
      if (x.note !== y.note || x.kind !== y.kind || !sameLocation(x.location, y.location)) return false;
    }
    if (JSON.stringify(a.suppression) !== JSON.stringify(b.suppression)) return false;
    return a.redact?.startOffset === b.redact?.startOffset && a.redact?.endOffset === b.redact?.endOffset;
  }
  if ('flow' in a || 'flow' in b) return false;
  // Call sites and model sources: flat records of strings, booleans and nulls besides the location.
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((k) => k === 'location' || x[k] === y[k]);
}

function sameLocation(a: Location, b: Location): boolean {
  return (
    a.startOffset === b.startOffset &&
    a.endOffset === b.endOffset &&
    a.file === b.file &&
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line &&
    a.range.end.character === b.range.end.character
  );
}
