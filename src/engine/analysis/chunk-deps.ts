/**
 * What one top-level statement (a chunk) of a file does to the module's names, read off its IR:
 * the names it binds at module level, the module-level values its code may change, every name it
 * reads, and whether it holds code that others can run. The editor uses this to decide which
 * chunks an edit can affect (affected-chunks.ts). Everything here over-approximates what the
 * interpreter does, so a chunk left out of a re-analysis cannot have changed its facts.
 */
import type { Expr, FunctionDecl, Pattern, Stmt } from '../ir';
import { MUTATORS } from './calls';
import { normaliseModule } from './qualified-names';

export interface ChunkDeps {
  /** Names bound at module level by the chunk's own statements (not inside its functions). */
  binds: Set<string>;
  /** Names whose binding the chunk's code may update in place: `x.a = v`, `x[k] = v`, `x.append(v)`. */
  mutates: Set<string>;
  /** `x.m(...)` calls: `x` changes when `m` is a method of a class in the file that assigns `self.*`. */
  methodCalls: { receiver: string; method: string }[];
  /** Every name the chunk reads anywhere, local names included. */
  reads: Set<string>;
  /** The chunk defines functions, lambdas or classes: code that other chunks can run. */
  hasCode: boolean;
  /** Modules its own import statements import (the interpreter reads the module body's imports). */
  imports: string[];
  /** Names of methods of the classes it defines. */
  methodNames: string[];
}

/** Where a node sits: `module` when it runs in the module's scope (its bindings are module names). */
interface Place {
  module: boolean;
}

const LOCAL: Place = { module: false };

type Item =
  | { k: 'stmt'; s: Stmt; at: Place }
  | { k: 'expr'; e: Expr; at: Place }
  | { k: 'pattern'; p: Pattern; at: Place; binds: boolean }
  | { k: 'fn'; fn: FunctionDecl };

interface Walker {
  deps: ChunkDeps;
  stack: Item[];
  stmt(s: Stmt, at: Place): void;
  expr(e: Expr | null | undefined, at: Place): void;
  pattern(p: Pattern | null | undefined, at: Place, binds: boolean): void;
}

export function chunkDeps(stmts: readonly Stmt[]): ChunkDeps {
  const deps: ChunkDeps = { binds: new Set(), mutates: new Set(), methodCalls: [], reads: new Set(), hasCode: false, imports: [], methodNames: [] };
  const stack: Item[] = [];
  const w: Walker = {
    deps,
    stack,
    stmt: (s, at) => void stack.push({ k: 'stmt', s, at }),
    expr: (e, at) => {
      if (e) stack.push({ k: 'expr', e, at });
    },
    pattern: (p, at, binds) => {
      if (p) stack.push({ k: 'pattern', p, at, binds });
    },
  };
  const top: Place = { module: true };
  for (let i = stmts.length - 1; i >= 0; i--) w.stmt(stmts[i], top);
  for (const s of stmts) if (s.k === 'import') deps.imports.push(normaliseModule(s.module));
  while (stack.length) {
    const item = stack.pop()!;
    switch (item.k) {
      case 'fn':
        visitFunction(item.fn, w);
        break;
      case 'pattern':
        visitPattern(item.p, item.at, item.binds, w);
        break;
      case 'expr':
        visitExpr(item.e, item.at, w);
        break;
      case 'stmt':
        visitStmt(item.s, item.at, w);
        break;
    }
  }
  return deps;
}

function visitStmt(s: Stmt, at: Place, w: Walker): void {
  const { deps } = w;
  switch (s.k) {
    case 'assign':
      w.expr(s.value, at);
      w.pattern(s.target, at, true);
      // `x += 1` reads x before binding it.
      if (s.op && s.target.k === 'name') deps.reads.add(s.target.name);
      break;
    case 'expr':
      w.expr(s.expr, at);
      break;
    case 'return':
    case 'exit':
      w.expr(s.value, at);
      break;
    case 'if':
      w.expr(s.test, at);
      for (const x of [...s.then, ...s.else]) w.stmt(x, at);
      break;
    case 'loop': {
      w.expr(s.iter, at);
      w.expr(s.test, at);
      w.pattern(s.target, at, true);
      for (const x of [...s.body, ...s.else]) w.stmt(x, at);
      break;
    }
    case 'try':
      for (const x of [...s.body, ...s.else, ...s.finally]) w.stmt(x, at);
      for (const h of s.handlers) {
        w.expr(h.types, at);
        w.pattern(h.name, at, true);
        for (const x of h.body) w.stmt(x, at);
      }
      break;
    case 'with':
      for (const item of s.items) {
        w.expr(item.value, at);
        w.pattern(item.target, at, true);
      }
      for (const x of s.body) w.stmt(x, at);
      break;
    case 'func':
      if (at.module && s.fn.name) deps.binds.add(s.fn.name);
      w.stack.push({ k: 'fn', fn: s.fn });
      break;
    case 'class':
      deps.hasCode = true;
      if (at.module && s.name) deps.binds.add(s.name);
      for (const b of s.bases) w.expr(b, at);
      for (const d of s.decorators) w.expr(d, at);
      for (const member of s.body) {
        if (member.k === 'func' && member.fn.name) deps.methodNames.push(member.fn.name);
        // Class bodies run in a scope of their own: what they bind is not a module name.
        w.stmt(member, LOCAL);
      }
      break;
    case 'import':
      for (const n of s.names) if (at.module && n.local) deps.binds.add(n.local);
      break;
    case 'block':
      for (const x of s.body) w.stmt(x, at);
      break;
  }
}

