/** Expressions of JS / TS / TSX to IR. Each call counts one level against the depth bound. */
import type { Arg, DictEntry, Expr, Pattern, StrExpr, Stmt } from '../ir';
import { LowerContext, span, truncated } from './javascript-context';
import { lowerClassExpression, lowerFunction } from './javascript-functions';
import { lowerJsx } from './javascript-jsx';
import { decodeEscape, numberValue } from './javascript-literals';
import { lowerPattern, patternKey } from './javascript-patterns';
import { field, firstNamed, type SNode } from './javascript-tree';

/** Child node types that only carry types; skipped wherever children are lowered generically. */
export const TYPE_NODES = new Set([
  'type_annotation', 'type_arguments', 'type_parameters', 'implements_clause', 'type_predicate_annotation',
  'asserts_annotation', 'omitting_type_annotation', 'opting_type_annotation', 'adding_type_annotation',
]);

/** Wrappers that only add type information: `x as T`, `x satisfies T`, `x!`, `<T>x`, `f<T>`. */
const TYPE_WRAPPERS = new Set(['as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion', 'instantiation_expression']);

export function lowerExpr(cx: LowerContext, node: SNode): Expr {
  if (!cx.enter()) return truncated(node);
  const result = lowerExprInner(cx, node);
  cx.leave();
  return result;
}

function lowerExprInner(cx: LowerContext, n: SNode): Expr {
  switch (n.type) {
    case 'identifier':
    case 'shorthand_property_identifier':
    case 'property_identifier':
    case 'private_property_identifier':
    case 'type_identifier':
    case 'statement_identifier':
    case 'this':
    case 'super':
    case 'import':
    case 'meta_property': {
      const name = cx.textOf(n);
      if (name === 'undefined') return { k: 'lit', kind: 'null', value: null, span: span(n) };
      return { k: 'name', name, span: span(n) };
    }
    case 'undefined':
    case 'null':
      return { k: 'lit', kind: 'null', value: null, span: span(n) };
    case 'true':
    case 'false':
      return { k: 'lit', kind: 'bool', value: n.type === 'true', span: span(n) };
    case 'number':
      return { k: 'lit', kind: 'number', value: numberValue(cx.textOf(n)), span: span(n) };
    case 'regex':
      return { k: 'lit', kind: 'regex', value: cx.textOf(n), span: span(n) };
    case 'string':
      return lowerString(cx, n);
    case 'template_string':
      return lowerTemplate(cx, n);
    case 'member_expression':
      return lowerMember(cx, n);
    case 'subscript_expression': {
      const obj = field(n, 'object');
      const index = field(n, 'index');
      return {
        k: 'index',
        obj: obj ? lowerExpr(cx, obj) : missing(n),
        index: index ? lowerExpr(cx, index) : missing(n),
        span: span(n),
      };
    }
    case 'call_expression':
      return lowerCall(cx, n);
    case 'new_expression': {
      const ctor = field(n, 'constructor');
      const args = field(n, 'arguments');
      return { k: 'call', callee: ctor ? lowerExpr(cx, ctor) : missing(n), args: args ? lowerArgs(cx, args) : [], isNew: true, span: span(n) };
    }
    case 'await_expression': {
      const inner = firstNamed(n);
      return { k: 'await', expr: inner ? lowerExpr(cx, inner) : missing(n), span: span(n) };
    }
    case 'yield_expression': {
      const inner = firstNamed(n);
      return { k: 'op', op: 'yield', args: inner ? [lowerExpr(cx, inner)] : [], span: span(n) };
    }
    case 'parenthesized_expression': {
      const inner = innerExpression(n);
      return inner ? lowerExpr(cx, inner) : missing(n);
    }
    case 'as_expression':
    case 'satisfies_expression':
    case 'non_null_expression':
    case 'type_assertion':
    case 'instantiation_expression': {
      const inner = unwrapTypeWrapper(n);
      return inner ? lowerExpr(cx, inner) : missing(n);
    }
    case 'binary_expression':
      return operator(cx, n, operatorToken(n), [field(n, 'left'), field(n, 'right')]);
    case 'unary_expression':
    case 'update_expression':
      return operator(cx, n, operatorToken(n), [field(n, 'argument')]);
    case 'ternary_expression':
      return operator(cx, n, '?:', [field(n, 'condition'), field(n, 'consequence'), field(n, 'alternative')]);
    case 'sequence_expression':
      return lowerSequence(cx, n);
    case 'assignment_expression':
      return lowerAssignmentExpr(cx, n, undefined);
    case 'augmented_assignment_expression':
      return lowerAssignmentExpr(cx, n, assignOperator(n));
    case 'array':
      return { k: 'seq', kind: 'array', items: lowerArrayItems(cx, n), span: span(n) };
    case 'object':
      return lowerObject(cx, n);
    case 'spread_element': {
      const inner = firstNamed(n);
      return { k: 'spread', expr: inner ? lowerExpr(cx, inner) : missing(n), span: span(n) };
    }
    case 'arrow_function':
    case 'function_expression':
    case 'function':
    case 'generator_function':
      return { k: 'func', fn: lowerFunction(cx, n, {}), span: span(n) };
    case 'class':
      return lowerClassExpression(cx, n);
    case 'jsx_element':
    case 'jsx_self_closing_element':
      return lowerJsx(cx, n);
    case 'jsx_expression':
    case 'computed_property_name': {
      const inner = firstNamed(n);
      return inner ? lowerExpr(cx, inner) : missing(n);
    }
    default:
      return unknownWithChildren(cx, n);
  }
}

