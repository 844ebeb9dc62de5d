/** Python parameter lists (`def` and `lambda`) to IR params. */
import type { Param, Pattern } from '../ir';
import type { LowerContext } from './python-context';
import { lowerExpr, lowerPattern } from './python-expr';
import { child, firstNamed, spanOf, type SyntaxNode } from './python-syntax';

/**
 * Defaults are lowered in the caller's context (they run when the `def` runs), so a walrus in
 * a default hoists before the definition. Annotations are kept as source text only.
 */
export function lowerParams(cx: LowerContext, list: SyntaxNode, d: number): Param[] {
  const params: Param[] = [];
  let afterStar = false;
  for (const node of list.children) {
    if (!node.named) continue;
    if (node.type === 'keyword_separator') {
      afterStar = true;
      continue;
    }
    if (node.type === 'positional_separator') continue;
    const param = lowerParam(cx, node, afterStar, d);
    if (!param) continue;
    if (param.kind === 'star') afterStar = true;
    params.push(param);
  }
  return params;
}

function lowerParam(cx: LowerContext, node: SyntaxNode, afterStar: boolean, d: number): Param | null {
  const span = spanOf(node);
  const plainKind = afterStar ? 'kwonly' : 'pos';
  switch (node.type) {
    case 'identifier':
    case 'tuple_pattern':
      return { pattern: lowerPattern(cx, node, d), kind: plainKind, span };
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
      return { pattern: splatTarget(cx, node, d), kind: node.type === 'list_splat_pattern' ? 'star' : 'starstar', span };
    case 'typed_parameter': {
      const inner = node.children.find((kid) => kid.named && kid.field !== 'type');
      if (!inner) return null;
      const param = lowerParam(cx, inner, afterStar, d);
      if (!param) return null;
      const annotation = annotationText(cx, node);
      return annotation === undefined ? { ...param, span } : { ...param, annotation, span };
    }
    case 'default_parameter':
    case 'typed_default_parameter': {
      const name = child(node, 'name');
      const value = child(node, 'value');
      if (!name) return null;
      const param: Param = { pattern: lowerPattern(cx, name, d), kind: plainKind, span };
      if (value) param.default = lowerExpr(cx, value, d);
      const annotation = annotationText(cx, node);
      if (annotation !== undefined) param.annotation = annotation;
      return param;
    }
    default:
      // ERROR and anything unexpected: no parameter (its span is already a syntax error).
      return null;
  }
}

/** `*args` / `**kwargs`: the bound name. */
function splatTarget(cx: LowerContext, node: SyntaxNode, d: number): Pattern {
  const inner = firstNamed(node);
  return inner ? lowerPattern(cx, inner, d) : { k: 'unknown', span: spanOf(node) };
}

function annotationText(cx: LowerContext, node: SyntaxNode): string | undefined {
  const type = child(node, 'type');
  return type ? cx.leaf(type) : undefined;
}
