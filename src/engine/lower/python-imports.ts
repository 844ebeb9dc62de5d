/** Python `import` / `from ... import` statements to ImportStmt. */
import type { ImportName, Stmt } from '../ir';
import type { LowerContext } from './python-context';
import { child, childrenOf, spanOf, type SyntaxNode } from './python-syntax';

/** `import a.b as c, d.e`: one ImportStmt per module. `import a.b` binds `a`. */
export function lowerImport(cx: LowerContext, node: SyntaxNode, out: Stmt[]): void {
  for (const nameNode of childrenOf(node, 'name')) {
    const imported = importedModule(cx, nameNode);
    if (!imported) continue;
    const names: ImportName[] = [{ imported: null, local: imported.local, span: spanOf(nameNode) }];
    out.push({ k: 'import', module: imported.module, names, span: spanOf(node) });
  }
}

function importedModule(cx: LowerContext, nameNode: SyntaxNode): { module: string; local: string } | null {
  if (nameNode.type === 'dotted_name') {
    const parts = dottedParts(cx, nameNode);
    return parts.length > 0 ? { module: parts.join('.'), local: parts[0] } : null;
  }
  if (nameNode.type === 'aliased_import') {
    const target = child(nameNode, 'name');
    const alias = child(nameNode, 'alias');
    const parts = target ? dottedParts(cx, target) : [];
    if (parts.length === 0) return null;
    return { module: parts.join('.'), local: alias ? cx.leaf(alias) : parts[0] };
  }
  return null;
}

/**
 * `from m import a as b, c`, `from . import x` (module '.'), `from ..pkg import y` (module
 * '..pkg'), `from m import *` (imported '*', local '*'), `from __future__ import x`.
 */
export function lowerImportFrom(cx: LowerContext, node: SyntaxNode, out: Stmt[]): void {
  const moduleNode = child(node, 'module_name');
  const module = node.type === 'future_import_statement' ? '__future__' : moduleNode ? moduleText(cx, moduleNode) : '';
  const names: ImportName[] = [];
  for (const kid of node.children) {
    if (kid.type === 'wildcard_import') {
      names.push({ imported: '*', local: '*', span: spanOf(kid) });
    } else if (kid.field === 'name' && kid.type === 'dotted_name') {
      const name = dottedParts(cx, kid).join('.');
      if (name) names.push({ imported: name, local: name, span: spanOf(kid) });
    } else if (kid.field === 'name' && kid.type === 'aliased_import') {
      const target = child(kid, 'name');
      const alias = child(kid, 'alias');
      const name = target ? dottedParts(cx, target).join('.') : '';
      if (name) names.push({ imported: name, local: alias ? cx.leaf(alias) : name, span: spanOf(kid) });
    }
  }
  out.push({ k: 'import', module, names, span: spanOf(node) });
}

function moduleText(cx: LowerContext, node: SyntaxNode): string {
  if (node.type === 'dotted_name') return dottedParts(cx, node).join('.');
  if (node.type !== 'relative_import') return cx.leaf(node);
  let dots = '';
  let rest = '';
  for (const kid of node.children) {
    if (kid.type === 'import_prefix') dots = cx.leaf(kid).replace(/\s+/g, '');
    else if (kid.type === 'dotted_name') rest = dottedParts(cx, kid).join('.');
  }
  return dots + rest;
}

/** Identifier texts of `a . b . c` (whitespace between parts dropped). */
function dottedParts(cx: LowerContext, node: SyntaxNode): string[] {
  const parts: string[] = [];
  for (const kid of node.children) if (kid.type === 'identifier') parts.push(cx.leaf(kid));
  return parts;
}