/** An expression the parser did not produce (error recovery): no data, just the span. */
export function missing(node: SNode): Expr {
  return { k: 'unknown', children: [], span: span(node) };
}

/** Anything unmodelled: its named children become children, so data still flows through. */
export function unknownWithChildren(cx: LowerContext, n: SNode): Expr {
  const children: Expr[] = [];
  for (const kid of n.children) {
    if (!kid.named || TYPE_NODES.has(kid.type)) continue;
    children.push(lowerExpr(cx, kid));
  }
  return { k: 'unknown', children, span: span(n) };
}

/** The expression inside `( ... )`, skipping a TS type annotation child. */
export function innerExpression(n: SNode): SNode | null {
  for (const kid of n.children) if (kid.named && kid.field !== 'type' && !TYPE_NODES.has(kid.type)) return kid;
  return null;
}

/** The value expression inside a type-only wrapper (`x as T`: first child; `<T>x`: last child). */
export function unwrapTypeWrapper(n: SNode): SNode | null {
  if (n.type === 'instantiation_expression') return field(n, 'function') ?? firstNamed(n);
  if (n.type === 'type_assertion') {
    for (let i = n.children.length - 1; i >= 0; i--) {
      const kid = n.children[i];
      if (kid.named && !TYPE_NODES.has(kid.type)) return kid;
    }
    return null;
  }
  return firstNamed(n);
}

export function isTypeWrapper(n: SNode): boolean {
  return TYPE_WRAPPERS.has(n.type) || n.type === 'parenthesized_expression';
}

/** The operator of a binary / unary / update / assignment node: its only anonymous token. */
export function operatorToken(n: SNode): string {
  for (const kid of n.children) if (!kid.named) return kid.type;
  return '?';
}

/** `+=` -> `+`, `??=` -> `??`, `>>>=` -> `>>>`. */
export function assignOperator(n: SNode): string {
  const op = operatorToken(n);
  return op.endsWith('=') ? op.slice(0, -1) : op;
}

function operator(cx: LowerContext, n: SNode, op: string, operands: (SNode | null)[]): Expr {
  const args: Expr[] = [];
  for (const operand of operands) args.push(operand ? lowerExpr(cx, operand) : missing(n));
  return { k: 'op', op, args, span: span(n) };
}

function lowerMember(cx: LowerContext, n: SNode): Expr {
  const obj = field(n, 'object');
  const prop = field(n, 'property');
  const objExpr = obj ? lowerExpr(cx, obj) : missing(n);
  if (!prop || !prop.named) return { k: 'unknown', children: [objExpr], span: span(n) };
  return { k: 'attr', obj: objExpr, name: cx.textOf(prop), nameSpan: span(prop), span: span(n) };
}

