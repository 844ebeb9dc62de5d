/** State shared by the Python statement and expression lowerings while one file is lowered. */
import type { Expr, Stmt, UnknownExpr } from '../ir';
import type { Span } from '../span';
import { spanOf, type SyntaxNode } from './python-syntax';
import type { AnalysisBudget } from '../budget';

/**
 * Beyond this nesting depth expressions become childless `unknown` and nested statements are
 * skipped, so hostile input (thousands of nested brackets) gives a bounded IR and stack.
 */
export const MAX_DEPTH = 400;

export type ScopeKind = 'module' | 'class' | 'function';

export class LowerContext {
  /**
   * Where a walrus `(n := v)` is hoisted as `n = v`: the statements emitted before the current
   * statement. null where hoisting would change meaning (loop tests, comprehensions, lambdas),
   * and the walrus stays an `:=` operator.
   */
  hoist: Stmt[] | null = null;
  scope: ScopeKind = 'module';
  /** The enclosing def or lambda; a `yield` inside marks it as a generator. */
  fn: { yields: boolean } | null = null;

  constructor(
    readonly text: string,
    /** The tree has ERROR nodes: only then is it worth looking for them inside expressions. */
    readonly hasErrors: boolean,
    /** The file's time budget, checked per statement and expression. */
    readonly budget?: AnalysisBudget,
  ) {}

  /** Source text of a small node (identifiers, literals, annotations). */
  leaf(node: SyntaxNode): string {
    return this.text.slice(node.start, node.end);
  }
}

export function unknown(node: SyntaxNode, children: Expr[] = []): UnknownExpr {
  return { k: 'unknown', children, span: spanOf(node) };
}

export function joinSpan(first: SyntaxNode, last: SyntaxNode): Span {
  return { start: first.start, end: last.end };
}

/**
 * Runs `lower` with walrus hoisting into `out`: hoisted assignments land in `out` before the
 * statement the caller pushes afterwards.
 */
export function withHoisting<T>(cx: LowerContext, out: Stmt[], lower: () => T): T {
  const saved = cx.hoist;
  const pending: Stmt[] = [];
  cx.hoist = pending;
  try {
    return lower();
  } finally {
    cx.hoist = saved;
    for (const stmt of pending) out.push(stmt);
  }
}

/** Runs `lower` with hoisting switched off (the walrus stays an operator). */
export function withoutHoisting<T>(cx: LowerContext, lower: () => T): T {
  const saved = cx.hoist;
  cx.hoist = null;
  try {
    return lower();
  } finally {
    cx.hoist = saved;
  }
}