function visitFunction(fn: FunctionDecl, w: Walker): void {
  w.deps.hasCode = true;
  // Decorators and defaults are evaluated where the function is defined; reads are reads anywhere.
  for (const d of fn.decorators) w.expr(d, LOCAL);
  for (const p of fn.params) {
    w.expr(p.default, LOCAL);
    // `client: OpenAI` resolves the annotation's first name in the enclosing scope.
    const head = p.annotation ? /^\s*([A-Za-z_$][\w$]*)/.exec(p.annotation)?.[1] : undefined;
    if (head) w.deps.reads.add(head);
    w.pattern(p.pattern, LOCAL, true);
  }
  for (let i = fn.body.length - 1; i >= 0; i--) w.stmt(fn.body[i], LOCAL);
}

function visitPattern(p: Pattern, at: Place, binds: boolean, w: Walker): void {
  switch (p.k) {
    case 'name':
      if (at.module && binds) w.deps.binds.add(p.name);
      break;
    case 'attr':
      // `x.a = v` updates the value of x where x is bound, a module name included.
      if (p.obj.k === 'name') w.deps.mutates.add(p.obj.name);
      w.expr(p.obj, at);
      break;
    case 'index':
      if (p.obj.k === 'name') w.deps.mutates.add(p.obj.name);
      w.expr(p.obj, at);
      w.expr(p.index, at);
      break;
    case 'tuple':
      for (const item of p.items) w.pattern(item, at, binds);
      break;
    case 'object':
      for (const prop of p.props) w.pattern(prop.value, at, binds);
      break;
    case 'rest':
      w.pattern(p.target, at, binds);
      break;
    case 'default':
      w.expr(p.value, at);
      w.pattern(p.target, at, binds);
      break;
    case 'unknown':
      break;
  }
}

function visitExpr(e: Expr, at: Place, w: Walker): void {
  switch (e.k) {
    case 'name':
      w.deps.reads.add(e.name);
      break;
    case 'attr':
      w.expr(e.obj, at);
      break;
    case 'index':
      w.expr(e.obj, at);
      w.expr(e.index, at);
      break;
    case 'call':
      noteMutatingCall(e.callee, w.deps);
      w.expr(e.callee, at);
      for (const a of e.args) w.expr(a.value, at);
      break;
    case 'str':
      for (const part of e.parts) w.expr(part, at);
      break;
    case 'lit':
      break;
    case 'op':
      // The walrus binds in the scope where it is evaluated.
      if (e.op === ':=' && e.args[0]?.k === 'name' && at.module) w.deps.binds.add(e.args[0].name);
      for (const a of e.args) w.expr(a, at);
      break;
    case 'seq':
      for (const item of e.items) w.expr(item, at);
      break;
    case 'dict':
      for (const entry of e.entries) {
        w.expr(entry.keyExpr, at);
        w.expr(entry.value, at);
      }
      break;
    case 'func':
      w.stack.push({ k: 'fn', fn: e.fn });
      break;
    case 'await':
    case 'spread':
      w.expr(e.expr, at);
      break;
    case 'comp': {
      // Comprehension variables live in a scope of their own.
      const inner = LOCAL;
      w.expr(e.elt, inner);
      w.expr(e.keyElt, inner);
      for (const g of e.generators) {
        w.expr(g.iter, inner);
        w.pattern(g.target, inner, false);
        for (const c of g.conds) w.expr(c, inner);
      }
      break;
    }
    case 'jsx':
      for (const a of e.attrs) w.expr(a.value, at);
      for (const c of e.children) w.expr(c, at);
      break;
    case 'unknown':
      for (const c of e.children) w.expr(c, at);
      break;
  }
}

/** `x.append(v)`, `x.items.push(v)` change x; `x.m()` may, when m is a method that assigns `self.*`. */
function noteMutatingCall(callee: Expr, deps: ChunkDeps): void {
  if (callee.k !== 'attr') return;
  const receiver = callee.obj;
  if (MUTATORS.has(callee.name)) {
    if (receiver.k === 'name') deps.mutates.add(receiver.name);
    else if (receiver.k === 'attr' && receiver.obj.k === 'name') deps.mutates.add(receiver.obj.name);
  }
  if (receiver.k === 'name') deps.methodCalls.push({ receiver: receiver.name, method: callee.name });
}
