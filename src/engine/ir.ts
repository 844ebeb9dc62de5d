/**
 * A small language-neutral intermediate representation. Each language's lowering turns a
 * Tree-sitter tree into this shape; the analyses (name resolution, dataflow, call checks) read
 * only this, so a new language is a new lowering and nothing else.
 *
 * Rules of the lowering:
 * - Every node carries the span of the source text it came from.
 * - Syntax the analyses do not model becomes `unknown` with its sub-expressions as children,
 *   so data still flows through it (conservative) and nothing inside is lost.
 * - Type-only syntax (annotations, `as`, `!`, `satisfies`, generics) is dropped, keeping the
 *   inner expression. Parameter annotations are kept as text (framework sources use them).
 * - Parenthesised expressions are unwrapped.
 */
import type { Span } from './span';

export type LanguageId = 'python' | 'javascript' | 'typescript' | 'tsx';

export interface ModuleIR {
  language: LanguageId;
  body: Stmt[];
  /** Comments anywhere in the file, in source order (suppressions are read from these). */
  comments: Comment[];
  /** Spans of ERROR / MISSING nodes: the file still gets findings in the parts that parsed. */
  syntaxErrors: Span[];
  /** JS: names listed in `export { a, b }` (the lowering marks their declarations exported). */
  exportedNames?: string[];
}

export interface Comment {
  text: string;
  span: Span;
}

// ---------------------------------------------------------------- expressions

export type Expr =
  | NameExpr
  | AttrExpr
  | IndexExpr
  | CallExpr
  | StrExpr
  | LitExpr
  | OpExpr
  | SeqExpr
  | DictExpr
  | FuncExpr
  | AwaitExpr
  | SpreadExpr
  | CompExpr
  | JsxExpr
  | UnknownExpr;

/** An identifier read: `x`, also `self`, `this` (name `this`), `super`. */
export interface NameExpr {
  k: 'name';
  name: string;
  span: Span;
}

/** Member access `a.b`, `a?.b`. `nameSpan` covers just `b`. */
export interface AttrExpr {
  k: 'attr';
  obj: Expr;
  name: string;
  nameSpan: Span;
  span: Span;
}

/** Subscript `a[i]`, `a?.[i]`, slices (`a[1:2]` has index `unknown`). */
export interface IndexExpr {
  k: 'index';
  obj: Expr;
  index: Expr;
  span: Span;
}

export interface Arg {
  /** `pos` positional; `kw` Python keyword argument; `star` `*xs` / JS `...xs`; `starstar` `**kw`. */
  kind: 'pos' | 'kw' | 'star' | 'starstar';
  /** Keyword name for `kw`. */
  name?: string;
  value: Expr;
  span: Span;
}

/** A call `f(x)`, a constructor call `new F(x)` (isNew), a tagged template (args = [the template]). */
export interface CallExpr {
  k: 'call';
  callee: Expr;
  args: Arg[];
  isNew: boolean;
  span: Span;
}

/**
 * A string. Plain literals have `value` (escapes decoded where simple, else raw text) and no parts.
 * f-strings and template literals have `value: null` and `parts` = the interpolated expressions;
 * `literalText` is the concatenated constant text between them (for URL / key checks).
 * Concatenation of adjacent Python literals ("a" "b") is one StrExpr.
 */
export interface StrExpr {
  k: 'str';
  value: string | null;
  parts: Expr[];
  literalText: string;
  span: Span;
}

/** Numbers, booleans, None/null/undefined, regex literals (value = source text). */
export interface LitExpr {
  k: 'lit';
  kind: 'number' | 'bool' | 'null' | 'regex' | 'other';
  value: string | number | boolean | null;
  span: Span;
}

/**
 * Operators. Binary `+ - * / % | & ^ << >> ** // ?? && || and or in not in is == != < > <= >=
 * === !== instanceof`, unary `not ! - + ~ typeof void delete`, ternary `?:` (args: test, then,
 * else), walrus `:=` is lowered as an assign statement hoisted before use where possible, else op.
 */
export interface OpExpr {
  k: 'op';
  op: string;
  args: Expr[];
  span: Span;
}

