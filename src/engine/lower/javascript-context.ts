/** State shared by the JS/TS lowering passes: source text, the depth bound and hoisting. */
import type { Expr, LanguageId, Stmt } from '../ir';
import type { Span } from '../span';
import type { SNode } from './javascript-tree';
import type { AnalysisBudget } from '../budget';

/** Lowering stops descending past this depth, so hostile nesting cannot overflow the stack. */
export const MAX_DEPTH = 400;

export class LowerContext {
  depth = 0;
  /**
   * Where assignments found inside expressions (`if ((m = re.exec(s)))`, `f(a = b)`) are
   * hoisted as statements. Each statement points this at the list it is being lowered into;
   * null where no statement list exists (parameter defaults), then they stay operators.
   */
  hoist: Stmt[] | null = null;
  /** Local names listed in `export { a, b as c }` without a source. */
  readonly exportedNames = new Set<string>();

  constructor(
    readonly text: string,
    readonly language: LanguageId,
    /** The file's time budget, checked at every level entered. */
    readonly budget?: AnalysisBudget,
  ) {}

  /** Source text of a node. Used for leaves and short nodes only. */
  textOf(node: SNode): string {
    return this.text.slice(node.start, node.end);
  }

  /** Enters one level; false when the depth bound is reached (the caller must not recurse). */
  enter(): boolean {
    this.budget?.check('lowering');
    if (this.depth >= MAX_DEPTH) return false;
    this.depth++;
    return true;
  }

  leave(): void {
    this.depth--;
  }

  /** Runs `fn` with hoisted statements going to `target`, restoring the previous target after. */
  withHoist<T>(target: Stmt[] | null, fn: () => T): T {
    const saved = this.hoist;
    this.hoist = target;
    try {
      return fn();
    } finally {
      this.hoist = saved;
    }
  }
}

export function span(node: SNode): Span {
  return { start: node.start, end: node.end };
}

/** What is left of an expression the depth bound cut off. */
export function truncated(node: SNode): Expr {
  return { k: 'unknown', children: [], span: span(node) };
}
