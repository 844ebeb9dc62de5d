/** Python expressions and binding targets to IR. */
import type { Arg, CompExpr, DictEntry, Expr, FuncExpr, LitExpr, Pattern, SeqExpr } from '../ir';
import { MAX_DEPTH, joinSpan, unknown, withoutHoisting, type LowerContext } from './python-context';
import { lowerParams } from './python-params';
import { recoverFromError } from './python-recover';
import { lowerString } from './python-string-expr';
import { child, childrenOf, firstNamed, namedChildren, spanOf, type SyntaxNode } from './python-syntax';

/** Skips any number of `( ... )` wrappers without recursion (hostile input nests thousands). */
export function unwrapParens(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = firstNamed(current);
    if (!inner) return current;
    current = inner;
  }
  return current;
}

/** Node types whose lowering already takes in every child, ERROR children included. */
const TAKES_ALL_CHILDREN = new Set(['list', 'set', 'tuple', 'expression_list', 'pattern_list', 'dictionary', 'argument_list']);

export function lowerExpr(cx: LowerContext, input: SyntaxNode, d: number): Expr {
  if (d > MAX_DEPTH || input.missing) return unknown(input);
  cx.budget?.check('lowering');
  const node = unwrapParens(input);
  if (node.missing) return unknown(node);
  const expr = lowerNode(cx, node, d + 1);
  // Error recovery can leave an ERROR child outside any field (`f(x) junk (y)`): its
  // recognisable code is kept as statements before the current one, where that is possible.
  if (cx.hasErrors && cx.hoist && expr.k !== 'unknown' && !TAKES_ALL_CHILDREN.has(node.type)) {
    for (const kid of node.children) if (kid.type === 'ERROR') recoverFromError(cx, kid, d + 1, cx.hoist);
  }
  return expr;
}

function lowerNode(cx: LowerContext, node: SyntaxNode, next: number): Expr {
  switch (node.type) {
    case 'identifier':
      return { k: 'name', name: cx.leaf(node), span: spanOf(node) };
    case 'attribute':
      return lowerAttribute(cx, node, next);
    case 'subscript':
      return lowerSubscript(cx, node, next);
    case 'call':
      return lowerCall(cx, node, next);
    case 'string':
    case 'concatenated_string':
      return lowerString(cx, node, next);
    case 'integer':
    case 'float':
      return lowerNumber(cx, node);
    case 'true':
    case 'false':
      return { k: 'lit', kind: 'bool', value: node.type === 'true', span: spanOf(node) };
    case 'none':
      return { k: 'lit', kind: 'null', value: null, span: spanOf(node) };
    case 'ellipsis':
      return { k: 'lit', kind: 'other', value: '...', span: spanOf(node) };
    case 'list':
      return lowerSeq(cx, node, 'list', next);
    case 'set':
      return lowerSeq(cx, node, 'set', next);
    case 'tuple':
    case 'expression_list':
    case 'pattern_list':
      return lowerSeq(cx, node, 'tuple', next);
    case 'list_splat':
    case 'dictionary_splat':
    case 'parenthesized_list_splat':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
      return lowerSpread(cx, node, next);
    case 'dictionary':
      return lowerDict(cx, node, next);
    case 'list_comprehension':
    case 'set_comprehension':
    case 'generator_expression':
    case 'dictionary_comprehension':
      return lowerComprehension(cx, node, next);
    case 'conditional_expression':
      return lowerConditional(cx, node, next);
    case 'boolean_operator':
      return lowerBinary(cx, node, next);
    case 'binary_operator':
      return lowerBinary(cx, node, next);
    case 'not_operator':
      return lowerUnary(cx, node, 'not', next);
    case 'unary_operator':
      return lowerUnary(cx, node, operatorToken(node) ?? '-', next);
    case 'comparison_operator':
      return lowerComparison(cx, node, next);
    case 'await': {
      const inner = firstNamed(node);
      return inner ? { k: 'await', expr: lowerExpr(cx, inner, next), span: spanOf(node) } : unknown(node);
    }
    case 'lambda':
      return lowerLambda(cx, node, next);
    case 'named_expression':
      return lowerWalrus(cx, node, next);
    case 'yield':
      return lowerYield(cx, node, next);
    case 'keyword_argument': {
      // Only reached in error recovery; the keyword is not a read.
      const value = child(node, 'value');
      return unknown(node, value ? [lowerExpr(cx, value, next)] : []);
    }
    default:
      return lowerUnknown(cx, node, next);
  }
}

