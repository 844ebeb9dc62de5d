/** JSX elements, self-closing elements and fragments. Plain JSX text is dropped. */
import type { Expr, JsxAttr, JsxExpr } from '../ir';
import { LowerContext, span } from './javascript-context';
import { lowerExpr, missing, stringValue } from './javascript-expressions';
import { field, fields, firstNamed, type SNode } from './javascript-tree';

export function lowerJsx(cx: LowerContext, n: SNode): JsxExpr {
  const opening = n.type === 'jsx_element' ? field(n, 'open_tag') : n;
  const nameNode = opening ? field(opening, 'name') : null;
  const attrs: JsxAttr[] = [];
  if (opening) for (const attr of fields(opening, 'attribute')) attrs.push(lowerAttribute(cx, attr));
  const children: Expr[] = [];
  if (n.type === 'jsx_element') {
    for (const kid of n.children) {
      if (!kid.named || kid.field === 'open_tag' || kid.field === 'close_tag') continue;
      if (kid.type === 'jsx_text' || kid.type === 'html_character_reference') continue;
      if (kid.type === 'jsx_expression') {
        const inner = firstNamed(kid);
        if (inner) children.push(lowerExpr(cx, inner)); // `{...xs}` stays a spread
        continue;
      }
      children.push(lowerExpr(cx, kid));
    }
  }
  return { k: 'jsx', tag: nameNode ? cx.textOf(nameNode) : '', attrs, children, span: span(n) };
}

function lowerAttribute(cx: LowerContext, attr: SNode): JsxAttr {
  if (attr.type === 'jsx_expression') {
    // `{...props}`: a spread attribute; the value is the spread object.
    const inner = firstNamed(attr);
    const spread = inner?.type === 'spread_element' ? firstNamed(inner) : inner;
    return { name: null, value: spread ? lowerExpr(cx, spread) : null, span: span(attr) };
  }
  let name: string | null = null;
  let value: Expr | null = null;
  for (const kid of attr.children) {
    if (!kid.named) continue;
    if (name === null) {
      name = cx.textOf(kid);
      continue;
    }
    value = attributeValue(cx, kid);
    break;
  }
  return { name: name ?? '', value, span: span(attr) };
}

function attributeValue(cx: LowerContext, v: SNode): Expr | null {
  if (v.type === 'string') {
    const value = stringValue(cx, v);
    return { k: 'str', value, parts: [], literalText: value, span: span(v) };
  }
  if (v.type === 'jsx_expression') {
    const inner = firstNamed(v);
    return inner ? lowerExpr(cx, inner) : null;
  }
  return v.named ? lowerExpr(cx, v) : missing(v);
}
