/**
 * Statements of the dataflow analysis: assignments and the patterns they bind, branches (with
 * the checks that narrow a variable), loops, try blocks, classes, functions and imports. Each
 * updates the frame's environment; the Interpreter runs them (execStmt) within its bounds.
 */
import type { ClassStmt, Expr, Pattern, Stmt } from '../ir';
import type { Span } from '../span';
import type { Frame, Interpreter } from './interpreter';
import { guardedNames } from './guards';
import { noteRouteRegistration } from './handlers';
import { normaliseModule } from './qualified-names';
import { attrOf } from './expressions';
import {
  EMPTY,
  addStep,
  clear,
  combine,
  deepTaints,
  elementOf,
  flatten,
  instanceOf,
  join,
  mergeTaints,
  refValue,
  setField,
  stringConstant,
  updatePath,
  withoutSymbolic,
  type ClassInfo,
  type FunctionRef,
  type Value,
} from './values';

/** Runs one statement; true when it always leaves the block (return, raise, `sys.exit()`). */
export function execStatement(interp: Interpreter, s: Stmt, frame: Frame): boolean {
  switch (s.k) {
    case 'assign':
      execAssign(interp, s.target, s.value, s.op, s.span, frame);
      return false;
    case 'expr': {
      interp.evalExpr(s.expr, frame);
      return isExitCall(s.expr);
    }
    case 'return':
      frame.returns.push(s.value ? interp.evalExpr(s.value, frame) : EMPTY);
      return true;
    case 'exit':
      if (s.value) interp.evalExpr(s.value, frame);
      return true;
    case 'if':
      return execIf(interp, s.test, s.then, s.else, frame);
    case 'loop':
      execLoop(interp, s, frame);
      return false;
    case 'try': {
      const before = frame.env.fork();
      const exitsBody = interp.execBlock(s.body, frame);
      if (!exitsBody) interp.execBlock(s.else, frame);
      let allExit = exitsBody;
      for (const h of s.handlers) {
        const hf: Frame = { ...frame, env: before.fork() };
        hf.env.mergeFrom(before, frame.env);
        if (h.name) bind(interp, h.name, EMPTY, hf);
        const exits = interp.execBlock(h.body, hf);
        if (!exits) frame.env.mergeFrom(frame.env, hf.env);
        allExit = allExit && exits;
      }
      const exitsFinally = interp.execBlock(s.finally, frame);
      return exitsFinally || (allExit && s.handlers.length > 0);
    }
    case 'with':
      for (const item of s.items) {
        const v = interp.evalExpr(item.value, frame);
        if (item.target) bind(interp, item.target, v, frame);
      }
      return interp.execBlock(s.body, frame);
    case 'func': {
      const fn = interp.makeFunction(s.fn, frame.env, undefined);
      applyDecorators(interp, fn, frame);
      if (s.fn.name) frame.env.set(s.fn.name, { taints: [], refs: [], fn, span: s.fn.nameSpan ?? s.span });
      return false;
    }
    case 'class':
      execClass(interp, s, frame);
      return false;
    case 'import':
      execImport(s.module, s.names, frame);
      return false;
    case 'block':
      return interp.execBlock(s.body, frame);
  }
}

function execIf(interp: Interpreter, test: Expr, thenBody: Stmt[], elseBody: Stmt[], frame: Frame): boolean {
  interp.evalExpr(test, frame);
  const guards = guardedNames(test, interp, frame);
  const thenFrame: Frame = { ...frame, env: frame.env.fork() };
  const elseFrame: Frame = { ...frame, env: frame.env.fork() };
  narrow(guards.whenTrue, thenFrame);
  narrow(guards.whenFalse, elseFrame);
  const thenExits = interp.execBlock(thenBody, thenFrame);
  const elseExits = interp.execBlock(elseBody, elseFrame);
  if (thenExits && elseExits) return true;
  if (thenExits) frame.env.adopt(elseFrame.env);
  else if (elseExits) frame.env.adopt(thenFrame.env);
  else frame.env.mergeFrom(thenFrame.env, elseFrame.env);
  return false;
}

/** In a branch where a check validated a variable (or one of its attributes), it no longer carries untrusted data. */
function narrow(names: string[], frame: Frame): void {
  for (const path of names) {
    const [name, ...fields] = path.split('.');
    const v = frame.env.get(name);
    if (!v) continue;
    frame.env.set(name, fields.length ? updatePath(v, fields, (x) => clear(x, 'validation')) : clear(v, 'validation'));
  }
}

