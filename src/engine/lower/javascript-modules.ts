/** ES imports, re-exports and exports (TS `import x = require('m')` too). Type-only forms are dropped. */
import type { Expr, ImportName, ImportStmt, Stmt } from '../ir';
import { LowerContext, span } from './javascript-context';
import { lowerExprAsStatements, stringValue } from './javascript-expressions';
import { lowerClass, lowerDecorator, lowerFunction } from './javascript-functions';
import { lowerStmt } from './javascript-statements';
import { field, fields, firstNamed, hasToken, type SNode } from './javascript-tree';

/** `import ...` as an ImportStmt; null for `import type` and imports of types only. */
export function lowerImport(cx: LowerContext, n: SNode): ImportStmt | null {
  if (hasToken(n, 'type') || hasToken(n, 'typeof')) return null;
  const source = field(n, 'source');
  let module = source ? stringValue(cx, source) : '';
  const names: ImportName[] = [];
  let sawNames = false;
  for (const kid of n.children) {
    if (kid.type === 'import_clause') {
      for (const part of kid.children) {
        if (!part.named) continue;
        sawNames = true;
        if (part.type === 'identifier') names.push({ imported: 'default', local: cx.textOf(part), span: span(part) });
        else if (part.type === 'namespace_import') {
          const local = firstNamed(part);
          if (local) names.push({ imported: null, local: cx.textOf(local), span: span(part) });
        } else if (part.type === 'named_imports') {
          for (const spec of part.children) {
            if (spec.type !== 'import_specifier' || hasToken(spec, 'type') || hasToken(spec, 'typeof')) continue;
            const name = field(spec, 'name');
            const alias = field(spec, 'alias');
            if (!name) continue;
            const imported = specifierName(cx, name);
            names.push({ imported, local: alias ? specifierName(cx, alias) : imported, span: span(spec) });
          }
        }
      }
    } else if (kid.type === 'import_require_clause') {
      // `import fs = require('fs')` binds the whole module.
      const local = firstNamed(kid);
      const req = field(kid, 'source');
      if (req) module = stringValue(cx, req);
      sawNames = true;
      if (local) names.push({ imported: null, local: cx.textOf(local), span: span(kid) });
    }
  }
  if (sawNames && names.length === 0) return null; // `import { type A } from 'm'`: types only
  return { k: 'import', module, names, span: span(n) };
}

function specifierName(cx: LowerContext, n: SNode): string {
  return n.type === 'string' ? stringValue(cx, n) : cx.textOf(n);
}

/**
 * `export` forms: declarations are lowered and flagged exported; `export default expr`;
 * `export { a } from 'm'` / `export * from 'm'` become ImportStmts with local ''; a local
 * `export { a, b }` records names the module pass flags afterwards.
 */
export function lowerExport(cx: LowerContext, n: SNode, out: Stmt[]): void {
  if (hasToken(n, 'type')) return; // `export type { A }`
  const decorators = fields(n, 'decorator').map((d) => lowerDecorator(cx, d));
  const isDefault = hasToken(n, 'default');
  const declaration = field(n, 'declaration');
  if (declaration) {
    lowerExportedDeclaration(cx, declaration, decorators, out);
    return;
  }
  const value = field(n, 'value');
  if (value && isDefault) {
    lowerDefaultExport(cx, value, decorators, out);
    return;
  }
  const source = field(n, 'source');
  const clause = n.children.find((kid) => kid.type === 'export_clause');
  if (source) {
    const module = stringValue(cx, source);
    const names: ImportName[] = [];
    if (clause) {
      for (const spec of clause.children) {
        if (spec.type !== 'export_specifier' || hasToken(spec, 'type')) continue;
        const name = field(spec, 'name');
        if (name) names.push({ imported: specifierName(cx, name), local: '', span: span(spec) });
      }
      if (names.length === 0) return;
    } else {
      const namespace = n.children.find((kid) => kid.type === 'namespace_export');
      names.push({ imported: namespace ? null : '*', local: '', span: span(namespace ?? n) });
    }
    out.push({ k: 'import', module, names, span: span(n) });
    return;
  }
  if (clause) {
    for (const spec of clause.children) {
      const name = spec.type === 'export_specifier' ? field(spec, 'name') : null;
      if (name) cx.exportedNames.add(specifierName(cx, name));
    }
    return;
  }
  // TS `export = expr`: keep the expression for flow.
  const expr = value ?? n.children.find((kid) => kid.named && kid.type !== 'decorator');
  if (expr) lowerExprAsStatements(cx, expr, out);
}

function lowerExportedDeclaration(cx: LowerContext, d: SNode, decorators: Expr[], out: Stmt[]): void {
  switch (d.type) {
    case 'function_declaration':
    case 'generator_function_declaration':
      if (field(d, 'body')) out.push({ k: 'func', fn: lowerFunction(cx, d, { exported: true, decorators, defaultName: 'default' }), span: span(d) });
      return;
    case 'class_declaration':
    case 'abstract_class_declaration':
      out.push(lowerClass(cx, d, { exported: true, decorators, defaultName: 'default' }));
      return;
    case 'lexical_declaration':
    case 'variable_declaration': {
      // `export const f = () => ...`: the functions bound here are exported.
      const stmts: Stmt[] = [];
      lowerStmt(cx, d, stmts);
      for (const s of stmts) if (s.k === 'assign' && s.declKind && s.value.k === 'func') s.value.fn.exported = true;
      out.push(...stmts);
      return;
    }
    default:
      lowerStmt(cx, d, out);
  }
}

/** `export default function () {}` is named 'default'; other expressions stay expressions. */
function lowerDefaultExport(cx: LowerContext, value: SNode, decorators: Expr[], out: Stmt[]): void {
  switch (value.type) {
    case 'function_expression':
    case 'function':
    case 'generator_function':
    case 'arrow_function':
      out.push({ k: 'func', fn: lowerFunction(cx, value, { exported: true, decorators, defaultName: 'default' }), span: span(value) });
      return;
    case 'class':
      out.push(lowerClass(cx, value, { exported: true, decorators, defaultName: 'default' }));
      return;
    default:
      lowerExprAsStatements(cx, value, out);
  }
}
