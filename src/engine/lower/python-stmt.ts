/** Python statements to IR statements. */
import type { ClassStmt, Expr, FuncStmt, IfStmt, Pattern, Stmt, TryStmt, WithStmt } from '../ir';
import { MAX_DEPTH, unknown, withHoisting, withoutHoisting, type LowerContext } from './python-context';
import { lowerArgs, lowerExpr, lowerPattern, patternToExpr } from './python-expr';
import { lowerImport, lowerImportFrom } from './python-imports';
import { lowerMatch } from './python-match';
import { lowerParams } from './python-params';
import { recoverFromError } from './python-recover';
import { child, childrenOf, firstNamed, hasToken, spanOf, type SyntaxNode } from './python-syntax';
import { BudgetExceededError } from '../budget';

/** Lowers the statements among `node`'s children (a module, a block, an ERROR). */
export function lowerBody(cx: LowerContext, node: SyntaxNode | undefined, d: number): Stmt[] {
  const out: Stmt[] = [];
  if (node && d <= MAX_DEPTH) lowerStatementsOf(cx, node, d, out);
  return out;
}

export function lowerStatementsOf(cx: LowerContext, node: SyntaxNode, d: number, out: Stmt[]): void {
  for (const kid of node.children) if (kid.named) lowerStmt(cx, kid, d, out);
}

export const STATEMENT_TYPES = new Set([
  'expression_statement', 'return_statement', 'raise_statement', 'break_statement', 'continue_statement',
  'if_statement', 'for_statement', 'while_statement', 'try_statement', 'with_statement',
  'function_definition', 'class_definition', 'decorated_definition', 'import_statement',
  'import_from_statement', 'future_import_statement', 'assert_statement', 'match_statement',
  'print_statement', 'exec_statement', 'pass_statement', 'delete_statement', 'global_statement',
  'nonlocal_statement', 'type_alias_statement',
]);

/** Named children other than ERROR nodes (those are recovered separately). */
function parts(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((kid) => kid.named && kid.type !== 'ERROR');
}

/**
 * Lowers one statement into `out` (zero, one or several IR statements). A failure inside one
 * statement never loses the rest of the file: the statement becomes an `unknown` expression.
 */
export function lowerStmt(cx: LowerContext, node: SyntaxNode, d: number, out: Stmt[]): void {
  if (d > MAX_DEPTH) return;
  cx.budget?.check('lowering');
  const mark = out.length;
  const saved = { hoist: cx.hoist, scope: cx.scope, fn: cx.fn };
  try {
    lowerStmtUnguarded(cx, node, d, out);
    // Recognisable code in ERROR children of a statement (`class X(:` ...) is kept too.
    if (STATEMENT_TYPES.has(node.type)) {
      for (const kid of node.children) if (kid.type === 'ERROR') recoverFromError(cx, kid, d + 1, out);
    }
  } catch (err) {
    if (err instanceof BudgetExceededError) throw err;
    Object.assign(cx, saved);
    out.length = mark;
    out.push({ k: 'expr', expr: unknown(node), span: spanOf(node) });
  }
}

