/**
 * Imports a fix needs: found when already there, else added after the file's existing imports
 * (Python `import x`, ES `import X from 'x'`, CommonJS `const X = require('x')`).
 */
import type { Expr, ImportStmt, ModuleIR, Stmt } from '../ir';
import type { TextEdit } from '../findings';
import type { FixContext } from './index';
import { insertAt, nextLineStart } from './edits';

/**
 * What the fixes ask of a module's imports, computed once per module: a file with a thousand
 * findings asks a thousand times, and walking every statement each time made fixes quadratic.
 */
interface ImportIndex {
  top: ImportStmt[];
  all: ImportStmt[];
  /** Local name -> module, from imports anywhere, else top-level `require` assignments. */
  moduleOf: Map<string, string>;
}

const importIndexes = new WeakMap<ModuleIR, ImportIndex>();

function importIndex(module: ModuleIR): ImportIndex {
  let index = importIndexes.get(module);
  if (index) return index;
  const all = collectImports(module);
  const moduleOf = new Map<string, string>();
  // Later entries must not override earlier ones: the first import naming a local wins.
  for (const s of all) for (const n of s.names) if (!moduleOf.has(n.local)) moduleOf.set(n.local, s.module);
  const fromRequire = new Map<string, string>();
  for (const s of module.body) {
    const req = requireOf(s);
    if (!req || s.k !== 'assign') continue;
    const locals = s.target.k === 'name' ? [s.target.name] : s.target.k === 'object' ? s.target.props.flatMap((p) => (p.value.k === 'name' ? [p.value.name] : [])) : [];
    for (const local of locals) if (!fromRequire.has(local)) fromRequire.set(local, req);
  }
  for (const [local, req] of fromRequire) if (!moduleOf.has(local)) moduleOf.set(local, req);
  index = { top: module.body.filter((s): s is ImportStmt => s.k === 'import'), all, moduleOf };
  importIndexes.set(module, index);
  return index;
}

function topImports(module: ModuleIR): ImportStmt[] {
  return importIndex(module).top;
}

/** `import name` at the top level (binding the module under its own name). */
export function hasPythonImport(module: ModuleIR, name: string): boolean {
  return topImports(module).some((s) => s.module === name && s.names.some((n) => n.imported === null && n.local === name));
}

/** True when any import of the file names this module (`import sqlite3`, `from sqlite3 import connect`, `from google import genai`). */
export function importsModule(module: ModuleIR, names: readonly string[]): boolean {
  const within = (m: string, n: string): boolean => m === n || m.startsWith(`${n}.`) || m.startsWith(`${n}/`);
  return importIndex(module).all.some((s) => names.some((n) => within(s.module, n) || s.names.some((x) => x.imported !== null && within(`${s.module}.${x.imported}`, n))));
}

/** The module an imported local name comes from (`sqlite3` -> 'sqlite3', `Pool` -> 'pg'). */
export function moduleOfLocal(module: ModuleIR, local: string): string | undefined {
  return importIndex(module).moduleOf.get(local);
}

/** Imports anywhere in the file: top level, in try / if blocks, inside functions and classes. */
function collectImports(module: ModuleIR): ImportStmt[] {
  const out: ImportStmt[] = [];
  const stack: Stmt[] = [...module.body];
  while (stack.length) {
    const s = stack.pop()!;
    switch (s.k) {
      case 'import':
        out.push(s);
        break;
      case 'try':
        stack.push(...s.body, ...s.handlers.flatMap((h) => h.body), ...s.else, ...s.finally);
        break;
      case 'if':
        stack.push(...s.then, ...s.else);
        break;
      case 'func':
        stack.push(...s.fn.body);
        break;
      case 'class':
      case 'block':
      case 'with':
        stack.push(...s.body);
        break;
      case 'loop':
        stack.push(...s.body, ...s.else);
        break;
      default:
        break;
    }
  }
  return out;
}

/** `const x = require('m')`, `const { a } = require('m')`: the module name. */
function requireOf(s: Stmt): string | undefined {
  if (s.k !== 'assign') return undefined;
  let v: Expr = s.value;
  while (v.k === 'attr' || v.k === 'await') v = v.k === 'attr' ? v.obj : v.expr;
  if (v.k !== 'call' || v.callee.k !== 'name' || v.callee.name !== 'require') return undefined;
  const arg = v.args[0]?.value;
  return arg?.k === 'str' && arg.value !== null ? arg.value : undefined;
}

function lastImport(ctx: FixContext): Stmt | undefined {
  const imports = ctx.module.body.filter((s) => s.k === 'import' || (ctx.language !== 'python' && requireOf(s)));
  return imports[imports.length - 1];
}