function lowerCall(cx: LowerContext, n: SNode): Expr {
  const fn = field(n, 'function');
  const args = field(n, 'arguments');
  const callee = fn ? lowerExpr(cx, fn) : missing(n);
  let lowered: Arg[] = [];
  if (args?.type === 'template_string') {
    // Tagged template: the template is the only argument.
    lowered = [{ kind: 'pos', value: lowerExpr(cx, args), span: span(args) }];
  } else if (args) {
    lowered = lowerArgs(cx, args);
  }
  return { k: 'call', callee, args: lowered, isNew: false, span: span(n) };
}

export function lowerArgs(cx: LowerContext, argsNode: SNode): Arg[] {
  const out: Arg[] = [];
  for (const kid of argsNode.children) {
    if (!kid.named || TYPE_NODES.has(kid.type)) continue;
    if (kid.type === 'spread_element') {
      const inner = firstNamed(kid);
      out.push({ kind: 'star', value: inner ? lowerExpr(cx, inner) : missing(kid), span: span(kid) });
    } else {
      out.push({ kind: 'pos', value: lowerExpr(cx, kid), span: span(kid) });
    }
  }
  return out;
}

// ---------------------------------------------------------------- strings

export function stringValue(cx: LowerContext, n: SNode): string {
  const kids = n.children;
  let value = '';
  for (let i = 0; i < kids.length; i++) {
    const kid = kids[i];
    if (kid.type === 'string_fragment' || kid.type === 'html_character_reference') value += cx.textOf(kid);
    else if (kid.type === 'escape_sequence') value += decodeEscape(cx.textOf(kid));
  }
  return value;
}

function lowerString(cx: LowerContext, n: SNode): StrExpr {
  const value = stringValue(cx, n);
  return { k: 'str', value, parts: [], literalText: value, span: span(n) };
}

function lowerTemplate(cx: LowerContext, n: SNode): StrExpr {
  const parts: Expr[] = [];
  let literalText = '';
  for (const kid of n.children) {
    if (kid.type === 'string_fragment') literalText += cx.textOf(kid);
    else if (kid.type === 'escape_sequence') literalText += decodeEscape(cx.textOf(kid));
    else if (kid.type === 'template_substitution') {
      const inner = firstNamed(kid);
      parts.push(inner ? lowerExpr(cx, inner) : missing(kid));
    }
  }
  return { k: 'str', value: null, parts, literalText, span: span(n) };
}

// ---------------------------------------------------------------- arrays, objects

/** Array elements; holes (`[a, , b]`) become `null` literals so positions stay right. */
function lowerArrayItems(cx: LowerContext, n: SNode): Expr[] {
  const items: Expr[] = [];
  let expectingItem = false;
  let lastEnd = n.start + 1;
  for (const kid of n.children) {
    if (!kid.named) {
      if (kid.type === '[') expectingItem = true;
      else if (kid.type === ',') {
        if (expectingItem) items.push({ k: 'lit', kind: 'null', value: null, span: { start: lastEnd, end: lastEnd } });
        expectingItem = true;
      }
      continue;
    }
    items.push(lowerExpr(cx, kid));
    lastEnd = kid.end;
    expectingItem = false;
  }
  return items;
}

function lowerObject(cx: LowerContext, n: SNode): Expr {
  const entries: DictEntry[] = [];
  for (const kid of n.children) {
    if (!kid.named) continue;
    switch (kid.type) {
      case 'pair': {
        const key = field(kid, 'key');
        const value = field(kid, 'value');
        const entry: DictEntry = { key: key ? patternKey(cx, key) : null, value: value ? lowerExpr(cx, value) : missing(kid), span: span(kid) };
        if (key && entry.key === null) entry.keyExpr = lowerExpr(cx, key);
        entries.push(entry);
        break;
      }
      case 'shorthand_property_identifier':
        entries.push({ key: cx.textOf(kid), value: lowerExpr(cx, kid), span: span(kid) });
        break;
      case 'spread_element': {
        const inner = firstNamed(kid);
        entries.push({ key: null, value: inner ? lowerExpr(cx, inner) : missing(kid), spread: true, span: span(kid) });
        break;
      }
      case 'method_definition': {
        const fn = lowerFunction(cx, kid, {});
        const nameNode = field(kid, 'name');
        const entry: DictEntry = { key: fn.name, value: { k: 'func', fn, span: span(kid) }, span: span(kid) };
        if (nameNode && fn.name === null) entry.keyExpr = lowerExpr(cx, nameNode);
        entries.push(entry);
        break;
      }
      default:
        // Error recovery leftovers: keep their data under no key.
        entries.push({ key: null, value: lowerExpr(cx, kid), span: span(kid) });
    }
  }
  return { k: 'dict', entries, span: span(n) };
}

