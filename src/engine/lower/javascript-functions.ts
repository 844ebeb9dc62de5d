/** Functions, arrows, methods, parameters and classes. */
import type { ClassStmt, Expr, FunctionDecl, Param, Pattern, Stmt } from '../ir';
import { LowerContext, span } from './javascript-context';
import { TYPE_NODES, lowerExpr, missing } from './javascript-expressions';
import { lowerPattern, patternKey } from './javascript-patterns';
import { lowerStatementList } from './javascript-statements';
import { field, fields, firstNamed, hasToken, type SNode } from './javascript-tree';

export interface FunctionOptions {
  exported?: boolean;
  isMethod?: boolean;
  /** Decorators written outside the node (`@d export class`, TS class-body siblings), outermost first. */
  decorators?: Expr[];
  /** Name for an anonymous function (`export default function () {}` is 'default'). */
  defaultName?: string;
}

export function lowerFunction(cx: LowerContext, n: SNode, opts: FunctionOptions): FunctionDecl {
  const nameNode = field(n, 'name');
  let name = nameNode ? patternKey(cx, nameNode) : null;
  if (name === null && opts.defaultName !== undefined) name = opts.defaultName;
  const decorators = [...(opts.decorators ?? []), ...lowerDecorators(cx, n)];
  const isMethod = opts.isMethod === true;
  // Parameter defaults have no statement list to hoist into.
  const params = cx.withHoist(null, () => lowerParams(cx, n));
  const body: Stmt[] = [];
  if (isMethod && name === 'constructor') addParameterProperties(cx, n, body);
  const bodyNode = field(n, 'body');
  if (bodyNode?.type === 'statement_block') {
    lowerStatementList(cx, bodyNode, body);
  } else if (bodyNode) {
    // Expression-bodied arrow: `x => f(x)` returns f(x).
    cx.withHoist(body, () => {
      const value = lowerExpr(cx, bodyNode);
      body.push({ k: 'return', value, span: span(bodyNode) });
    });
  }
  const fn: FunctionDecl = {
    name,
    params,
    body,
    decorators,
    isAsync: hasToken(n, 'async'),
    isGenerator: n.type.startsWith('generator') || hasToken(n, '*'),
    exported: opts.exported === true,
    isMethod,
    span: span(n),
  };
  if (nameNode) fn.nameSpan = span(nameNode);
  return fn;
}

export function lowerDecorators(cx: LowerContext, n: SNode): Expr[] {
  const out: Expr[] = [];
  for (const kid of n.children) if (kid.type === 'decorator') out.push(lowerDecorator(cx, kid));
  return out;
}

export function lowerDecorator(cx: LowerContext, decorator: SNode): Expr {
  const inner = firstNamed(decorator);
  return inner ? lowerExpr(cx, inner) : missing(decorator);
}

// ---------------------------------------------------------------- parameters

function lowerParams(cx: LowerContext, n: SNode): Param[] {
  const single = field(n, 'parameter');
  if (single) return [patternParam(cx, single, single)];
  const list = field(n, 'parameters');
  if (!list) return [];
  const params: Param[] = [];
  for (const kid of list.children) {
    if (!kid.named || TYPE_NODES.has(kid.type) || kid.type === 'decorator') continue;
    const param = lowerParam(cx, kid);
    if (param) params.push(param);
  }
  return params;
}

function lowerParam(cx: LowerContext, p: SNode): Param | null {
  if (p.type !== 'required_parameter' && p.type !== 'optional_parameter') return patternParam(cx, p, p);
  const pattern = field(p, 'pattern') ?? field(p, 'name');
  if (!pattern) return null;
  if (pattern.type === 'this') return null; // TS `this: T` parameter: type-only
  const param = patternParam(cx, pattern, p);
  const value = field(p, 'value');
  if (value) param.default = lowerExpr(cx, value);
  const typeNode = field(p, 'type');
  if (typeNode) param.annotation = annotationText(cx, typeNode);
  return param;
}

/** A parameter from its binding pattern: `...rest` is kind star, `a = 1` carries a default. */
function patternParam(cx: LowerContext, pattern: SNode, whole: SNode): Param {
  if (pattern.type === 'rest_pattern') {
    const inner = firstNamed(pattern);
    const target: Pattern = inner ? lowerPattern(cx, inner) : { k: 'unknown', span: span(pattern) };
    return { pattern: target, kind: 'star', span: span(whole) };
  }
  if (pattern.type === 'assignment_pattern') {
    const left = field(pattern, 'left');
    const right = field(pattern, 'right');
    const param: Param = { pattern: left ? lowerPattern(cx, left) : { k: 'unknown', span: span(pattern) }, kind: 'pos', span: span(whole) };
    if (right) param.default = lowerExpr(cx, right);
    return param;
  }
  return { pattern: lowerPattern(cx, pattern), kind: 'pos', span: span(whole) };
}

/** `: NextRequest` -> `NextRequest`. */
export function annotationText(cx: LowerContext, typeNode: SNode): string {
  let start = typeNode.start;
  const end = typeNode.end;
  const text = cx.text;
  while (start < end) {
    const c = text.charCodeAt(start);
    if (c === 58 /* : */ || c === 32 || c === 9 || c === 10 || c === 13) start++;
    else break;
  }
  return text.slice(start, end);
}

