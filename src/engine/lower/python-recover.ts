/**
 * Statements from an ERROR node. Tree-sitter wraps the tokens it could not fit in an ERROR node
 * whose children are a flat mix of whole statements, whole expressions and loose tokens. The
 * recognisable pieces are kept: statements as statements, `target = value...` runs as assignments,
 * expressions as expression statements. Loose tokens are dropped.
 */
import type { Expr, Stmt } from '../ir';
import { MAX_DEPTH, withHoisting, type LowerContext } from './python-context';
import { lowerExpr, lowerPattern } from './python-expr';
import { lowerStatementsOf, lowerStmt, STATEMENT_TYPES } from './python-stmt';
import { child, spanOf, type SyntaxNode } from './python-syntax';

const TARGET_TYPES = new Set(['identifier', 'attribute', 'subscript', 'pattern_list', 'tuple', 'list', 'expression_list']);

export function recoverFromError(cx: LowerContext, node: SyntaxNode, d: number, out: Stmt[]): void {
  if (d > MAX_DEPTH) return;
  const kids = flattenErrors(node);
  for (let i = 0; i < kids.length; i++) {
    const kid = kids[i];
    if (!kid.named || kid.missing) continue;
    if (STATEMENT_TYPES.has(kid.type)) {
      lowerStmt(cx, kid, d, out);
    } else if (kid.type === 'block' || kid.type === 'module') {
      lowerStatementsOf(cx, kid, d + 1, out);
    } else if (kid.type === 'keyword_argument') {
      // `z = 4` swallowed into a call that never closed.
      const name = child(kid, 'name');
      const value = child(kid, 'value');
      if (name && value) pushAssign(cx, name, [value], d, out);
    } else if (TARGET_TYPES.has(kid.type) && kids[i + 1]?.type === '=') {
      // `x = [1, 2` with the bracket never closed: the value is whatever expressions follow.
      const end = valueRunEnd(kids, i + 2);
      const values = kids.slice(i + 2, end).filter((v) => v.named && !v.missing);
      if (values.length > 0) pushAssign(cx, kid, values, d, out);
      i = end - 1;
    } else {
      const expr = withHoisting(cx, out, () => lowerExpr(cx, kid, d + 1));
      out.push({ k: 'expr', expr, span: spanOf(kid) });
    }
  }
}

/**
 * The children of an ERROR with nested ERROR nodes spliced in, so `z =` at the end of an inner
 * ERROR still meets its value in the outer one. Nesting beyond the depth cap is dropped.
 */
function flattenErrors(node: SyntaxNode): SyntaxNode[] {
  const flat: SyntaxNode[] = [];
  const stack: { node: SyntaxNode; next: number }[] = [{ node, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next >= top.node.children.length) {
      stack.pop();
      continue;
    }
    const kid = top.node.children[top.next++];
    if (kid.type === 'ERROR') {
      if (stack.length < MAX_DEPTH) stack.push({ node: kid, next: 0 });
    } else {
      flat.push(kid);
    }
  }
  return flat;
}

/** Index after the run of value tokens that starts at `from`. */
function valueRunEnd(kids: SyntaxNode[], from: number): number {
  let end = from;
  while (end < kids.length && !endsValueRun(kids, end)) end++;
  return end;
}

function endsValueRun(kids: SyntaxNode[], i: number): boolean {
  const kid = kids[i];
  if (!kid.named) return false;
  if (kid.type === 'keyword_argument' || kid.type === 'block' || STATEMENT_TYPES.has(kid.type)) return true;
  return TARGET_TYPES.has(kid.type) && kids[i + 1]?.type === '=';
}

function pushAssign(cx: LowerContext, target: SyntaxNode, values: SyntaxNode[], d: number, out: Stmt[]): void {
  const last = values[values.length - 1];
  const span = { start: target.start, end: last.end };
  const value = withHoisting(cx, out, (): Expr => {
    if (values.length === 1) return lowerExpr(cx, values[0], d + 1);
    return { k: 'unknown', children: values.map((v) => lowerExpr(cx, v, d + 1)), span: { start: values[0].start, end: last.end } };
  });
  out.push({ k: 'assign', target: lowerPattern(cx, target, d + 1), value, span });
}
