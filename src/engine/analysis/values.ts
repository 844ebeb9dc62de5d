/**
 * Abstract values of the dataflow analysis. A value knows what it may be tainted with (and how
 * it got there), what it refers to (qualified names, for resolving SDK calls), its known fields
 * and list items (for message lists), and its constant, when it has one.
 * Values are treated as immutable: every operation returns a new value.
 */
import type { FunctionDecl, ClassStmt } from '../ir';
import type { Span } from '../span';

export interface Step {
  span: Span;
  note: string;
}

export interface Taint {
  /** Source label ('untrusted-request', 'llm-output', ...) or 'param:N' inside a summary. */
  label: string;
  /** The path so far, source first. */
  steps: Step[];
  /** Sanitizer kinds applied on the way ('shell', 'html', 'validation', ...). */
  cleared: string[];
}

export interface FunctionRef {
  decl: FunctionDecl;
  /** Identity used for summaries. */
  id: number;
  /** The class it is a method of, if any. */
  owner?: ClassInfo;
  /**
   * The top-level statement (chunk) whose analysis created it: its facts belong to that chunk,
   * which is what lets the editor re-analyse only the chunks an edit can affect.
   */
  chunk: number;
}

export interface ClassInfo {
  decl: ClassStmt;
  id: number;
  methods: Map<string, FunctionRef>;
  /** Qualified names of the bases, resolved. */
  baseRefs: string[];
  /** Attributes set on instances (`self.client = OpenAI()`), shared by all methods. */
  instanceFields: Map<string, Value>;
}

export interface Value {
  taints: Taint[];
  /** Qualified names this value may be (`openai.OpenAI()`, `flask.request`, `subprocess.run`). */
  refs: string[];
  fields?: Map<string, Value>;
  /** Known list items, in order (bounded). */
  items?: Value[];
  constant?: string | number | boolean | null;
  fn?: FunctionRef;
  cls?: ClassInfo;
  /** The expression that produced the value (where a finding on it is shown). */
  span?: Span;
  /** For LLM clients: the model and endpoint given to the constructor (for the inventory). */
  meta?: { model?: string; endpoint?: string };
}

const MAX_TAINTS = 6;
const MAX_REFS = 8;
const MAX_ITEMS = 24;
const MAX_STEPS = 40;
const MAX_FIELDS = 64;

export const EMPTY: Value = Object.freeze({ taints: [], refs: [] }) as Value;

export function constantValue(constant: Value['constant'], span?: Span): Value {
  return { taints: [], refs: [], constant, span };
}

export function refValue(refs: string[], span?: Span): Value {
  return { taints: [], refs: refs.slice(0, MAX_REFS), span };
}

export function withSpan(v: Value, span: Span): Value {
  return { ...v, span };
}

export function isTainted(v: Value): boolean {
  return deepTaints(v).length > 0;
}

/** Adds a step to every taint of a value (and of its parts). */
export function addStep(v: Value, step: Step): Value {
  if (!hasAnyTaint(v)) return v;
  const out: Value = { ...v, taints: v.taints.map((t) => extendTaint(t, step)) };
  if (v.fields) out.fields = mapFields(v.fields, (f) => addStep(f, step));
  if (v.items) out.items = v.items.map((i) => addStep(i, step));
  return out;
}

export function extendTaint(t: Taint, step: Step): Taint {
  const last = t.steps[t.steps.length - 1];
  if (last && last.span.start === step.span.start && last.span.end === step.span.end) return t;
  if (t.steps.length >= MAX_STEPS) return t;
  return { ...t, steps: [...t.steps, step] };
}

function hasAnyTaint(v: Value): boolean {
  if (v.taints.length) return true;
  if (v.fields) for (const f of v.fields.values()) if (hasAnyTaint(f)) return true;
  if (v.items) for (const i of v.items) if (hasAnyTaint(i)) return true;
  return false;
}

function mapFields(fields: Map<string, Value>, fn: (v: Value) => Value): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const [k, f] of fields) out.set(k, fn(f));
  return out;
}

/** All taints of a value, its fields and items: what flows if the whole value is used as text. */
export function deepTaints(v: Value, depth = 0): Taint[] {
  if (depth > 8 || (!v.fields && !v.items)) return v.taints;
  let out = v.taints;
  if (v.fields) for (const f of v.fields.values()) out = mergeTaints(out, deepTaints(f, depth + 1));
  if (v.items) for (const i of v.items) out = mergeTaints(out, deepTaints(i, depth + 1));
  return out;
}

/** The value flattened into a single value carrying all taints (used when structure is lost). */
export function flatten(v: Value): Value {
  if (!v.fields && !v.items) return v;
  return { taints: deepTaints(v), refs: v.refs, span: v.span, fn: v.fn, cls: v.cls };
}

export function mergeTaints(a: Taint[], b: Taint[]): Taint[] {
  if (!b.length) return a;
  if (!a.length) return b;
  const out = a.slice();
  for (const t of b) {
    const same = out.findIndex((o) => o.label === t.label && sameCleared(o, t) && o.steps[0]?.span.start === t.steps[0]?.span.start);
    if (same >= 0) {
      // Keep the shorter path: easier to read and to fix.
      if (t.steps.length < out[same].steps.length) out[same] = t;
    } else if (out.length < MAX_TAINTS) {
      out.push(t);
    }
  }
  return out;
}

function sameCleared(a: Taint, b: Taint): boolean {
  return a.cleared.length === b.cleared.length && a.cleared.every((c) => b.cleared.includes(c));
}

