/**
 * Finds the IR around a finding: findings carry only a span, and a fix needs the call, the
 * assignment or the object entry that span sits in. One index per top-level statement, built on
 * first use and keyed by offsets relative to the statement, so the statements the editor's
 * incremental lowering reuses (and moves) keep their index while the user types elsewhere.
 */
import type { AssignStmt, CallExpr, DictEntry, DictExpr, Expr, FunctionDecl, JsxAttr, JsxExpr, ModuleIR, Pattern, Stmt } from '../ir';
import type { Span } from '../span';

/** Where an expression sits in its parent. */
export type Place =
  | { k: 'arg'; call: CallExpr; index: number }
  | { k: 'entry'; dict: DictExpr; entry: DictEntry }
  | { k: 'assign-value'; stmt: AssignStmt }
  | { k: 'jsx-attr'; jsx: JsxExpr; attr: JsxAttr }
  | { k: 'statement'; stmt: Stmt }
  | { k: 'other'; parent: Expr | Stmt };

export interface Located {
  expr: Expr;
  place: Place;
}

interface ModuleIndex {
  bySpan: Map<string, Located[]>;
  assigns: AssignStmt[];
  withTargets: { target: Pattern; value: Expr }[];
  parents: Map<Expr, Located>;
}

const indexes = new WeakMap<Stmt, ModuleIndex>();

/** A span's key relative to its top-level statement (invariant when the statement moves). */
const key = (s: Span, base: number): string => `${s.start - base}:${s.end - base}`;

function indexFor(stmt: Stmt): ModuleIndex {
  let index = indexes.get(stmt);
  if (!index) indexes.set(stmt, (index = build([stmt])));
  return index;
}

/** The top-level statements whose index may hold `span`: the one containing it, else all. */
function statementsAround(module: ModuleIR, span: Span): Stmt[] {
  const containing = module.body.find((s) => s.span.start <= span.start && span.end <= s.span.end);
  return containing ? [containing] : module.body;
}

/** Expressions with exactly this span, outermost first. */
export function exprsAt(module: ModuleIR, span: Span): Located[] {
  for (const stmt of statementsAround(module, span)) {
    const found = indexFor(stmt).bySpan.get(key(span, stmt.span.start));
    if (found) return found;
  }
  return [];
}

/** The call whose argument value has exactly this span. */
export function callWithArg(module: ModuleIR, span: Span): { call: CallExpr; index: number } | undefined {
  for (const l of exprsAt(module, span)) if (l.place.k === 'arg') return { call: l.place.call, index: l.place.index };
  return undefined;
}

export function callAt(module: ModuleIR, span: Span): CallExpr | undefined {
  for (const l of exprsAt(module, span)) if (l.expr.k === 'call') return l.expr;
  return undefined;
}

/** Where the expression sits (its innermost occurrence with this span). */
export function placeOf(module: ModuleIR, span: Span): Located | undefined {
  const all = exprsAt(module, span);
  return all[all.length - 1];
}

/** The parent place of an expression node. */
export function parentOf(module: ModuleIR, expr: Expr): Located | undefined {
  for (const stmt of statementsAround(module, expr.span)) {
    const found = indexFor(stmt).parents.get(expr);
    if (found) return found;
  }
  return undefined;
}

/** The assignment whose target has exactly this span (`html` in `const html = ...`). */
export function assignWithTarget(module: ModuleIR, span: Span): AssignStmt | undefined {
  for (const stmt of statementsAround(module, span)) {
    const found = indexFor(stmt).assigns.find((a) => a.target.span.start === span.start && a.target.span.end === span.end);
    if (found) return found;
  }
  return undefined;
}

/** Assignments and `with ... as x` bindings of a name, anywhere in the module, in source order. */
export function bindingsOf(module: ModuleIR, name: string): Expr[] {
  return bindingIndex(module).get(name) ?? [];
}

/** Every name's bindings, built once per module (fixes ask per finding; a scan per ask was quadratic). */
const bindingIndexes = new WeakMap<ModuleIR, Map<string, Expr[]>>();

function bindingIndex(module: ModuleIR): Map<string, Expr[]> {
  let byName = bindingIndexes.get(module);
  if (byName) return byName;
  const found = new Map<string, { at: number; value: Expr }[]>();
  const add = (name: string, at: number, value: Expr): void => {
    const list = found.get(name);
    if (list) list.push({ at, value });
    else found.set(name, [{ at, value }]);
  };
  for (const stmt of module.body) {
    const index = indexFor(stmt);
    for (const a of index.assigns) {
      const names = new Set<string>();
      if (a.target.k === 'name') names.add(a.target.name);
      if (a.target.k === 'object') for (const p of a.target.props) for (const n of boundNames(p.value)) names.add(n);
      for (const n of names) add(n, a.span.start, a.value);
    }
    for (const w of index.withTargets) for (const n of new Set(boundNames(w.target))) add(n, w.target.span.start, w.value);
  }
  byName = new Map();
  // A stable sort keeps statement order for bindings that start at the same offset.
  for (const [name, list] of found) byName.set(name, list.sort((a, b) => a.at - b.at).map((o) => o.value));
  bindingIndexes.set(module, byName);
  return byName;
}