/** Lists, tuples, sets, arrays. Spread elements appear as SpreadExpr items. */
export interface SeqExpr {
  k: 'seq';
  kind: 'list' | 'tuple' | 'set' | 'array';
  items: Expr[];
  span: Span;
}

export interface DictEntry {
  /** Static key text (`{"role": x}`, `{role: x}`, shorthand `{role}`); null when computed. */
  key: string | null;
  /** The key expression when computed (`{[k]: v}`, `{k: v}` with a non-literal k in Python). */
  keyExpr?: Expr;
  value: Expr;
  /** `**d` in Python, `...d` in JS: value is the spread expression, key null. */
  spread?: boolean;
  span: Span;
}

/** Dict / object literal. Methods in object literals become entries whose value is a FuncExpr. */
export interface DictExpr {
  k: 'dict';
  entries: DictEntry[];
  span: Span;
}

/** lambda, arrow function, function expression, class expression (as unknown) */
export interface FuncExpr {
  k: 'func';
  fn: FunctionDecl;
  span: Span;
}

export interface AwaitExpr {
  k: 'await';
  expr: Expr;
  span: Span;
}

export interface SpreadExpr {
  k: 'spread';
  expr: Expr;
  span: Span;
}

/** Comprehensions and generator expressions: `[elt for target in iter if cond]`. */
export interface CompExpr {
  k: 'comp';
  elt: Expr;
  /** For dict comprehensions, the key expression. */
  keyElt?: Expr;
  generators: { target: Pattern; iter: Expr; conds: Expr[] }[];
  span: Span;
}

export interface JsxAttr {
  /** Attribute name; null for a spread attribute `{...props}`. */
  name: string | null;
  /** null for a bare attribute (`<input disabled />`). */
  value: Expr | null;
  span: Span;
}

/** A JSX element or fragment. `tag` is the tag text (`div`, `Foo.Bar`, '' for fragments). */
export interface JsxExpr {
  k: 'jsx';
  tag: string;
  attrs: JsxAttr[];
  children: Expr[];
  span: Span;
}

/** Anything not modelled above. Data flows from every child. */
export interface UnknownExpr {
  k: 'unknown';
  children: Expr[];
  span: Span;
}

// ---------------------------------------------------------------- patterns (binding targets)

export type Pattern =
  | { k: 'name'; name: string; span: Span }
  | { k: 'attr'; obj: Expr; name: string; span: Span }
  | { k: 'index'; obj: Expr; index: Expr; span: Span }
  /** `a, b = ...`, `[a, b] = ...`, `for k, v in ...`. */
  | { k: 'tuple'; items: Pattern[]; span: Span }
  /** JS object destructuring `{ a, b: c, ...rest }`; key null when computed. */
  | { k: 'object'; props: { key: string | null; value: Pattern }[]; span: Span }
  /** `*rest` in Python, `...rest` in JS. */
  | { k: 'rest'; target: Pattern; span: Span }
  /** Destructuring default `{ a = 1 }` / `[a = 1]`. */
  | { k: 'default'; target: Pattern; value: Expr; span: Span }
  /** A target the lowering could not model; its expressions are kept for flow. */
  | { k: 'unknown'; span: Span };

// ---------------------------------------------------------------- statements

export type Stmt =
  | AssignStmt
  | ExprStmt
  | ReturnStmt
  | IfStmt
  | LoopStmt
  | TryStmt
  | WithStmt
  | FuncStmt
  | ClassStmt
  | ImportStmt
  | ExitStmt
  | BlockStmt;

/**
 * `x = v`, `a.b = v`, `a[i] = v`, `x += v` (op '+'), declarations with initialisers
 * (`const x = v`, `let {a} = v`). Chained `a = b = v` becomes two statements.
 * A declaration without initialiser (`let x;`) is omitted. Annotated `x: int = v` is an assign.
 */
export interface AssignStmt {
  k: 'assign';
  target: Pattern;
  value: Expr;
  op?: string;
  declKind?: 'const' | 'let' | 'var';
  span: Span;
}

export interface ExprStmt {
  k: 'expr';
  expr: Expr;
  span: Span;
}

/** `return v`; also `yield v` inside a generator is lowered as an ExprStmt of op 'yield'. */
export interface ReturnStmt {
  k: 'return';
  value: Expr | null;
  span: Span;
}

