/**
 * Python string literals to StrExpr: plain, raw, bytes, triple-quoted, f-strings (with nested
 * format-spec expressions) and implicit concatenation `"a" f"{b}"`, which is one StrExpr.
 */
import type { Expr, StrExpr } from '../ir';
import { MAX_DEPTH, type LowerContext } from './python-context';
import { lowerExpr } from './python-expr';
import { decodeEscape, readPrefix, type StringPrefix } from './python-strings';
import { child, spanOf, type SyntaxNode } from './python-syntax';

interface StringParts {
  text: string[];
  parts: Expr[];
  formatted: boolean;
}

export function lowerString(cx: LowerContext, node: SyntaxNode, d: number): StrExpr {
  const acc: StringParts = { text: [], parts: [], formatted: false };
  if (node.type === 'concatenated_string') {
    for (const piece of node.children) if (piece.type === 'string') addString(cx, piece, acc, d);
  } else {
    addString(cx, node, acc, d);
  }
  const literalText = acc.text.join('');
  // As the IR specifies (and as JS template literals do): any f-string piece makes value null.
  const value = acc.formatted ? null : literalText;
  return { k: 'str', value, parts: acc.parts, literalText, span: spanOf(node) };
}

function addString(cx: LowerContext, node: SyntaxNode, acc: StringParts, d: number): void {
  let prefix: StringPrefix = { raw: false, bytes: false, formatted: false };
  for (const kid of node.children) {
    switch (kid.type) {
      case 'string_start':
        prefix = readPrefix(cx.leaf(kid));
        if (prefix.formatted) acc.formatted = true;
        break;
      case 'string_content':
        acc.text.push(decodeContent(cx, kid, prefix));
        break;
      case 'interpolation':
        addInterpolation(cx, kid, acc, d);
        break;
      default:
        break;
    }
  }
}

/** Copies plain runs and decodes the escape tokens between them (raw strings keep escapes). */
function decodeContent(cx: LowerContext, content: SyntaxNode, prefix: StringPrefix): string {
  if (content.children.length === 0) return cx.leaf(content);
  let out = '';
  let pos = content.start;
  for (const escape of content.children) {
    if (escape.start < pos) continue;
    out += cx.text.slice(pos, escape.start);
    const raw = cx.text.slice(escape.start, escape.end);
    if (escape.type === 'escape_interpolation') out += raw.length === 2 ? raw[0] : raw;
    else out += prefix.raw ? raw : decodeEscape(raw, prefix.bytes);
    pos = escape.end;
  }
  return out + cx.text.slice(pos, content.end);
}

/** `{expr!r:>{width}}`: the expression, then any expressions nested in the format spec. */
function addInterpolation(cx: LowerContext, node: SyntaxNode, acc: StringParts, d: number): void {
  if (d > MAX_DEPTH) return;
  const expression = child(node, 'expression');
  if (expression) acc.parts.push(lowerExpr(cx, expression, d));
  const spec = child(node, 'format_specifier');
  if (!spec) return;
  for (const kid of spec.children) if (kid.type === 'format_expression') addInterpolation(cx, kid, acc, d + 1);
}