/** Where helpers go: the start of the line after the last top-level import (after a docstring or directives when there is none). */
export function importAnchor(ctx: FixContext): number {
  const last = lastImport(ctx);
  if (last) return nextLineStart(ctx.text, last.span.end);
  return prologueEnd(ctx);
}

/** After a module docstring or directive prologue ('use client'), else the start of the first statement's line. */
function prologueEnd(ctx: FixContext): number {
  const body = ctx.module.body;
  let anchor: number | undefined;
  for (const s of body) {
    if (s.k === 'expr' && s.expr.k === 'str' && s.expr.value !== null) anchor = nextLineStart(ctx.text, s.span.end);
    else break;
  }
  if (anchor !== undefined) return anchor;
  return body.length ? ctx.text.lastIndexOf('\n', body[0].span.start - 1) + 1 : ctx.text.length;
}

/**
 * A new import line: at the end of the last import's line (so it stays above anything inserted at
 * the anchor, such as a helper function), or at the top when the file has no imports.
 */
export function newImportEdit(ctx: FixContext, line: string): TextEdit {
  const last = lastImport(ctx);
  if (last) {
    const nl = ctx.text.indexOf('\n', last.span.end);
    return insertAt(nl < 0 ? ctx.text.length : nl, `\n${line}`);
  }
  const at = prologueEnd(ctx);
  const needsBreak = at === ctx.text.length && at > 0 && !ctx.text.endsWith('\n');
  return insertAt(at, needsBreak ? `\n${line}` : `${line}\n`);
}

/** One `import x` edit per module the file does not import yet, in name order. */
export function pythonImportEdits(ctx: FixContext, names: string[]): TextEdit[] {
  return [...new Set(names)]
    .filter((n) => !hasPythonImport(ctx.module, n))
    .sort()
    .map((n) => newImportEdit(ctx, `import ${n}`));
}

/** Style of the file's ES imports: semicolons and quote character. */
function jsImportStyle(ctx: FixContext): { semi: string; quote: string } {
  const imports = topImports(ctx.module);
  const last = imports[imports.length - 1];
  const text = last ? ctx.text.slice(last.span.start, last.span.end) : '';
  const semi = last ? (text.trimEnd().endsWith(';') ? ';' : '') : ';';
  const quote = /from\s+"/.test(text) || /^import\s+"/.test(text) ? '"' : "'";
  return { semi, quote };
}

/**
 * The local name of a default export (`DOMPurify` from 'dompurify'), with the import to add when
 * the file lacks one: ES import in module files, `require` in CommonJS files.
 */
export function jsDefaultImport(ctx: FixContext, modules: readonly string[], local: string): { local: string; edit?: TextEdit } {
  for (const s of topImports(ctx.module)) {
    if (!modules.includes(s.module)) continue;
    const def = s.names.find((n) => n.imported === 'default' || n.imported === null);
    if (def) return { local: def.local };
  }
  for (const s of ctx.module.body) {
    const req = requireOf(s);
    if (req && modules.includes(req) && s.k === 'assign' && s.target.k === 'name') return { local: s.target.name };
  }
  const commonJs = !topImports(ctx.module).length && ctx.module.body.some((s) => requireOf(s));
  const { semi, quote } = jsImportStyle(ctx);
  const line = commonJs ? `const ${local} = require(${quote}${modules[0]}${quote})${semi}` : `import ${local} from ${quote}${modules[0]}${quote}${semi}`;
  return { local, edit: newImportEdit(ctx, line) };
}

/**
 * A named export of a module already imported by name (`exec` from 'child_process'): its local
 * name, adding it to the existing `import { ... }` or `const { ... } = require(...)` when missing.
 * Undefined when the module is not imported that way.
 */
export function jsNamedImport(ctx: FixContext, modules: readonly string[], name: string): { local: string; edit?: TextEdit } | undefined {
  for (const s of topImports(ctx.module)) {
    if (!modules.includes(s.module)) continue;
    const have = s.names.find((n) => n.imported === name);
    if (have) return { local: have.local };
    const named = s.names.filter((n) => n.imported !== null && n.imported !== 'default' && n.imported !== '*');
    if (named.length) return { local: name, edit: insertAt(named[named.length - 1].span.end, `, ${name}`) };
  }
  for (const s of ctx.module.body) {
    const req = requireOf(s);
    if (!req || !modules.includes(req) || s.k !== 'assign' || s.target.k !== 'object') continue;
    const props = s.target.props;
    const have = props.find((p) => p.key === name && p.value.k === 'name');
    if (have && have.value.k === 'name') return { local: have.value.name };
    if (props.length) return { local: name, edit: insertAt(props[props.length - 1].value.span.end, `, ${name}`) };
  }
  return undefined;
}
