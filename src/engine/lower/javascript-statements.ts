/** Statements, declarations and control flow. Each statement counts one level against the depth bound. */
import type { Expr, IfStmt, LoopStmt, Pattern, Stmt, TryStmt } from '../ir';
import { LowerContext, MAX_DEPTH, span } from './javascript-context';
import { innerExpression, lowerExpr, lowerExprAsStatements, missing } from './javascript-expressions';
import { lowerClass, lowerFunction } from './javascript-functions';
import { lowerExport, lowerImport } from './javascript-modules';
import { lowerPattern } from './javascript-patterns';
import { field, fields, firstNamed, hasToken, namedField, type SNode } from './javascript-tree';

/** Node types that are expressions: in statement position (error recovery) they become ExprStmts. */
const EXPRESSION_TYPES = new Set([
  'identifier', 'this', 'super', 'number', 'string', 'template_string', 'regex', 'true', 'false', 'null', 'undefined',
  'member_expression', 'subscript_expression', 'call_expression', 'new_expression', 'await_expression',
  'yield_expression', 'parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression',
  'type_assertion', 'instantiation_expression', 'binary_expression', 'unary_expression', 'update_expression',
  'ternary_expression', 'sequence_expression', 'assignment_expression', 'augmented_assignment_expression', 'array',
  'object', 'arrow_function', 'function_expression', 'function', 'generator_function', 'class', 'jsx_element',
  'jsx_self_closing_element', 'meta_property', 'spread_element',
]);

/** Declarations and statements with no runtime effect the analyses model. */
const IGNORED_STATEMENTS = new Set([
  'empty_statement', 'debugger_statement', 'hash_bang_line', 'interface_declaration', 'type_alias_declaration',
  'enum_declaration', 'ambient_declaration', 'function_signature', 'abstract_method_signature', 'index_signature',
  'method_signature',
]);

/** Lowers one statement into `out` (zero or more IR statements; hoisted assignments first). */
export function lowerStmt(cx: LowerContext, n: SNode, out: Stmt[]): void {
  if (!cx.enter()) return;
  const saved = cx.hoist;
  cx.hoist = out;
  lowerStmtInner(cx, n, out);
  cx.hoist = saved;
  cx.leave();
}

/** The statements of a block (or program / ERROR node) into `out`. */
export function lowerStatementList(cx: LowerContext, block: SNode, out: Stmt[]): void {
  for (const kid of block.children) if (kid.named) lowerStmt(cx, kid, out);
}

/** A statement used as a body: a `{ ... }` block contributes its statements directly. */
function lowerBody(cx: LowerContext, n: SNode | null): Stmt[] {
  const out: Stmt[] = [];
  if (!n) return out;
  if (n.type === 'statement_block') {
    if (cx.enter()) {
      lowerStatementList(cx, n, out);
      cx.leave();
    }
  } else {
    lowerStmt(cx, n, out);
  }
  return out;
}