function execLoop(interp: Interpreter, s: Extract<Stmt, { k: 'loop' }>, frame: Frame): void {
  const before = frame.env.fork();
  const iter = s.iter ? interp.evalExpr(s.iter, frame) : undefined;
  const element = iter ? elementOf(iter, s.overKeys ?? false, s.iter!.span, s.isAsync) : undefined;
  interp.repeatLoop(() => {
    if (s.test) interp.evalExpr(s.test, frame);
    if (s.target && element) bind(interp, s.target, element, frame);
    interp.execBlock(s.body, { ...frame });
  });
  frame.env.mergeFrom(before, frame.env);
  interp.execBlock(s.else, frame);
}

function execClass(interp: Interpreter, s: ClassStmt, frame: Frame): void {
  const info: ClassInfo = {
    decl: s,
    id: interp.newId(),
    methods: new Map(),
    baseRefs: s.bases.flatMap((b) => interp.evalExpr(b, frame).refs),
    instanceFields: new Map(),
  };
  for (const d of s.decorators) interp.evalExpr(d, frame);
  const classFrame: Frame = { ...frame, env: frame.env.child(), self: instanceOf(info), selfName: 'this' };
  for (const member of s.body) {
    if (member.k === 'func') {
      const fn = interp.makeFunction(member.fn, frame.env, info);
      if (member.fn.name) info.methods.set(member.fn.name, fn);
      applyDecorators(interp, fn, frame);
    } else if (member.k === 'assign') {
      // Class attributes and JS fields (`this.x = ...`): readable through the instance.
      const v = interp.evalExpr(member.value, classFrame);
      const name = member.target.k === 'name' ? member.target.name : member.target.k === 'attr' ? member.target.name : undefined;
      if (name) info.instanceFields.set(name, v);
    } else {
      interp.execStmt(member, classFrame);
    }
  }
  if (s.name) frame.env.set(s.name, { taints: [], refs: [`cls:${s.name}`], cls: info, span: s.span });
  // Constructors run first so fields they set are known in the other methods.
  const ctor = info.methods.get('__init__') ?? info.methods.get('constructor');
  if (ctor) interp.summaryOf(ctor);
}

function applyDecorators(interp: Interpreter, fn: FunctionRef, frame: Frame): void {
  for (const d of fn.decl.decorators) {
    const callee = d.k === 'call' ? d.callee : d;
    const v = interp.evalExpr(callee, frame);
    const args = d.k === 'call' ? d.args.map((a) => interp.evalExpr(a.value, frame)) : [];
    const path = typeof args[0]?.constant === 'string' ? args[0].constant : undefined;
    noteRouteRegistration(interp, v.refs, 'decorator', [fn], path);
  }
}

function execImport(module: string, names: { imported: string | null; local: string; span: Span }[], frame: Frame): void {
  const mod = normaliseModule(module);
  for (const n of names) {
    if (!n.local) continue;
    let ref: string;
    if (n.imported === null) ref = mod.startsWith(n.local + '.') ? n.local : mod;
    else if (n.imported === 'default') ref = mod;
    else if (n.imported === '*') continue;
    else ref = `${mod}.${n.imported}`;
    frame.env.set(n.local, refValue([ref], n.span));
  }
}

function execAssign(interp: Interpreter, target: Pattern, valueExpr: Expr, op: string | undefined, span: Span, frame: Frame): void {
  let v = interp.evalExpr(valueExpr, frame);
  if (op) v = combine([evalPatternAsExpr(interp, target, frame), v], span);
  if (target.k === 'attr') checkPropertySink(interp, target.name, v, valueExpr.span, frame);
  checkEnvAssignment(interp, target, v, span, frame);
  bind(interp, target, v, frame, span);
}

function evalPatternAsExpr(interp: Interpreter, target: Pattern, frame: Frame): Value {
  if (target.k === 'name') return frame.env.get(target.name) ?? EMPTY;
  if (target.k === 'attr') return attrOf(interp, interp.evalExpr(target.obj, frame), target.name, target.span, frame, target.obj);
  if (target.k === 'index') return flatten(interp.evalExpr(target.obj, frame));
  return EMPTY;
}

function checkPropertySink(interp: Interpreter, name: string, v: Value, span: Span, frame: Frame): void {
  const sinks = interp.rules.propertySinks.get(name);
  if (!sinks) return;
  for (const sink of sinks) {
    for (const t of deepTaints(v)) {
      interp.hit({ ruleId: sink.rule.spec.id, sinkSpan: span, sinkNote: `assigned to .${name}`, taint: t, sinkLabel: sink.spec.label }, frame);
    }
  }
}

