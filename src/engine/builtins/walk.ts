/** Visits every expression of a module (iteratively: hostile files nest deeply). */
import type { Expr, ModuleIR, Stmt } from '../ir';

type Node = Expr | Stmt;

export function walkModuleExprs(module: ModuleIR, visit: (e: Expr) => void): void {
  const stack: Node[] = [...module.body].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (isExpr(n)) visit(n);
    pushChildren(n, stack);
  }
}

function isExpr(n: Node): n is Expr {
  switch (n.k) {
    case 'name':
    case 'attr':
    case 'index':
    case 'call':
    case 'str':
    case 'lit':
    case 'op':
    case 'seq':
    case 'dict':
    case 'func':
    case 'await':
    case 'spread':
    case 'comp':
    case 'jsx':
    case 'unknown':
      return true;
    default:
      return false;
  }
}

function pushChildren(n: Node, stack: Node[]): void {
  const push = (x: Node | null | undefined): void => {
    if (x) stack.push(x);
  };
  const pushAll = (xs: readonly (Node | null | undefined)[]): void => {
    for (let i = xs.length - 1; i >= 0; i--) push(xs[i]);
  };
  switch (n.k) {
    case 'attr':
      push(n.obj);
      return;
    case 'index':
      push(n.obj);
      push(n.index);
      return;
    case 'call':
      push(n.callee);
      pushAll(n.args.map((a) => a.value));
      return;
    case 'str':
      pushAll(n.parts);
      return;
    case 'op':
      pushAll(n.args);
      return;
    case 'seq':
      pushAll(n.items);
      return;
    case 'dict':
      pushAll(n.entries.flatMap((e) => [e.keyExpr, e.value]));
      return;
    case 'func':
      pushFunction(n.fn, push, pushAll);
      return;
    case 'await':
    case 'spread':
      push(n.expr);
      return;
    case 'comp':
      push(n.elt);
      push(n.keyElt);
      for (const g of n.generators) {
        push(g.iter);
        pushAll(g.conds);
      }
      return;
    case 'jsx':
      pushAll(n.attrs.map((a) => a.value));
      pushAll(n.children);
      return;
    case 'unknown':
      pushAll(n.children);
      return;
    case 'assign':
      push(n.value);
      if (n.target.k === 'attr' || n.target.k === 'index') push(n.target.obj);
      return;
    case 'expr':
      push(n.expr);
      return;
    case 'return':
    case 'exit':
      push(n.value);
      return;
    case 'if':
      push(n.test);
      pushAll(n.then);
      pushAll(n.else);
      return;
    case 'loop':
      push(n.iter);
      push(n.test);
      pushAll(n.body);
      pushAll(n.else);
      return;
    case 'try':
      pushAll(n.body);
      for (const h of n.handlers) pushAll(h.body);
      pushAll(n.else);
      pushAll(n.finally);
      return;
    case 'with':
      pushAll(n.items.map((i) => i.value));
      pushAll(n.body);
      return;
    case 'class':
      pushAll(n.bases);
      pushAll(n.decorators);
      pushAll(n.body);
      return;
    case 'block':
      pushAll(n.body);
      return;
  }
}

function pushFunction(
  fn: Extract<Stmt, { k: 'func' }>['fn'],
  push: (x: Node | null | undefined) => void,
  pushAll: (xs: readonly (Node | null | undefined)[]) => void,
): void {
  pushAll(fn.decorators);
  for (const p of fn.params) push(p.default);
  pushAll(fn.body);
}