function lowerStmtInner(cx: LowerContext, n: SNode, out: Stmt[]): void {
  switch (n.type) {
    case 'expression_statement': {
      const inner = firstNamed(n);
      if (!inner) return;
      if (inner.type === 'internal_module') lowerNamespace(cx, inner, out);
      else lowerExprAsStatements(cx, inner, out);
      return;
    }
    case 'lexical_declaration':
    case 'variable_declaration':
      lowerDeclaration(cx, n, out);
      return;
    case 'function_declaration':
    case 'generator_function_declaration':
      if (field(n, 'body')) out.push({ k: 'func', fn: lowerFunction(cx, n, {}), span: span(n) });
      return;
    case 'class_declaration':
    case 'abstract_class_declaration':
      out.push(lowerClass(cx, n, {}));
      return;
    case 'import_statement': {
      const stmt = lowerImport(cx, n);
      if (stmt) out.push(stmt);
      return;
    }
    case 'export_statement':
      lowerExport(cx, n, out);
      return;
    case 'import_alias':
      lowerImportAlias(cx, n, out);
      return;
    case 'return_statement': {
      const value = firstNamed(n);
      out.push({ k: 'return', value: value ? lowerExpr(cx, value) : null, span: span(n) });
      return;
    }
    case 'throw_statement': {
      const value = firstNamed(n);
      out.push({ k: 'exit', kind: 'raise', value: value ? lowerExpr(cx, value) : null, span: span(n) });
      return;
    }
    case 'break_statement':
    case 'continue_statement':
      out.push({ k: 'exit', kind: n.type === 'break_statement' ? 'break' : 'continue', value: null, span: span(n) });
      return;
    case 'if_statement':
      out.push(lowerIf(cx, n));
      return;
    case 'switch_statement':
      lowerSwitch(cx, n, out);
      return;
    case 'for_statement':
      lowerFor(cx, n, out);
      return;
    case 'for_in_statement':
      out.push(lowerForIn(cx, n));
      return;
    case 'while_statement':
    case 'do_statement': {
      const test = conditionOf(cx, field(n, 'condition'));
      const body = lowerBody(cx, field(n, 'body'));
      out.push(loop(n, 'while', null, null, test, body, false));
      return;
    }
    case 'try_statement':
      out.push(lowerTry(cx, n));
      return;
    case 'labeled_statement':
      out.push({ k: 'block', body: lowerBody(cx, field(n, 'body')), span: span(n) });
      return;
    case 'statement_block': {
      const body: Stmt[] = [];
      lowerStatementList(cx, n, body);
      out.push({ k: 'block', body, span: span(n) });
      return;
    }
    case 'with_statement': {
      const body: Stmt[] = [];
      const object = field(n, 'object');
      if (object) body.push({ k: 'expr', expr: lowerExpr(cx, object), span: span(object) });
      body.push(...lowerBody(cx, field(n, 'body')));
      out.push({ k: 'block', body, span: span(n) });
      return;
    }
    case 'internal_module':
    case 'module': // `module Foo { }` is the old spelling of `namespace`; `declare module` never gets here
      lowerNamespace(cx, n, out);
      return;
    case 'comment':
      return;
    default:
      if (IGNORED_STATEMENTS.has(n.type)) return;
      if (EXPRESSION_TYPES.has(n.type)) {
        lowerExprAsStatements(cx, n, out);
        return;
      }
      if (n.type === 'variable_declarator') {
        lowerDeclarator(cx, n, undefined, out, span(n));
        return;
      }
      // ERROR nodes and stray containers (else_clause, switch_case, ...): keep what parsed inside.
      lowerStatementList(cx, n, out);
  }
}

// ---------------------------------------------------------------- declarations

function lowerDeclaration(cx: LowerContext, n: SNode, out: Stmt[]): void {
  let declKind: 'const' | 'let' | 'var' = 'var';
  if (n.type === 'lexical_declaration') declKind = hasToken(n, 'let') ? 'let' : 'const'; // `using` binds like const
  const declarators = n.children.filter((kid) => kid.type === 'variable_declarator');
  for (const d of declarators) lowerDeclarator(cx, d, declKind, out, declarators.length === 1 ? span(n) : span(d));
}

function lowerDeclarator(cx: LowerContext, d: SNode, declKind: 'const' | 'let' | 'var' | undefined, out: Stmt[], stmtSpan: { start: number; end: number }): void {
  const nameNode = field(d, 'name');
  const valueNode = field(d, 'value');
  if (!nameNode || !valueNode) return; // `let x;` declares nothing the analyses need
  const value = lowerExpr(cx, valueNode);
  const target = lowerPattern(cx, nameNode);
  const stmt: Stmt = { k: 'assign', target, value, span: stmtSpan };
  if (declKind) stmt.declKind = declKind;
  out.push(stmt);
}

/** TS `import a = b.c;` binds a like a const. */
function lowerImportAlias(cx: LowerContext, n: SNode, out: Stmt[]): void {
  const named = n.children.filter((kid) => kid.named);
  if (named.length < 2) return;
  const [local, value] = named;
  out.push({
    k: 'assign',
    target: { k: 'name', name: cx.textOf(local), span: span(local) },
    value: qualifiedName(cx, value),
    declKind: 'const',
    span: span(n),
  });
}