function mergeRefs(a: string[], b: string[]): string[] {
  if (!b.length) return a;
  if (!a.length) return b;
  const out = a.slice();
  for (const r of b) if (!out.includes(r) && out.length < MAX_REFS) out.push(r);
  return out;
}

/** The join of two possible values (after if/else, loops, `a or b`). */
export function join(a: Value, b: Value): Value {
  if (a === b) return a;
  const out: Value = {
    taints: mergeTaints(a.taints, b.taints),
    refs: mergeRefs(a.refs, b.refs),
    span: a.span ?? b.span,
    fn: a.fn ?? b.fn,
    cls: a.cls ?? b.cls,
  };
  if (a.constant !== undefined && a.constant === b.constant) out.constant = a.constant;
  if (a.fields || b.fields) {
    const fields = new Map<string, Value>(a.fields ?? []);
    for (const [k, f] of b.fields ?? []) {
      const prev = fields.get(k);
      if (prev) fields.set(k, join(prev, f));
      else if (fields.size < MAX_FIELDS) fields.set(k, f);
    }
    out.fields = fields;
  }
  if (a.items || b.items) out.items = joinItems(a.items ?? [], b.items ?? []);
  return out;
}

function joinItems(a: Value[], b: Value[]): Value[] {
  const out = a.slice();
  for (const item of b) if (!out.includes(item) && out.length < MAX_ITEMS) out.push(item);
  return out;
}

export function joinAll(values: Value[]): Value {
  if (!values.length) return EMPTY;
  return values.reduce((acc, v) => join(acc, v));
}

/** A value derived from others by an operation that keeps their data (`a + b`, `f"{a}"`). */
export function combine(parts: Value[], span: Span, note?: string): Value {
  let taints: Taint[] = [];
  for (const p of parts) taints = mergeTaints(taints, deepTaints(p));
  const v: Value = { taints, refs: [], span };
  return note ? addStep(v, { span, note }) : v;
}

export function appendItem(list: Value, item: Value): Value {
  const items = list.items ? list.items.slice() : [];
  if (items.length < MAX_ITEMS) items.push(item);
  else return { ...list, taints: mergeTaints(list.taints, deepTaints(item)) };
  return { ...list, items };
}

export function setField(obj: Value, key: string, v: Value): Value {
  const fields = new Map(obj.fields ?? []);
  if (fields.size < MAX_FIELDS || fields.has(key)) fields.set(key, v);
  else return { ...obj, taints: mergeTaints(obj.taints, deepTaints(v)) };
  return { ...obj, fields };
}

/** Marks every taint as cleared for a sanitizer kind. */
export function clear(v: Value, kind: string): Value {
  return mapTaints(v, (t) => [t.cleared.includes(kind) ? t : { ...t, cleared: [...t.cleared, kind] }]);
}

/** Drops taints entirely (validated data: numbers, allowlisted values, schema-parsed objects). */
export function untaint(v: Value): Value {
  return mapTaints(v, () => []);
}

export function stringConstant(v: Value): string | undefined {
  return typeof v.constant === 'string' ? v.constant : undefined;
}

/** A taint that stands for what a caller passes (`param:N`) or what an instance holds (`field:X`), inside a summary. */
export function isSymbolic(t: Taint): boolean {
  return t.label.startsWith('param:') || t.label.startsWith('field:');
}

/** The value with each taint (of it, its fields and items) replaced by `fn` of it. */
export function mapTaints(v: Value, fn: (t: Taint) => Taint[]): Value {
  const out: Value = { ...v, taints: v.taints.flatMap(fn) };
  if (v.fields) out.fields = mapFields(v.fields, (f) => mapTaints(f, fn));
  if (v.items) out.items = v.items.map((i) => mapTaints(i, fn));
  return out;
}

/** The value with only its concrete taints: what a method's write to `self.X` means in any other method. */
export function withoutSymbolic(v: Value): Value {
  return mapTaints(v, (t) => (isSymbolic(t) ? [] : [t]));
}

/** The value with the field at `path` replaced by `update` of it (creating the field from the value's data). */
export function updatePath(v: Value, path: string[], update: (x: Value) => Value): Value {
  const [head, ...rest] = path;
  const current = v.fields?.get(head) ?? { taints: v.taints, refs: v.refs.map((r) => `${r}.${head}`) };
  return setField(v, head, rest.length ? updatePath(current, rest, update) : update(current));
}

/** What iterating over a value yields: its items, or the value itself (a stream's chunks). */
export function elementOf(v: Value, overKeys: boolean, span: Span, isAsync: boolean): Value {
  if (overKeys) return { taints: [], refs: [], span };
  if (v.items?.length) {
    const joined = joinAll(v.items);
    return addStep({ ...joined, taints: mergeTaints(joined.taints, v.taints) }, { span, note: isAsync ? 'read from the stream' : 'iterated' });
  }
  if (!deepTaints(v).length) return { taints: [], refs: v.refs.map((r) => `${r}[]`), span };
  return addStep({ taints: deepTaints(v), refs: v.refs.map((r) => `${r}[]`), span }, { span, note: isAsync ? 'read from the stream' : 'iterated' });
}

/** An instance of a class, as `self` / `this` inside its methods. */
export function instanceOf(cls: ClassInfo): Value {
  return { taints: [], refs: [`cls:${cls.decl.name ?? 'anonymous'}()`], cls };
}