/** Any node the lowering does not model: `unknown` over its named children, so data still flows. */
export function lowerUnknown(cx: LowerContext, node: SyntaxNode, d: number): Expr {
  if (d > MAX_DEPTH) return unknown(node);
  const children: Expr[] = [];
  for (const kid of node.children) if (kid.named) children.push(lowerExpr(cx, kid, d));
  return unknown(node, children);
}

function operatorToken(node: SyntaxNode): string | undefined {
  for (const kid of node.children) if (!kid.named) return kid.type;
  return undefined;
}

function lowerAttribute(cx: LowerContext, node: SyntaxNode, d: number): Expr {
  const object = child(node, 'object');
  const name = child(node, 'attribute');
  if (!object || !name || name.missing) return lowerUnknown(cx, node, d);
  return { k: 'attr', obj: lowerExpr(cx, object, d), name: cx.leaf(name), nameSpan: spanOf(name), span: spanOf(node) };
}

function lowerSubscript(cx: LowerContext, node: SyntaxNode, d: number): Expr {
  const value = child(node, 'value');
  if (!value) return lowerUnknown(cx, node, d);
  return { k: 'index', obj: lowerExpr(cx, value, d), index: lowerIndex(cx, node, d), span: spanOf(node) };
}

function lowerIndex(cx: LowerContext, node: SyntaxNode, d: number): Expr {
  const subscripts = childrenOf(node, 'subscript');
  if (subscripts.length === 0) return unknown(node);
  const items = subscripts.map((s) => (s.type === 'slice' ? lowerUnknown(cx, s, d) : lowerExpr(cx, s, d)));
  if (items.length === 1) return items[0];
  return { k: 'seq', kind: 'tuple', items, span: joinSpan(subscripts[0], subscripts[subscripts.length - 1]) };
}

function lowerCall(cx: LowerContext, node: SyntaxNode, d: number): Expr {
  const fn = child(node, 'function');
  if (!fn) return lowerUnknown(cx, node, d);
  const argsNode = child(node, 'arguments');
  let args: Arg[] = [];
  if (argsNode?.type === 'argument_list') args = lowerArgs(cx, argsNode, d);
  else if (argsNode) args = [{ kind: 'pos', value: lowerExpr(cx, argsNode, d), span: spanOf(argsNode) }];
  return { k: 'call', callee: lowerExpr(cx, fn, d), args, isNew: false, span: spanOf(node) };
}

export function lowerArgs(cx: LowerContext, list: SyntaxNode, d: number): Arg[] {
  const args: Arg[] = [];
  for (const kid of list.children) {
    if (!kid.named) continue;
    const span = spanOf(kid);
    if (kid.type === 'keyword_argument') {
      const name = child(kid, 'name');
      const value = child(kid, 'value');
      args.push({ kind: 'kw', name: name ? cx.leaf(name) : '', value: value ? lowerExpr(cx, value, d) : unknown(kid), span });
    } else if (kid.type === 'list_splat' || kid.type === 'dictionary_splat') {
      const inner = firstNamed(kid);
      const kind = kid.type === 'list_splat' ? 'star' : 'starstar';
      args.push({ kind, value: inner ? lowerExpr(cx, inner, d) : unknown(kid), span });
    } else {
      // Expressions, and ERROR nodes inside a broken argument list (lowered as unknown).
      args.push({ kind: 'pos', value: lowerExpr(cx, kid, d), span });
    }
  }
  return args;
}