/** `a.b.c` written as a TS nested_identifier. */
function qualifiedName(cx: LowerContext, n: SNode): Expr {
  if (n.type !== 'nested_identifier') return lowerExpr(cx, n);
  if (!cx.enter()) return missing(n);
  const object = field(n, 'object');
  const property = field(n, 'property');
  const result: Expr =
    object && property ? { k: 'attr', obj: qualifiedName(cx, object), name: cx.textOf(property), nameSpan: span(property), span: span(n) } : missing(n);
  cx.leave();
  return result;
}

/** `namespace N { ... }` runs its body once: a block. */
function lowerNamespace(cx: LowerContext, n: SNode, out: Stmt[]): void {
  const body = field(n, 'body');
  const stmts: Stmt[] = [];
  if (body) lowerStatementList(cx, body, stmts);
  out.push({ k: 'block', body: stmts, span: span(n) });
}

// ---------------------------------------------------------------- control flow

function conditionOf(cx: LowerContext, n: SNode | null): Expr | null {
  if (!n || !n.named || n.type === 'empty_statement') return null;
  if (n.type === 'expression_statement') {
    const inner = firstNamed(n);
    return inner ? lowerExpr(cx, inner) : null;
  }
  return lowerExpr(cx, n);
}

function lowerIf(cx: LowerContext, n: SNode): IfStmt {
  const test = conditionOf(cx, field(n, 'condition')) ?? missing(n);
  const then = lowerBody(cx, field(n, 'consequence'));
  const alternative = field(n, 'alternative');
  const elseBody = alternative ? lowerBody(cx, alternative.type === 'else_clause' ? firstNamed(alternative) : alternative) : [];
  return { k: 'if', test, then, else: elseBody, span: span(n) };
}

function loop(n: SNode, kind: 'for' | 'while', target: Pattern | null, iter: Expr | null, test: Expr | null, body: Stmt[], isAsync: boolean): LoopStmt {
  return { k: 'loop', kind, target, iter, test, body, else: [], isAsync, span: span(n) };
}

/** C-style `for`: init before the loop, a while loop on the condition, the update at the end of the body. */
function lowerFor(cx: LowerContext, n: SNode, out: Stmt[]): void {
  const init = field(n, 'initializer');
  if (init && init.named) {
    if (init.type === 'lexical_declaration' || init.type === 'variable_declaration' || init.type === 'expression_statement') lowerStmt(cx, init, out);
    else if (init.type !== 'empty_statement') lowerExprAsStatements(cx, init, out);
  }
  const test = conditionOf(cx, namedField(n, 'condition'));
  const body = lowerBody(cx, field(n, 'body'));
  const increment = field(n, 'increment');
  if (increment && increment.named) lowerExprAsStatements(cx, increment, body);
  out.push(loop(n, 'while', null, null, test, body, false));
}

/** `for (x of xs)`, `for await (const x of xs)`, `for (k in obj)` (overKeys). */
function lowerForIn(cx: LowerContext, n: SNode): LoopStmt {
  const left = field(n, 'left');
  const right = field(n, 'right');
  const iter = right ? lowerExpr(cx, right) : missing(n);
  const target: Pattern = left ? lowerPattern(cx, left) : { k: 'unknown', span: span(n) };
  const body = lowerBody(cx, field(n, 'body'));
  const stmt = loop(n, 'for', target, iter, null, body, hasToken(n, 'await'));
  stmt.overKeys = hasToken(n, 'in');
  return stmt;
}

function lowerTry(cx: LowerContext, n: SNode): TryStmt {
  const body = lowerBody(cx, field(n, 'body'));
  const handlers: TryStmt['handlers'] = [];
  const handler = field(n, 'handler');
  if (handler) {
    const param = field(handler, 'parameter');
    handlers.push({ name: param ? lowerPattern(cx, param) : null, types: null, body: lowerBody(cx, field(handler, 'body')) });
  }
  const finalizer = field(n, 'finalizer');
  const fin = finalizer ? lowerBody(cx, field(finalizer, 'body')) : [];
  return { k: 'try', body, handlers, else: [], finally: fin, span: span(n) };
}

// ---------------------------------------------------------------- switch

interface CaseGroup {
  values: SNode[];
  body: SNode[];
  node: SNode;
}