/** `if/elif/else` (elif nests in else), JS `if/else`. `switch` lowers to a chain of ifs
 * whose tests are op '==' of the discriminant and case value (default: the final else). */
export interface IfStmt {
  k: 'if';
  test: Expr;
  then: Stmt[];
  else: Stmt[];
  span: Span;
}

/**
 * `for target in iter`, `for (const target of iter)`, `for await`, `for (k in obj)` (kind 'for',
 * target bound to the keys, flagged by `overKeys`), `while test`, `do ... while`, C-style `for`
 * (init statements are emitted before the loop, update appended to the body).
 */
export interface LoopStmt {
  k: 'loop';
  kind: 'for' | 'while';
  target: Pattern | null;
  iter: Expr | null;
  test: Expr | null;
  body: Stmt[];
  /** Python's `for/while ... else`. */
  else: Stmt[];
  isAsync: boolean;
  overKeys?: boolean;
  span: Span;
}

export interface TryStmt {
  k: 'try';
  body: Stmt[];
  handlers: { name: Pattern | null; types: Expr | null; body: Stmt[] }[];
  else: Stmt[];
  finally: Stmt[];
  span: Span;
}

/** Python `with a as b, c as d:` (`async with` too). */
export interface WithStmt {
  k: 'with';
  items: { value: Expr; target: Pattern | null }[];
  body: Stmt[];
  span: Span;
}

export interface Param {
  pattern: Pattern;
  default?: Expr;
  /** The annotation's source text (`str`, `NextRequest`, `Request`), if any. */
  annotation?: string;
  /** `pos` ordinary; `star` `*args` / JS `...rest`; `starstar` `**kwargs`; `kwonly` after `*`. */
  kind: 'pos' | 'star' | 'starstar' | 'kwonly';
  span: Span;
}

export interface FunctionDecl {
  /** null for anonymous functions and lambdas. Methods: the method name. */
  name: string | null;
  nameSpan?: Span;
  params: Param[];
  body: Stmt[];
  /** Decorator expressions, outermost first (`@app.get("/")` is a CallExpr). */
  decorators: Expr[];
  isAsync: boolean;
  isGenerator: boolean;
  /** `export function`, `export default function`, `export const f = () =>` (name = 'default' when anonymous default export). */
  exported: boolean;
  /** True for methods inside a class body. */
  isMethod: boolean;
  span: Span;
}

export interface FuncStmt {
  k: 'func';
  fn: FunctionDecl;
  span: Span;
}

/** Class declarations. Fields with initialisers become assign stmts on `this.<name>` / `self.<name>`
 * in `body` order; methods are FuncStmts with isMethod. */
export interface ClassStmt {
  k: 'class';
  name: string | null;
  bases: Expr[];
  decorators: Expr[];
  body: Stmt[];
  exported: boolean;
  span: Span;
}

export interface ImportName {
  /**
   * What is imported: a name exported by the module (`from m import a`, `import { a } from 'm'`),
   * 'default' (`import X from 'm'`), '*' for `from m import *`, or null when the whole module is
   * bound (`import m`, `import m as x`, `import * as x from 'm'`).
   */
  imported: string | null;
  /** The local binding (for `import a.b.c` without alias: local 'a', module 'a'). */
  local: string;
  span: Span;
}

/**
 * `import m`, `import a.b as c` (module 'a.b'), `from m import x as y`, `from . import x`
 * (module '.', relative dots kept), ES imports, `export ... from 'm'` re-exports (names with
 * imported = exported name, local = ''), `import x = require('m')` in TS.
 * CommonJS `require('m')` and dynamic `import('m')` stay calls; the resolver handles them.
 */
export interface ImportStmt {
  k: 'import';
  module: string;
  names: ImportName[];
  span: Span;
}

/** `raise`, `throw`, `break`, `continue`, `pass` is omitted. The value is kept for flow. */
export interface ExitStmt {
  k: 'exit';
  kind: 'raise' | 'break' | 'continue';
  value: Expr | null;
  span: Span;
}

/** A nested block with no control meaning of its own (JS `{ ... }`, labelled statements). */
export interface BlockStmt {
  k: 'block';
  body: Stmt[];
  span: Span;
}