function lowerStmtUnguarded(cx: LowerContext, node: SyntaxNode, d: number, out: Stmt[]): void {
  const span = spanOf(node);
  const next = d + 1;
  switch (node.type) {
    case 'expression_statement':
      return lowerExpressionStatement(cx, node, next, out);
    case 'return_statement': {
      const valueNode = parts(node)[0];
      const value = valueNode ? withHoisting(cx, out, () => lowerExpr(cx, valueNode, next)) : null;
      out.push({ k: 'return', value, span });
      return;
    }
    case 'raise_statement':
      return lowerRaise(cx, node, next, out);
    case 'break_statement':
    case 'continue_statement':
      out.push({ k: 'exit', kind: node.type === 'break_statement' ? 'break' : 'continue', value: null, span });
      return;
    case 'if_statement':
      return lowerIf(cx, node, d, out);
    case 'for_statement':
      return lowerFor(cx, node, next, out);
    case 'while_statement':
      return lowerWhile(cx, node, next, out);
    case 'try_statement':
      out.push(lowerTry(cx, node, next));
      return;
    case 'with_statement':
      return lowerWith(cx, node, next, out);
    case 'function_definition':
      return lowerFunction(cx, node, node, [], next, out);
    case 'class_definition':
      return lowerClass(cx, node, node, [], next, out);
    case 'decorated_definition':
      return lowerDecorated(cx, node, next, out);
    case 'import_statement':
      return lowerImport(cx, node, out);
    case 'import_from_statement':
    case 'future_import_statement':
      return lowerImportFrom(cx, node, out);
    case 'assert_statement':
      return lowerAssert(cx, node, next, out);
    case 'match_statement':
      return lowerMatch(cx, node, d, out);
    case 'print_statement':
    case 'exec_statement':
      return lowerPython2Statement(cx, node, next, out);
    case 'pass_statement':
    case 'delete_statement':
    case 'global_statement':
    case 'nonlocal_statement':
    case 'type_alias_statement':
      return;
    case 'ERROR':
      return recoverFromError(cx, node, next, out);
    case 'block':
      lowerStatementsOf(cx, node, next, out);
      return;
    default: {
      // An expression where a statement was expected (error recovery), or an unknown statement.
      const expr = withHoisting(cx, out, () => lowerExpr(cx, node, next));
      out.push({ k: 'expr', expr, span });
    }
  }
}

function lowerExpressionStatement(cx: LowerContext, node: SyntaxNode, d: number, out: Stmt[]): void {
  const items = parts(node);
  if (items.length === 0) return;
  if (items.length === 1 && items[0].type === 'assignment') return lowerAssignment(cx, items[0], d, out);
  if (items.length === 1 && items[0].type === 'augmented_assignment') return lowerAugmented(cx, items[0], d, out);
  const expr = withHoisting(cx, out, (): Expr => {
    if (items.length === 1) return lowerExpr(cx, items[0], d);
    // `a, b` as a statement is a tuple.
    return { k: 'seq', kind: 'tuple', items: items.map((item) => lowerExpr(cx, item, d)), span: spanOf(node) };
  });
  out.push({ k: 'expr', expr, span: spanOf(node) });
}

/**
 * `a = v`, `x: T = v`, `a, *b = v`, chained `a = b = v` (-> `a = v; b = a`, so `v` is evaluated
 * once as in Python). `x: T` without a value binds nothing and is omitted.
 */
function lowerAssignment(cx: LowerContext, node: SyntaxNode, d: number, out: Stmt[]): void {
  const targets: SyntaxNode[] = [];
  let valueNode: SyntaxNode | undefined;
  for (let current: SyntaxNode | undefined = node; current; ) {
    const left = child(current, 'left');
    if (left) targets.push(left);
    const right = child(current, 'right');
    if (right?.type === 'assignment') current = right;
    else {
      valueNode = right;
      current = undefined;
    }
  }
  if (!valueNode || targets.length === 0) return;
  const span = spanOf(node);
  const source = valueNode;
  const value = withHoisting(cx, out, () => lowerExpr(cx, source, d));
  const first = assignTarget(cx, targets[0], d);
  out.push({ k: 'assign', target: first, value, span });
  for (let i = 1; i < targets.length; i++) {
    out.push({ k: 'assign', target: assignTarget(cx, targets[i], d), value: patternToExpr(first), span });
  }
}

function lowerAugmented(cx: LowerContext, node: SyntaxNode, d: number, out: Stmt[]): void {
  const left = child(node, 'left');
  const right = child(node, 'right');
  if (!left || !right) return;
  const operator = node.children.find((kid) => !kid.named && kid.type.endsWith('='))?.type ?? '=';
  const value = withHoisting(cx, out, () => lowerExpr(cx, right, d));
  out.push({ k: 'assign', target: assignTarget(cx, left, d), value, op: operator.slice(0, -1), span: spanOf(node) });
}

/** Assignment targets; in a class body, `name = v` defines `self.name` (IR convention for fields). */
function assignTarget(cx: LowerContext, node: SyntaxNode, d: number): Pattern {
  const pattern = lowerPattern(cx, node, d);
  return cx.scope === 'class' ? selfField(pattern) : pattern;
}

