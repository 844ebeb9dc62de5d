/**
 * Expressions of the dataflow analysis: names (with the sources they read), attributes and
 * indexes, operators, literals, containers, comprehensions and JSX; calls are in calls.ts. Each
 * gives the abstract value of the expression; the Interpreter evaluates them (evalExpr) within
 * its bounds.
 */
import type { Expr } from '../ir';
import type { Span } from '../span';
import type { Frame, Interpreter } from './interpreter';
import { evalCall } from './calls';
import { bind } from './statements';
import {
  EMPTY,
  combine,
  constantValue,
  deepTaints,
  elementOf,
  extendTaint,
  flatten,
  join,
  joinAll,
  mergeTaints,
  refValue,
  setField,
  withSpan,
  type Taint,
  type Value,
} from './values';

/** Constant strings built with `+` stop being tracked past this length (`s = s + s` doubles). */
const MAX_CONSTANT_LENGTH = 100_000;

/** The abstract value of an expression (called through Interpreter.evalExpr, which bounds it). */
export function evalExpression(interp: Interpreter, e: Expr, frame: Frame): Value {
  switch (e.k) {
    case 'name':
      return evalName(interp, e.name, e.span, frame);
    case 'attr':
      return attrOf(interp, interp.evalExpr(e.obj, frame), e.name, e.span, frame, e.obj);
    case 'index': {
      const obj = interp.evalExpr(e.obj, frame);
      const key = interp.evalExpr(e.index, frame);
      return indexOf(obj, key, e.span);
    }
    case 'call':
      return evalCall(interp, e, frame);
    case 'str':
      if (e.value !== null && !e.parts.length) return constantValue(e.value, e.span);
      return combine(e.parts.map((p) => interp.evalExpr(p, frame)), e.span, 'formatted into a string');
    case 'lit':
      return constantValue(e.kind === 'regex' ? String(e.value) : e.value, e.span);
    case 'op':
      return evalOp(interp, e.op, e.args, e.span, frame);
    case 'seq': {
      let items: Value[] = [];
      for (const item of e.items) {
        const v = interp.evalExpr(item, frame);
        if (item.k === 'spread') items = items.concat(v.items ?? [flatten(v)]);
        else items.push(v);
      }
      return { taints: [], refs: [], items: items.slice(0, 24), span: e.span };
    }
    case 'dict': {
      let v: Value = { taints: [], refs: [], fields: new Map(), span: e.span };
      for (const entry of e.entries) {
        const value = interp.evalExpr(entry.value, frame);
        if (entry.spread) {
          for (const [k, f] of value.fields ?? []) v = setField(v, k, f);
          // Spreading something unknown (a module, a parameter) means the keys are not an explicit table.
          v = { ...v, taints: mergeTaints(v.taints, value.taints), refs: value.fields ? v.refs : [...v.refs, ...value.refs, ...(value.refs.length ? [] : ['{...}'])] };
        } else if (entry.key !== null) {
          v = setField(v, entry.key, value);
        } else {
          if (entry.keyExpr) interp.evalExpr(entry.keyExpr, frame);
          v = { ...v, taints: mergeTaints(v.taints, deepTaints(value)) };
        }
      }
      return v;
    }
    case 'func': {
      const fn = interp.makeFunction(e.fn, frame.env, frame.self?.cls);
      return { taints: [], refs: [], fn, span: e.span };
    }
    case 'await':
      return withSpan(interp.evalExpr(e.expr, frame), e.span);
    case 'spread':
      return interp.evalExpr(e.expr, frame);
    case 'comp':
      return evalComprehension(interp, e, frame);
    case 'jsx':
      evalJsx(interp, e, frame);
      return { taints: [], refs: [], span: e.span };
    case 'unknown':
      return combine(e.children.map((c) => interp.evalExpr(c, frame)), e.span);
  }
}

function evalName(interp: Interpreter, name: string, span: Span, frame: Frame): Value {
  if (name === 'this' && frame.self) return withSpan(frame.self, span);
  const bound = frame.env.get(name);
  if (bound) {
    // An imported source (`from flask import request`) is tainted where it is read, so the path starts there.
    let v = withSpan(bound, span);
    if (!v.fn && !v.cls) for (const ref of v.refs) v = sourceTaintOfRef(interp, v, ref);
    return v;
  }
  // A global or builtin: its own name is its qualified name (`eval`, `fetch`, `process`).
  return sourceTaintOfRef(interp, refValue([name], span), name);
}

/** Adds the taint of a source when `ref` names untrusted data (`flask.request`, `process.argv`). */
function sourceTaintOfRef(interp: Interpreter, v: Value, ref: string): Value {
  const source = interp.rules.sourceForValue(ref);
  if (!source) return v;
  const taint: Taint = { label: source.label, steps: [{ span: v.span ?? { start: 0, end: 0 }, note: source.description }], cleared: [] };
  const kept = source.replaces.length ? v.taints.filter((t) => !source.replaces.includes(t.label)) : v.taints;
  return { ...v, taints: mergeTaints(kept, [taint]) };
}

/**
 * `obj.name`: a known field, an instance's attribute or method (inside a method, also the
 * symbolic `field:X` a caller fills in), else the qualified name one segment longer, with the
 * sources that name or attribute is.
 */