function lowerNumber(cx: LowerContext, node: SyntaxNode): LitExpr {
  const source = cx.leaf(node);
  const parsed = Number(source.includes('_') ? source.replace(/_/g, '') : source);
  // Complex (`3j`) and Python 2 long (`10L`) literals keep their source text.
  return { k: 'lit', kind: 'number', value: Number.isNaN(parsed) ? source : parsed, span: spanOf(node) };
}

function lowerSeq(cx: LowerContext, node: SyntaxNode, kind: SeqExpr['kind'], d: number): SeqExpr {
  const items: Expr[] = [];
  for (const kid of node.children) if (kid.named) items.push(lowerExpr(cx, kid, d));
  return { k: 'seq', kind, items, span: spanOf(node) };
}

function lowerSpread(cx: LowerContext, node: SyntaxNode, d: number): Expr {
  const inner = firstNamed(node);
  if (!inner) return unknown(node);
  const expr = inner.type === 'list_splat' ? lowerExpr(cx, firstNamed(inner) ?? inner, d) : lowerExpr(cx, inner, d);
  return { k: 'spread', expr, span: spanOf(node) };
}

function lowerDict(cx: LowerContext, node: SyntaxNode, d: number): Expr {
  const entries: DictEntry[] = [];
  for (const kid of node.children) {
    if (!kid.named) continue;
    const span = spanOf(kid);
    if (kid.type === 'pair') {
      const keyNode = child(kid, 'key');
      const valueNode = child(kid, 'value');
      const value = valueNode ? lowerExpr(cx, valueNode, d) : unknown(kid);
      const keyExpr = keyNode ? lowerExpr(cx, keyNode, d) : unknown(kid);
      const key = staticKey(keyExpr, keyNode ? cx.leaf(keyNode) : '');
      entries.push(key === null ? { key, keyExpr, value, span } : { key, value, span });
    } else if (kid.type === 'dictionary_splat') {
      const inner = firstNamed(kid);
      entries.push({ key: null, value: inner ? lowerExpr(cx, inner, d) : unknown(kid), spread: true, span });
    } else {
      entries.push({ key: null, value: lowerExpr(cx, kid, d), span });
    }
  }
  return { k: 'dict', entries, span: spanOf(node) };
}

/** Plain string keys and number keys are static; everything else is computed. */
function staticKey(keyExpr: Expr, source: string): string | null {
  if (keyExpr.k === 'str' && keyExpr.value !== null) return keyExpr.value;
  if (keyExpr.k === 'lit' && keyExpr.kind === 'number') return source;
  return null;
}

function lowerComprehension(cx: LowerContext, node: SyntaxNode, d: number): Expr {
  // The body runs once per item: a walrus inside cannot be hoisted before the statement.
  return withoutHoisting(cx, () => {
    const body = child(node, 'body');
    const comp: CompExpr = { k: 'comp', elt: unknown(node), generators: [], span: spanOf(node) };
    if (body?.type === 'pair') {
      const key = child(body, 'key');
      const value = child(body, 'value');
      comp.keyElt = key ? lowerExpr(cx, key, d) : unknown(body);
      comp.elt = value ? lowerExpr(cx, value, d) : unknown(body);
    } else if (body) {
      comp.elt = lowerExpr(cx, body, d);
    }
    for (const kid of node.children) {
      if (kid.type === 'for_in_clause') {
        const left = child(kid, 'left');
        const right = childrenOf(kid, 'right').filter((r) => r.named);
        let iter: Expr = unknown(kid);
        if (right.length === 1) iter = lowerExpr(cx, right[0], d);
        else if (right.length > 1)
          iter = { k: 'seq', kind: 'tuple', items: right.map((r) => lowerExpr(cx, r, d)), span: joinSpan(right[0], right[right.length - 1]) };
        comp.generators.push({ target: left ? lowerPattern(cx, left, d) : { k: 'unknown', span: spanOf(kid) }, iter, conds: [] });
      } else if (kid.type === 'if_clause') {
        const cond = firstNamed(kid);
        const last = comp.generators[comp.generators.length - 1];
        if (cond && last) last.conds.push(lowerExpr(cx, cond, d));
      }
    }
    return comp;
  });
}