function selfField(pattern: Pattern): Pattern {
  switch (pattern.k) {
    case 'name':
      return { k: 'attr', obj: { k: 'name', name: 'self', span: pattern.span }, name: pattern.name, span: pattern.span };
    case 'tuple':
      return { ...pattern, items: pattern.items.map(selfField) };
    case 'rest':
      return { ...pattern, target: selfField(pattern.target) };
    default:
      return pattern;
  }
}

/** `raise E from cause`: the value is E; a cause other than a plain name is kept as an expression. */
function lowerRaise(cx: LowerContext, node: SyntaxNode, d: number, out: Stmt[]): void {
  const exception = node.children.find((kid) => kid.named && kid.field !== 'cause' && kid.type !== 'ERROR');
  const cause = child(node, 'cause');
  if (cause && cause.type !== 'identifier' && cause.type !== 'none') {
    const causeExpr = withHoisting(cx, out, () => lowerExpr(cx, cause, d));
    out.push({ k: 'expr', expr: causeExpr, span: spanOf(cause) });
  }
  const value = exception ? withHoisting(cx, out, () => lowerExpr(cx, exception, d)) : null;
  out.push({ k: 'exit', kind: 'raise', value, span: spanOf(node) });
}

/** `if/elif/else`: each elif is an IfStmt in the else of the previous one (built without recursion). */
function lowerIf(cx: LowerContext, node: SyntaxNode, d: number, out: Stmt[]): void {
  const condition = child(node, 'condition');
  const test = condition ? withHoisting(cx, out, () => lowerExpr(cx, condition, d + 1)) : unknown(node);
  const root: IfStmt = { k: 'if', test, then: lowerBody(cx, child(node, 'consequence'), d + 1), else: [], span: spanOf(node) };
  out.push(root);
  let tail = root;
  let depth = d + 1;
  for (const alternative of childrenOf(node, 'alternative')) {
    if (alternative.type === 'else_clause') {
      tail.else = lowerBody(cx, child(alternative, 'body'), depth);
      break;
    }
    if (alternative.type !== 'elif_clause' || depth > MAX_DEPTH) break;
    const elseList: Stmt[] = [];
    const elifCondition = child(alternative, 'condition');
    const elifTest = elifCondition ? withHoisting(cx, elseList, () => lowerExpr(cx, elifCondition, depth + 1)) : unknown(alternative);
    const nested: IfStmt = {
      k: 'if',
      test: elifTest,
      then: lowerBody(cx, child(alternative, 'consequence'), depth + 1),
      else: [],
      span: { start: alternative.start, end: node.end },
    };
    elseList.push(nested);
    tail.else = elseList;
    tail = nested;
    depth++;
  }
}

function elseBody(cx: LowerContext, node: SyntaxNode, d: number): Stmt[] {
  const alternative = child(node, 'alternative');
  return alternative ? lowerBody(cx, child(alternative, 'body'), d) : [];
}

function lowerFor(cx: LowerContext, node: SyntaxNode, d: number, out: Stmt[]): void {
  const left = child(node, 'left');
  const right = child(node, 'right');
  const iter = right ? withHoisting(cx, out, () => lowerExpr(cx, right, d)) : null;
  out.push({
    k: 'loop',
    kind: 'for',
    target: left ? lowerPattern(cx, left, d) : null,
    iter,
    test: null,
    body: lowerBody(cx, child(node, 'body'), d),
    else: elseBody(cx, node, d),
    isAsync: hasToken(node, 'async'),
    span: spanOf(node),
  });
}

/** The test runs before every iteration, so a walrus in it stays an `:=` operator. */
function lowerWhile(cx: LowerContext, node: SyntaxNode, d: number, out: Stmt[]): void {
  const condition = child(node, 'condition');
  out.push({
    k: 'loop',
    kind: 'while',
    target: null,
    iter: null,
    test: condition ? withoutHoisting(cx, () => lowerExpr(cx, condition, d)) : unknown(node),
    body: lowerBody(cx, child(node, 'body'), d),
    else: elseBody(cx, node, d),
    isAsync: false,
    span: spanOf(node),
  });
}