/**
 * `switch (d)` becomes `if (d == v1) ... else if (d == v2) ... else default`. Cases that fall
 * through with no statements join the next case's test with `||`; a trailing `break` is dropped.
 * The chain nests; its depth counts against the bound, and what does not fit becomes flat ifs.
 */
function lowerSwitch(cx: LowerContext, n: SNode, out: Stmt[]): void {
  const discNode = field(n, 'value');
  const discInner = discNode?.type === 'parenthesized_expression' ? innerExpression(discNode) : discNode;
  const groups: CaseGroup[] = [];
  let defaultBody: SNode[] | null = null;
  let pendingValues: SNode[] = [];
  const switchBody = field(n, 'body');
  for (const c of switchBody ? switchBody.children : []) {
    if (c.type === 'switch_case') {
      const value = field(c, 'value');
      if (value) pendingValues.push(value);
      const body = fields(c, 'body').filter((s) => s.named);
      if (body.length > 0) {
        groups.push({ values: pendingValues, body, node: c });
        pendingValues = [];
      }
    } else if (c.type === 'switch_default') {
      defaultBody = fields(c, 'body').filter((s) => s.named);
    }
  }
  if (pendingValues.length > 0) groups.push({ values: pendingValues, body: [], node: n });

  const pure = discInner !== null && isPureExpression(discInner);
  let firstTest = true;
  const lowered: { test: Expr; body: Stmt[]; span: { start: number; end: number } }[] = [];
  const room = Math.max(0, MAX_DEPTH - cx.depth - 1);
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    const bump = Math.min(i, room);
    cx.depth += bump; // later cases sit deeper in the chain
    const tests: Expr[] = [];
    for (const v of g.values) {
      let disc: Expr;
      if (!discInner) disc = missing(n);
      else if (firstTest || pure) disc = lowerExpr(cx, discInner);
      else disc = { k: 'unknown', children: [], span: span(discInner) };
      firstTest = false;
      tests.push({ k: 'op', op: '==', args: [disc, lowerExpr(cx, v)], span: span(v) });
    }
    const test: Expr = tests.length === 1 ? tests[0] : { k: 'op', op: '||', args: tests, span: span(g.node) };
    const body = lowerCaseBody(cx, g.body);
    cx.depth -= bump;
    lowered.push({ test, body, span: span(g.node) });
  }
  const defaults = defaultBody ? lowerCaseBody(cx, defaultBody) : [];
  if (lowered.length === 0) {
    if (discInner) out.push({ k: 'expr', expr: lowerExpr(cx, discInner), span: span(discInner) });
    if (defaults.length > 0) out.push({ k: 'block', body: defaults, span: span(n) });
    return;
  }
  // Build from the end: the cases past `room` are flat ifs in the innermost else.
  const chained = Math.min(lowered.length, room + 1);
  let tail: Stmt[] = [];
  for (let i = chained; i < lowered.length; i++) tail.push({ k: 'if', test: lowered[i].test, then: lowered[i].body, else: [], span: lowered[i].span });
  tail = tail.length > 0 ? [...tail, ...defaults] : defaults;
  for (let i = chained - 1; i >= 0; i--) {
    const stmt: IfStmt = { k: 'if', test: lowered[i].test, then: lowered[i].body, else: tail, span: i === 0 ? span(n) : lowered[i].span };
    tail = [stmt];
  }
  out.push(...tail);
}

function lowerCaseBody(cx: LowerContext, stmts: SNode[]): Stmt[] {
  const out: Stmt[] = [];
  for (const s of stmts) {
    if (s.type === 'break_statement' && !field(s, 'label')) continue;
    lowerStmt(cx, s, out);
  }
  return out;
}

/** Names, member chains and literals can be lowered again for each case without duplicating effects. */
function isPureExpression(n: SNode): boolean {
  let cur: SNode | null = n;
  for (let steps = 0; cur && steps < 50; steps++) {
    switch (cur.type) {
      case 'identifier':
      case 'this':
      case 'number':
      case 'string':
      case 'true':
      case 'false':
      case 'null':
      case 'undefined':
        return true;
      case 'member_expression':
        cur = field(cur, 'object');
        break;
      default:
        return false;
    }
  }
  return false;
}