/** The names a pattern binds directly: `x`, `x = 1` (a default), `...x`. */
function boundNames(p: Pattern): string[] {
  if (p.k === 'name') return [p.name];
  if (p.k === 'default' || p.k === 'rest') return boundNames(p.target);
  return [];
}

type Node = Expr | Stmt;

function build(body: Stmt[]): ModuleIndex {
  const index: ModuleIndex = { bySpan: new Map(), assigns: [], withTargets: [], parents: new Map() };
  const base = body[0]?.span.start ?? 0;
  const stack: { node: Node; place: Place | undefined }[] = body.map((s) => ({ node: s, place: undefined }));
  const add = (expr: Expr, place: Place): void => {
    stack.push({ node: expr, place });
  };
  while (stack.length) {
    const { node, place } = stack.pop()!;
    if (place && isExpr(node)) {
      const located = { expr: node, place };
      const k = key(node.span, base);
      const list = index.bySpan.get(k);
      if (list) list.push(located);
      else index.bySpan.set(k, [located]);
      index.parents.set(node, located);
    }
    const other = (e: Expr | null | undefined): void => {
      if (e) add(e, { k: 'other', parent: node });
    };
    switch (node.k) {
      case 'attr':
        other(node.obj);
        break;
      case 'index':
        other(node.obj);
        other(node.index);
        break;
      case 'call':
        other(node.callee);
        node.args.forEach((a, i) => add(a.value, { k: 'arg', call: node, index: i }));
        break;
      case 'str':
        node.parts.forEach(other);
        break;
      case 'op':
        node.args.forEach(other);
        break;
      case 'seq':
        node.items.forEach(other);
        break;
      case 'dict':
        for (const entry of node.entries) {
          other(entry.keyExpr);
          add(entry.value, { k: 'entry', dict: node, entry });
        }
        break;
      case 'func':
        pushFunction(node.fn, other, (s) => stack.push({ node: s, place: undefined }));
        break;
      case 'await':
      case 'spread':
        other(node.expr);
        break;
      case 'comp':
        other(node.elt);
        other(node.keyElt);
        for (const g of node.generators) {
          other(g.iter);
          g.conds.forEach(other);
        }
        break;
      case 'jsx':
        for (const attr of node.attrs) if (attr.value) add(attr.value, { k: 'jsx-attr', jsx: node, attr });
        node.children.forEach(other);
        break;
      case 'unknown':
        node.children.forEach(other);
        break;
      case 'assign':
        index.assigns.push(node);
        add(node.value, { k: 'assign-value', stmt: node });
        if (node.target.k === 'attr' || node.target.k === 'index') other(node.target.obj);
        break;
      case 'expr':
        add(node.expr, { k: 'statement', stmt: node });
        break;
      case 'return':
      case 'exit':
        if (node.value) add(node.value, { k: 'statement', stmt: node });
        break;
      default:
        pushStatementChildren(node as Stmt, index, other, (s) => stack.push({ node: s, place: undefined }));
    }
  }
  return index;
}

function pushStatementChildren(s: Stmt, index: ModuleIndex, expr: (e: Expr | null | undefined) => void, stmt: (s: Stmt) => void): void {
  switch (s.k) {
    case 'if':
      expr(s.test);
      s.then.forEach(stmt);
      s.else.forEach(stmt);
      return;
    case 'loop':
      expr(s.iter);
      expr(s.test);
      s.body.forEach(stmt);
      s.else.forEach(stmt);
      return;
    case 'try':
      s.body.forEach(stmt);
      for (const h of s.handlers) h.body.forEach(stmt);
      s.else.forEach(stmt);
      s.finally.forEach(stmt);
      return;
    case 'with':
      for (const item of s.items) {
        expr(item.value);
        if (item.target) index.withTargets.push({ target: item.target, value: item.value });
      }
      s.body.forEach(stmt);
      return;
    case 'func':
      pushFunction(s.fn, expr, stmt);
      return;
    case 'class':
      s.bases.forEach(expr);
      s.decorators.forEach(expr);
      s.body.forEach(stmt);
      return;
    case 'block':
      s.body.forEach(stmt);
      return;
    default:
      return;
  }
}

function pushFunction(fn: FunctionDecl, expr: (e: Expr | null | undefined) => void, stmt: (s: Stmt) => void): void {
  fn.decorators.forEach(expr);
  for (const p of fn.params) expr(p.default);
  fn.body.forEach(stmt);
}

function isExpr(n: Node): n is Expr {
  return ['name', 'attr', 'index', 'call', 'str', 'lit', 'op', 'seq', 'dict', 'func', 'await', 'spread', 'comp', 'jsx', 'unknown'].includes(n.k);
}

/** The name at the root of a callee or receiver chain: `a` in `a.b().c`, `new a.B()`, `await a.c()`. */
export function rootName(e: Expr): string | undefined {
  let cur: Expr = e;
  for (let i = 0; i < 32; i++) {
    if (cur.k === 'name') return cur.name;
    if (cur.k === 'attr' || cur.k === 'index') cur = cur.obj;
    else if (cur.k === 'call') cur = cur.callee;
    else if (cur.k === 'await') cur = cur.expr;
    else return undefined;
  }
  return undefined;
}