function lowerTry(cx: LowerContext, node: SyntaxNode, d: number): TryStmt {
  const result: TryStmt = { k: 'try', body: lowerBody(cx, child(node, 'body'), d), handlers: [], else: [], finally: [], span: spanOf(node) };
  for (const kid of node.children) {
    if (kid.type === 'except_clause' || kid.type === 'except_group_clause') {
      result.handlers.push(lowerHandler(cx, kid, d));
    } else if (kid.type === 'else_clause') {
      result.else = lowerBody(cx, child(kid, 'body'), d);
    } else if (kid.type === 'finally_clause') {
      result.finally = lowerBody(cx, kid.children.find((c) => c.type === 'block'), d);
    }
  }
  return result;
}

/** `except (A, B) as e:` -> types (A, B), name e; bare `except:` -> types null. */
function lowerHandler(cx: LowerContext, clause: SyntaxNode, d: number): TryStmt['handlers'][number] {
  let types: Expr | null = null;
  let name: Pattern | null = null;
  const values = parts(clause).filter((kid) => kid.type !== 'block');
  const typeNodes = values.filter((kid) => kid.field !== 'alias');
  if (typeNodes.length === 1 && typeNodes[0].type === 'as_pattern') {
    const asPattern = typeNodes[0];
    const inner = asPattern.children.find((kid) => kid.named && kid.field !== 'alias');
    const alias = child(asPattern, 'alias');
    if (inner) types = lowerExpr(cx, inner, d);
    if (alias) name = lowerPattern(cx, alias, d);
  } else if (typeNodes.length === 1) {
    types = lowerExpr(cx, typeNodes[0], d);
  } else if (typeNodes.length > 1) {
    // Python 2 `except E, e:`.
    types = lowerExpr(cx, typeNodes[0], d);
    name = lowerPattern(cx, typeNodes[1], d);
  }
  const aliasField = child(clause, 'alias');
  if (aliasField) name = lowerPattern(cx, aliasField, d);
  const block = clause.children.find((kid) => kid.type === 'block');
  return { name, types, body: lowerBody(cx, block, d) };
}

function lowerWith(cx: LowerContext, node: SyntaxNode, d: number, out: Stmt[]): void {
  const items: WithStmt['items'] = [];
  withHoisting(cx, out, () => {
    for (const clause of node.children) {
      if (clause.type !== 'with_clause') continue;
      for (const item of clause.children) {
        if (item.type !== 'with_item') continue;
        const value = child(item, 'value');
        if (!value) continue;
        if (value.type === 'as_pattern') {
          const inner = value.children.find((kid) => kid.named && kid.field !== 'alias');
          const alias = child(value, 'alias');
          items.push({ value: inner ? lowerExpr(cx, inner, d) : unknown(value), target: alias ? lowerPattern(cx, alias, d) : null });
        } else {
          items.push({ value: lowerExpr(cx, value, d), target: null });
        }
      }
    }
  });
  out.push({ k: 'with', items, body: lowerBody(cx, child(node, 'body'), d), span: spanOf(node) });
}

function lowerDecorated(cx: LowerContext, node: SyntaxNode, d: number, out: Stmt[]): void {
  const decorators: Expr[] = [];
  withHoisting(cx, out, () => {
    for (const kid of node.children) {
      if (kid.type !== 'decorator') continue;
      const expr = firstNamed(kid);
      decorators.push(expr ? lowerExpr(cx, expr, d) : unknown(kid));
    }
  });
  const definition = child(node, 'definition');
  if (definition?.type === 'function_definition') lowerFunction(cx, definition, node, decorators, d, out);
  else if (definition?.type === 'class_definition') lowerClass(cx, definition, node, decorators, d, out);
  else if (definition) lowerStmt(cx, definition, d, out);
}

/**
 * `def` / `async def`. `outer` is the decorated_definition when there are decorators: the
 * statement's span covers them. Module-level definitions are `exported` (Python has no export
 * keyword: anything at module level can be imported); definitions in a class body are methods.
 */
