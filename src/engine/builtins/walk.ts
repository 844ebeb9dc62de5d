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

/** Pushes `x` unless it is absent. */
function push(stack: Node[], x: Node | null | undefined): void {
  if (x) stack.push(x);
}

/** Pushes `xs` last to first, so they are visited first to last. */
function pushAll(stack: Node[], xs: readonly (Node | null | undefined)[]): void {
  for (let i = xs.length - 1; i >= 0; i--) push(stack, xs[i]);
}

// Children are pushed without building arrays or closures: this runs once per IR node.
function pushChildren(n: Node, stack: Node[]): void {
  switch (n.k) {
    case 'attr':
      push(stack, n.obj);
      return;
    case 'index':
      push(stack, n.obj);
      push(stack, n.index);
      return;
    case 'call':
      push(stack, n.callee);
      for (let i = n.args.length - 1; i >= 0; i--) push(stack, n.args[i].value);
      return;
    case 'str':
      pushAll(stack, n.parts);
      return;
    case 'op':
      pushAll(stack, n.args);
      return;
    case 'seq':
      pushAll(stack, n.items);
      return;
    case 'dict':
      for (let i = n.entries.length - 1; i >= 0; i--) {
        push(stack, n.entries[i].value);
        push(stack, n.entries[i].keyExpr);
      }
      return;
    case 'func':
      pushAll(stack, n.fn.decorators);
      for (const p of n.fn.params) push(stack, p.default);
      pushAll(stack, n.fn.body);
      return;
    case 'await':
    case 'spread':
      push(stack, n.expr);
      return;
    case 'comp':
      push(stack, n.elt);
      push(stack, n.keyElt);
      for (const g of n.generators) {
        push(stack, g.iter);
        pushAll(stack, g.conds);
      }
      return;
    case 'jsx':
      for (let i = n.attrs.length - 1; i >= 0; i--) push(stack, n.attrs[i].value);
      pushAll(stack, n.children);
      return;
    case 'unknown':
      pushAll(stack, n.children);
      return;
    case 'assign':
      push(stack, n.value);
      if (n.target.k === 'attr' || n.target.k === 'index') push(stack, n.target.obj);
      return;
    case 'expr':
      push(stack, n.expr);
      return;
    case 'return':
    case 'exit':
      push(stack, n.value);
      return;
    case 'if':
      push(stack, n.test);
      pushAll(stack, n.then);
      pushAll(stack, n.else);
      return;
    case 'loop':
      push(stack, n.iter);
      push(stack, n.test);
      pushAll(stack, n.body);
      pushAll(stack, n.else);
      return;
    case 'try':
      pushAll(stack, n.body);
      for (const h of n.handlers) pushAll(stack, h.body);
      pushAll(stack, n.else);
      pushAll(stack, n.finally);
      return;
    case 'with':
      for (let i = n.items.length - 1; i >= 0; i--) push(stack, n.items[i].value);
      pushAll(stack, n.body);
      return;
    case 'class':
      pushAll(stack, n.bases);
      pushAll(stack, n.decorators);
      pushAll(stack, n.body);
      return;
    case 'block':
      pushAll(stack, n.body);
      return;
  }
}