/** `a if b else c` -> op '?:' [b, a, c]. */
function lowerConditional(cx: LowerContext, node: SyntaxNode, d: number): Expr {
  const parts = namedChildren(node);
  if (parts.length !== 3) return lowerUnknown(cx, node, d);
  const [then, test, otherwise] = parts.map((p) => lowerExpr(cx, p, d));
  return { k: 'op', op: '?:', args: [test, then, otherwise], span: spanOf(node) };
}

function lowerBinary(cx: LowerContext, node: SyntaxNode, d: number): Expr {
  const left = child(node, 'left');
  const right = child(node, 'right');
  const op = operatorToken(node);
  if (!left || !right || !op) return lowerUnknown(cx, node, d);
  return { k: 'op', op, args: [lowerExpr(cx, left, d), lowerExpr(cx, right, d)], span: spanOf(node) };
}

function lowerUnary(cx: LowerContext, node: SyntaxNode, op: string, d: number): Expr {
  const arg = child(node, 'argument');
  if (!arg) return lowerUnknown(cx, node, d);
  return { k: 'op', op, args: [lowerExpr(cx, arg, d)], span: spanOf(node) };
}

const MAX_CHAIN = 16;

/**
 * `a < b` is one op; a chain `a < b < c` is `(a < b) and (b < c)`, the shared operand lowered
 * once and referenced from both comparisons. `not in` and `is not` are single operators.
 */
function lowerComparison(cx: LowerContext, node: SyntaxNode, d: number): Expr {
  const operands: Expr[] = [];
  const operators: string[] = [];
  for (const kid of node.children) {
    if (kid.named) operands.push(lowerExpr(cx, kid, d));
    else operators.push(kid.type);
  }
  if (operands.length < 2 || operators.length !== operands.length - 1) return unknown(node, operands);
  if (operators.length === 1) return { k: 'op', op: operators[0], args: operands, span: spanOf(node) };
  // A flat chain of thousands of comparisons would nest as deep: keep long chains flat.
  if (operators.length > MAX_CHAIN) return unknown(node, operands);
  let result: Expr | null = null;
  for (let i = 0; i < operators.length; i++) {
    const left = operands[i];
    const right = operands[i + 1];
    const single: Expr = { k: 'op', op: operators[i], args: [left, right], span: { start: left.span.start, end: right.span.end } };
    result = result ? { k: 'op', op: 'and', args: [result, single], span: { start: result.span.start, end: single.span.end } } : single;
  }
  return result ?? unknown(node, operands);
}

function lowerLambda(cx: LowerContext, node: SyntaxNode, d: number): FuncExpr {
  const paramsNode = child(node, 'parameters');
  const params = paramsNode ? lowerParams(cx, paramsNode, d) : [];
  const bodyNode = child(node, 'body');
  const savedScope = cx.scope;
  const savedFn = cx.fn;
  const fnState = { yields: false };
  cx.scope = 'function';
  cx.fn = fnState;
  try {
    const value = bodyNode ? withoutHoisting(cx, () => lowerExpr(cx, bodyNode, d)) : unknown(node);
    const span = spanOf(node);
    return {
      k: 'func',
      fn: {
        name: null,
        params,
        body: [{ k: 'return', value, span: value.span }],
        decorators: [],
        isAsync: false,
        isGenerator: fnState.yields,
        exported: false,
        isMethod: false,
        span,
      },
      span,
    };
  } finally {
    cx.scope = savedScope;
    cx.fn = savedFn;
  }
}