function lowerFunction(cx: LowerContext, node: SyntaxNode, outer: SyntaxNode, decorators: Expr[], d: number, out: Stmt[]): void {
  const nameNode = child(node, 'name');
  const paramsNode = child(node, 'parameters');
  const params = paramsNode ? withHoisting(cx, out, () => lowerParams(cx, paramsNode, d)) : [];
  const isMethod = cx.scope === 'class';
  const exported = cx.scope === 'module';
  const savedScope = cx.scope;
  const savedFn = cx.fn;
  const fnState = { yields: false };
  cx.scope = 'function';
  cx.fn = fnState;
  let body: Stmt[];
  try {
    body = lowerBody(cx, child(node, 'body'), d);
  } finally {
    cx.scope = savedScope;
    cx.fn = savedFn;
  }
  const span = spanOf(outer);
  const stmt: FuncStmt = {
    k: 'func',
    fn: {
      name: nameNode ? cx.leaf(nameNode) : null,
      params,
      body,
      decorators,
      isAsync: hasToken(node, 'async'),
      isGenerator: fnState.yields,
      exported,
      isMethod,
      span,
    },
    span,
  };
  if (nameNode) stmt.fn.nameSpan = spanOf(nameNode);
  out.push(stmt);
}

/** Bases are the positional superclass arguments (`metaclass=` and other keywords are not bases). */
function lowerClass(cx: LowerContext, node: SyntaxNode, outer: SyntaxNode, decorators: Expr[], d: number, out: Stmt[]): void {
  const nameNode = child(node, 'name');
  const superclasses = child(node, 'superclasses');
  const bases: Expr[] = [];
  if (superclasses) {
    withHoisting(cx, out, () => {
      for (const arg of lowerArgs(cx, superclasses, d)) {
        if (arg.kind === 'pos') bases.push(arg.value);
        else if (arg.kind === 'star') bases.push({ k: 'spread', expr: arg.value, span: arg.span });
      }
    });
  }
  const exported = cx.scope === 'module';
  const savedScope = cx.scope;
  const savedFn = cx.fn;
  cx.scope = 'class';
  cx.fn = null;
  let body: Stmt[];
  try {
    body = lowerBody(cx, child(node, 'body'), d);
  } finally {
    cx.scope = savedScope;
    cx.fn = savedFn;
  }
  const stmt: ClassStmt = { k: 'class', name: nameNode ? cx.leaf(nameNode) : null, bases, decorators, body, exported, span: spanOf(outer) };
  out.push(stmt);
}

/** `assert t, msg` -> `if not t: raise msg`, so checks before a sink count as guards. */
function lowerAssert(cx: LowerContext, node: SyntaxNode, d: number, out: Stmt[]): void {
  const [testNode, messageNode] = parts(node);
  if (!testNode) return;
  const span = spanOf(node);
  const test = withHoisting(cx, out, () => lowerExpr(cx, testNode, d));
  const message = messageNode ? lowerExpr(cx, messageNode, d) : null;
  out.push({
    k: 'if',
    test: { k: 'op', op: 'not', args: [test], span: test.span },
    then: [{ k: 'exit', kind: 'raise', value: message, span }],
    else: [],
    span,
  });
}

/** Python 2 `print x` / `exec code in ns`: calls of `print` / `exec`. */
function lowerPython2Statement(cx: LowerContext, node: SyntaxNode, d: number, out: Stmt[]): void {
  const name = node.type === 'print_statement' ? 'print' : 'exec';
  const span = spanOf(node);
  const args = withHoisting(cx, out, () =>
    parts(node).map((kid) => {
        if (kid.type === 'chevron') {
          const file = firstNamed(kid);
          return { kind: 'kw' as const, name: 'file', value: file ? lowerExpr(cx, file, d) : unknown(kid), span: spanOf(kid) };
        }
        return { kind: 'pos' as const, value: lowerExpr(cx, kid, d), span: spanOf(kid) };
      }),
  );
  const callee: Expr = { k: 'name', name, span: { start: node.start, end: node.start + name.length } };
  out.push({ k: 'expr', expr: { k: 'call', callee, args, isNew: false, span }, span });
}