/** `os.environ["HF_ENDPOINT"] = "http://..."`, `process.env.OPENAI_BASE_URL = ...`. */
function checkEnvAssignment(interp: Interpreter, target: Pattern, v: Value, span: Span, frame: Frame): void {
  if (!interp.rules.envChecks.length || typeof v.constant !== 'string') return;
  let name: string | undefined;
  let envRefs: string[] = [];
  if (target.k === 'index') {
    name = stringConstant(interp.evalExpr(target.index, frame));
    envRefs = interp.evalExpr(target.obj, frame).refs;
  } else if (target.k === 'attr') {
    name = target.name;
    envRefs = interp.evalExpr(target.obj, frame).refs;
  }
  if (!name || !envRefs.some((r) => r === 'os.environ' || r === 'process.env')) return;
  for (const check of interp.rules.envChecks) {
    if (check.names.has(name) && v.constant.length < 4096 && check.re.test(v.constant)) {
      interp.emitCheck({ ruleId: check.rule.spec.id, span, detail: check.label ?? name, callSpan: span });
    }
  }
}

/** Binds a pattern to a value: names, destructuring, attribute and index targets. */
export function bind(interp: Interpreter, p: Pattern, v: Value, frame: Frame, assignSpan?: Span): void {
  switch (p.k) {
    case 'name': {
      const stepped = assignSpan && deepTaints(v).length ? addStep(v, { span: p.span, note: `assigned to ${p.name}` }) : v;
      frame.env.set(p.name, stepped);
      return;
    }
    case 'attr': {
      if (p.obj.k === 'name' && (p.obj.name === frame.selfName || p.obj.name === 'this') && frame.self?.cls) {
        // Instance fields are shared by all methods, so they keep only concrete data: a
        // parameter of one method means nothing inside another.
        const fields = frame.self.cls.instanceFields;
        const concrete = withoutSymbolic(v);
        const prev = fields.get(p.name);
        fields.set(p.name, prev ? join(prev, concrete) : concrete);
        // What this method writes, per instance, for the callers that know which instance it is.
        frame.selfWrites?.set(p.name, v);
        return;
      }
      if (p.obj.k === 'name') {
        const owner = frame.env.get(p.obj.name);
        if (owner) frame.env.assignExisting(p.obj.name, setField(owner, p.name, v));
      } else {
        interp.evalExpr(p.obj, frame);
      }
      return;
    }
    case 'index': {
      const key = interp.evalExpr(p.index, frame);
      if (p.obj.k === 'name') {
        const owner = frame.env.get(p.obj.name) ?? EMPTY;
        const updated =
          typeof key.constant === 'string' || typeof key.constant === 'number'
            ? setField(owner, String(key.constant), v)
            : { ...owner, taints: mergeTaints(owner.taints, deepTaints(v)) };
        frame.env.assignExisting(p.obj.name, updated);
      } else {
        interp.evalExpr(p.obj, frame);
      }
      return;
    }
    case 'tuple': {
      p.items.forEach((item, i) => {
        if (item.k === 'rest') bind(interp, item.target, { ...flatten(v), items: v.items?.slice(i) }, frame, assignSpan);
        else bind(interp, item, v.items?.[i] ?? elementOf(v, false, p.span, false), frame, assignSpan);
      });
      return;
    }
    case 'object':
      for (const prop of p.props) {
        if (prop.value.k === 'rest') bind(interp, prop.value.target, v, frame, assignSpan);
        else bind(interp, prop.value, prop.key !== null ? attrOf(interp, v, prop.key, p.span, frame) : flatten(v), frame, assignSpan);
      }
      return;
    case 'rest':
      bind(interp, p.target, v, frame, assignSpan);
      return;
    case 'default': {
      const fallback = interp.evalExpr(p.value, frame);
      bind(interp, p.target, v.constant === undefined && !v.refs.length && !deepTaints(v).length ? join(v, fallback) : v, frame, assignSpan);
      return;
    }
    case 'unknown':
      return;
  }
}

/** `sys.exit()`, `abort()`, `process.exit()`, `raise_for_status` don't return to the next line. */
function isExitCall(e: Expr): boolean {
  if (e.k !== 'call') return false;
  const c = e.callee;
  const name = c.k === 'name' ? c.name : c.k === 'attr' ? c.name : '';
  if (c.k === 'name' && (name === 'abort' || name === 'exit' || name === 'quit')) return true;
  if (c.k === 'attr' && name === 'exit' && c.obj.k === 'name' && (c.obj.name === 'sys' || c.obj.name === 'process' || c.obj.name === 'os')) return true;
  if (c.k === 'attr' && name === '_exit' && c.obj.k === 'name' && c.obj.name === 'os') return true;
  return false;
}