export function attrOf(interp: Interpreter, obj: Value, name: string, span: Span, frame: Frame, objExpr?: Expr): Value {
  const isSelf = objExpr?.k === 'name' && frame.self?.cls && (objExpr.name === frame.selfName || objExpr.name === 'this');
  const cls = obj.cls;
  const known = obj.fields?.get(name);
  if (known && !isSelf) return withSpan(known, span);
  if (cls) {
    if (isSelf) {
      // Inside a method: what this method set, else what any method set (concrete), plus the
      // symbolic `field:X` that a caller replaces with what it knows of its instance.
      const local = frame.selfWrites?.get(name);
      if (local) return withSpan(local, span);
      const shared = cls.instanceFields.get(name);
      const symbolic: Value = { taints: [{ label: `field:${name}`, steps: [{ span, note: `read from self.${name}` }], cleared: [] }], refs: [] };
      if (shared || !cls.methods.get(name)) return withSpan(join(shared ?? EMPTY, symbolic), span);
    } else {
      const field = cls.instanceFields.get(name);
      if (field && obj.refs.some((r) => r.startsWith('cls:'))) return withSpan(field, span);
    }
    const method = cls.methods.get(name);
    if (method) return { taints: [], refs: [], fn: method, span };
  }
  // `request.user`, `request.method`: set by the server, not by whoever sent the request.
  const taints = obj.taints.some((t) => interp.rules.trustedAttribute(t.label, name)) ? obj.taints.filter((t) => !interp.rules.trustedAttribute(t.label, name)) : obj.taints;
  let v: Value = { taints, refs: obj.refs.map((r) => `${r}.${name}`), span, meta: obj.meta };
  for (const ref of v.refs) v = sourceTaintOfRef(interp, v, ref);
  for (const spec of interp.rules.sourceAttributes.get(name) ?? []) {
    // `req.file` of a request: an uploaded file, a more specific source than the request.
    const replaced = v.taints.filter((t) => spec.replaces.includes(t.label));
    if (!replaced.length) continue;
    const relabelled = replaced.map((t) => extendTaint({ ...t, label: spec.label }, { span, note: spec.description }));
    v = { ...v, taints: mergeTaints(v.taints.filter((t) => !spec.replaces.includes(t.label)), relabelled) };
  }
  return v;
}

/** `obj[key]`: a known field or list item for a constant key, else everything the value holds. */
function indexOf(obj: Value, key: Value, span: Span): Value {
  if (key.constant !== undefined && key.constant !== null) {
    const field = obj.fields?.get(String(key.constant));
    if (field) return withSpan(field, span);
    if (typeof key.constant === 'number' && obj.items?.length) {
      const i = key.constant < 0 ? obj.items.length + key.constant : key.constant;
      const item = obj.items[i];
      if (item) return withSpan(item, span);
    }
  }
  return { taints: deepTaints(obj), refs: obj.refs.map((r) => `${r}[]`), span };
}

function evalOp(interp: Interpreter, op: string, args: Expr[], span: Span, frame: Frame): Value {
  const values = args.map((a) => interp.evalExpr(a, frame));
  switch (op) {
    case '?:':
      return withSpan(join(values[1] ?? EMPTY, values[2] ?? EMPTY), span);
    case 'and':
    case 'or':
    case '&&':
    case '||':
    case '??':
      return withSpan(joinAll(values), span);
    case '|': {
      // LangChain pipes `prompt | llm | parser`: the chain is all of its parts.
      const v = joinAll(values);
      return { ...v, span };
    }
    case '+': {
      const [a, b] = values;
      if (a && b && typeof a.constant === 'string' && typeof b.constant === 'string' && a.constant.length + b.constant.length <= MAX_CONSTANT_LENGTH) {
        return constantValue(a.constant + b.constant, span);
      }
      if (a?.items && b?.items) return { taints: [], refs: [], items: [...a.items, ...b.items].slice(0, 24), span };
      return combine(values, span);
    }
    case '%':
    case '+=':
      return combine(values, span, op === '%' ? 'formatted into a string' : undefined);
    case 'yield':
      if (values[0]) frame.returns.push(values[0]);
      return EMPTY;
    case ',':
      return values[values.length - 1] ?? EMPTY;
    case ':=': {
      const target = args[0];
      const v = values[1] ?? EMPTY;
      if (target?.k === 'name') frame.env.set(target.name, v);
      return v;
    }
    default:
      // Comparisons, arithmetic, `not`, `typeof`: the result is a number or a boolean.
      return { taints: [], refs: [], span };
  }
}

function evalComprehension(interp: Interpreter, e: Extract<Expr, { k: 'comp' }>, frame: Frame): Value {
  const inner: Frame = { ...frame, env: frame.env.fork() };
  for (const g of e.generators) {
    const iter = interp.evalExpr(g.iter, inner);
    bind(interp, g.target, elementOf(iter, false, g.iter.span, false), inner);
    for (const c of g.conds) interp.evalExpr(c, inner);
  }
  const elt = interp.evalExpr(e.elt, inner);
  if (e.keyElt) {
    const key = interp.evalExpr(e.keyElt, inner);
    return { taints: mergeTaints(deepTaints(key), deepTaints(elt)), refs: [], span: e.span };
  }
  return { taints: [], refs: [], items: [elt], span: e.span };
}

function evalJsx(interp: Interpreter, e: Extract<Expr, { k: 'jsx' }>, frame: Frame): void {
  for (const attr of e.attrs) {
    if (!attr.value) continue;
    const v = interp.evalExpr(attr.value, frame);
    const sinks = attr.name ? interp.rules.jsxSinks.get(attr.name) : undefined;
    for (const sink of sinks ?? []) {
      for (const t of deepTaints(v)) {
        interp.hit({ ruleId: sink.rule.spec.id, sinkSpan: attr.value.span, sinkNote: `rendered as HTML through ${attr.name}`, taint: t, sinkLabel: sink.spec.label }, frame);
      }
    }
  }
  for (const c of e.children) interp.evalExpr(c, frame);
}