/** `constructor(private svc: Svc)` also assigns `this.svc = svc`. */
function addParameterProperties(cx: LowerContext, n: SNode, body: Stmt[]): void {
  const list = field(n, 'parameters');
  if (!list) return;
  for (const p of list.children) {
    if (p.type !== 'required_parameter' && p.type !== 'optional_parameter') continue;
    const isProperty = p.children.some(
      (kid) => kid.type === 'accessibility_modifier' || kid.type === 'override_modifier' || (!kid.named && kid.type === 'readonly'),
    );
    const pattern = field(p, 'pattern');
    if (!isProperty || pattern?.type !== 'identifier') continue;
    const name = cx.textOf(pattern);
    body.push({
      k: 'assign',
      target: { k: 'attr', obj: { k: 'name', name: 'this', span: span(pattern) }, name, span: span(pattern) },
      value: { k: 'name', name, span: span(pattern) },
      span: span(p),
    });
  }
}

// ---------------------------------------------------------------- classes

export interface ClassOptions {
  exported?: boolean;
  decorators?: Expr[];
  defaultName?: string;
}

export function lowerClass(cx: LowerContext, n: SNode, opts: ClassOptions): ClassStmt {
  const nameNode = field(n, 'name');
  let name = nameNode ? cx.textOf(nameNode) : null;
  if (name === null && opts.defaultName !== undefined) name = opts.defaultName;
  const decorators = [...(opts.decorators ?? []), ...lowerDecorators(cx, n)];
  const bases = lowerBases(cx, n);
  const body: Stmt[] = [];
  const bodyNode = field(n, 'body');
  if (bodyNode) cx.withHoist(body, () => lowerClassBody(cx, bodyNode, body));
  return { k: 'class', name, bases, decorators, body, exported: opts.exported === true, span: span(n) };
}

/** A class expression is `unknown` whose children are its bases, methods (as functions) and field values. */
export function lowerClassExpression(cx: LowerContext, n: SNode): Expr {
  const cls = lowerClass(cx, n, {});
  const children: Expr[] = [...cls.decorators, ...cls.bases];
  for (const stmt of cls.body) {
    if (stmt.k === 'func') children.push({ k: 'func', fn: stmt.fn, span: stmt.span });
    else if (stmt.k === 'assign') children.push(stmt.value);
    else if (stmt.k === 'expr') children.push(stmt.expr);
  }
  return { k: 'unknown', children, span: span(n) };
}

function lowerBases(cx: LowerContext, n: SNode): Expr[] {
  const bases: Expr[] = [];
  for (const heritage of n.children) {
    if (heritage.type !== 'class_heritage') continue;
    for (const kid of heritage.children) {
      if (!kid.named || TYPE_NODES.has(kid.type)) continue;
      if (kid.type === 'extends_clause') {
        for (const value of fields(kid, 'value')) bases.push(lowerExpr(cx, value));
      } else {
        bases.push(lowerExpr(cx, kid));
      }
    }
  }
  return bases;
}

function lowerClassBody(cx: LowerContext, bodyNode: SNode, body: Stmt[]): void {
  // TS puts member decorators before the member as siblings; JS nests them in the member.
  let pending: Expr[] = [];
  for (const member of bodyNode.children) {
    if (!member.named) continue;
    switch (member.type) {
      case 'decorator':
        pending.push(lowerDecorator(cx, member));
        continue;
      case 'method_definition': {
        const fn = lowerFunction(cx, member, { isMethod: true, decorators: pending });
        body.push({ k: 'func', fn, span: span(member) });
        break;
      }
      case 'field_definition':
      case 'public_field_definition':
        lowerField(cx, member, body);
        break;
      case 'class_static_block': {
        const block = field(member, 'body');
        const stmts: Stmt[] = [];
        if (block) lowerStatementList(cx, block, stmts);
        body.push({ k: 'block', body: stmts, span: span(member) });
        break;
      }
      case 'ERROR':
        // Keep what parsed inside a broken member.
        body.push({ k: 'expr', expr: lowerExpr(cx, member), span: span(member) });
        break;
      default:
        break; // signatures, index signatures: type-only
    }
    pending = [];
  }
}

/** `x = v`, `#p = v`, `static s = v`, `[k] = v` as assignments on `this`. */
function lowerField(cx: LowerContext, member: SNode, body: Stmt[]): void {
  const nameNode = field(member, 'property') ?? field(member, 'name');
  const valueNode = field(member, 'value');
  if (!nameNode || !valueNode) return;
  const self: Expr = { k: 'name', name: 'this', span: span(nameNode) };
  const value = lowerExpr(cx, valueNode);
  let target: Pattern;
  if (nameNode.type === 'computed_property_name') {
    const inner = firstNamed(nameNode);
    target = { k: 'index', obj: self, index: inner ? lowerExpr(cx, inner) : missing(nameNode), span: span(nameNode) };
  } else {
    target = { k: 'attr', obj: self, name: patternKey(cx, nameNode) ?? cx.textOf(nameNode), span: span(nameNode) };
  }
  body.push({ k: 'assign', target, value, span: span(member) });
}