// ---------------------------------------------------------------- sequences, assignments

/** Flattens `a, b, c` (nested sequences too) without recursion. */
export function sequenceItems(n: SNode): SNode[] {
  const items: SNode[] = [];
  const stack: SNode[] = [n];
  while (stack.length > 0) {
    const cur = stack.pop() as SNode;
    if (cur.type !== 'sequence_expression') {
      items.push(cur);
      continue;
    }
    for (let i = cur.children.length - 1; i >= 0; i--) if (cur.children[i].named) stack.push(cur.children[i]);
  }
  return items;
}

/**
 * `a, b, c` is `c` after evaluating `a` and `b`: with a statement list at hand, the leading items
 * become statements before it; otherwise an op ',' keeps them all.
 */
function lowerSequence(cx: LowerContext, n: SNode): Expr {
  const items = sequenceItems(n);
  if (items.length === 0) return missing(n);
  const hoist = cx.hoist;
  if (hoist) {
    for (let i = 0; i < items.length - 1; i++) lowerExprAsStatements(cx, items[i], hoist);
    return lowerExpr(cx, items[items.length - 1]);
  }
  return { k: 'op', op: ',', args: items.map((item) => lowerExpr(cx, item)), span: span(n) };
}

/**
 * An expression whose value is unused, as statements: assignments become AssignStmts (chains
 * `a = b = v` become two), sequences split, anything else an ExprStmt.
 */
export function lowerExprAsStatements(cx: LowerContext, n: SNode, out: Stmt[]): void {
  if (!cx.enter()) return;
  const saved = cx.hoist;
  cx.hoist = out;
  let node = n;
  while (node.type === 'parenthesized_expression' || TYPE_WRAPPERS.has(node.type)) {
    const inner = node.type === 'parenthesized_expression' ? innerExpression(node) : unwrapTypeWrapper(node);
    if (!inner) break;
    node = inner;
  }
  if (node.type === 'assignment_expression' || node.type === 'augmented_assignment_expression') {
    out.push(assignmentStatement(cx, node, node.type === 'augmented_assignment_expression' ? assignOperator(node) : undefined));
  } else if (node.type === 'sequence_expression') {
    for (const item of sequenceItems(node)) lowerExprAsStatements(cx, item, out);
  } else {
    out.push({ k: 'expr', expr: lowerExpr(cx, node), span: span(n) });
  }
  cx.hoist = saved;
  cx.leave();
}

function assignmentStatement(cx: LowerContext, n: SNode, op: string | undefined): Stmt {
  const left = field(n, 'left');
  const right = field(n, 'right');
  // The value first: its own nested assignments are hoisted before this one.
  const value = right ? lowerExpr(cx, right) : missing(n);
  const target: Pattern = left ? lowerPattern(cx, left) : { k: 'unknown', span: span(n) };
  const stmt: Stmt = { k: 'assign', target, value, span: span(n) };
  if (op !== undefined) stmt.op = op;
  return stmt;
}

/** An assignment used as a value: hoisted as a statement, the expression reads the target back. */
function lowerAssignmentExpr(cx: LowerContext, n: SNode, op: string | undefined): Expr {
  const hoist = cx.hoist;
  const left = field(n, 'left');
  if (hoist) {
    hoist.push(assignmentStatement(cx, n, op));
    if (left && (left.type === 'identifier' || left.type === 'member_expression' || left.type === 'subscript_expression')) {
      return lowerExpr(cx, left);
    }
    return missing(n);
  }
  const right = field(n, 'right');
  return {
    k: 'op',
    op: op === undefined ? '=' : `${op}=`,
    args: [left ? lowerExpr(cx, left) : missing(n), right ? lowerExpr(cx, right) : missing(n)],
    span: span(n),
  };
}