/** `(n := v)`: hoisted as `n = v` before the statement when allowed, else op ':=' [n, v]. */
function lowerWalrus(cx: LowerContext, node: SyntaxNode, d: number): Expr {
  const nameNode = child(node, 'name');
  const valueNode = child(node, 'value');
  if (!nameNode || !valueNode) return lowerUnknown(cx, node, d);
  const value = lowerExpr(cx, valueNode, d);
  const name = cx.leaf(nameNode);
  const span = spanOf(node);
  if (cx.hoist) {
    cx.hoist.push({ k: 'assign', target: { k: 'name', name, span: spanOf(nameNode) }, value, span });
    return { k: 'name', name, span };
  }
  return { k: 'op', op: ':=', args: [{ k: 'name', name, span: spanOf(nameNode) }, value], span };
}

/** `yield v` / `yield from v` -> op 'yield' [v]; bare `yield` -> op 'yield' []. */
function lowerYield(cx: LowerContext, node: SyntaxNode, d: number): Expr {
  if (cx.fn) cx.fn.yields = true;
  const value = firstNamed(node);
  return { k: 'op', op: 'yield', args: value ? [lowerExpr(cx, value, d)] : [], span: spanOf(node) };
}

// ---------------------------------------------------------------- binding targets

export function lowerPattern(cx: LowerContext, input: SyntaxNode, d: number): Pattern {
  if (d > MAX_DEPTH || input.missing) return { k: 'unknown', span: spanOf(input) };
  const node = unwrapParens(input);
  const span = spanOf(node);
  const next = d + 1;
  switch (node.type) {
    case 'identifier':
      return { k: 'name', name: cx.leaf(node), span };
    case 'attribute': {
      const object = child(node, 'object');
      const name = child(node, 'attribute');
      if (!object || !name) return { k: 'unknown', span };
      return { k: 'attr', obj: lowerExpr(cx, object, next), name: cx.leaf(name), span };
    }
    case 'subscript': {
      const value = child(node, 'value');
      if (!value) return { k: 'unknown', span };
      return { k: 'index', obj: lowerExpr(cx, value, next), index: lowerIndex(cx, node, next), span };
    }
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'expression_list': {
      const items: Pattern[] = [];
      for (const kid of node.children) if (kid.named) items.push(lowerPattern(cx, kid, next));
      return { k: 'tuple', items, span };
    }
    case 'list_splat_pattern':
    case 'list_splat': {
      const inner = firstNamed(node);
      return inner ? { k: 'rest', target: lowerPattern(cx, inner, next), span } : { k: 'unknown', span };
    }
    case 'as_pattern_target': {
      const inner = firstNamed(node);
      return inner ? lowerPattern(cx, inner, next) : { k: 'unknown', span };
    }
    default:
      return { k: 'unknown', span };
  }
}

/** The expression that reads back what a pattern bound (for chained `a = b = v`). */
export function patternToExpr(pattern: Pattern): Expr {
  switch (pattern.k) {
    case 'name':
      return { k: 'name', name: pattern.name, span: pattern.span };
    case 'attr': {
      // The attribute name ends the target: `a.b.name`.
      const nameSpan = { start: Math.max(pattern.span.start, pattern.span.end - pattern.name.length), end: pattern.span.end };
      return { k: 'attr', obj: pattern.obj, name: pattern.name, nameSpan, span: pattern.span };
    }
    case 'index':
      return { k: 'index', obj: pattern.obj, index: pattern.index, span: pattern.span };
    case 'tuple':
      return { k: 'seq', kind: 'tuple', items: pattern.items.map(patternToExpr), span: pattern.span };
    case 'rest':
      return { k: 'spread', expr: patternToExpr(pattern.target), span: pattern.span };
    case 'default':
      return patternToExpr(pattern.target);
    default:
      return { k: 'unknown', children: [], span: pattern.span };
  }
}
