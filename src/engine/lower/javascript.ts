/**
 * JavaScript / TypeScript / TSX lowering: a web-tree-sitter tree to the language-neutral IR
 * (src/engine/ir.ts). The tree is first copied into plain objects in one cursor walk
 * (javascript-tree.ts); the passes then read fields freely and never call into WASM again.
 *
 * Never throws: unknown syntax becomes `unknown` with its children, ERROR nodes keep whatever
 * parsed inside them, and a depth bound (javascript-context.ts) cuts off hostile nesting.
 */
import type { Node } from 'web-tree-sitter';
import type { ModuleIR, Stmt } from '../ir';
import { LowerContext, span } from './javascript-context';
import { lowerStmt } from './javascript-statements';
import { snapshotTree } from './javascript-tree';
import { BudgetExceededError, type AnalysisBudget } from '../budget';

/** Throws BudgetExceededError when `budget` runs out; nothing else escapes. */
export function lowerJavaScript(root: Node, text: string, language: 'javascript' | 'typescript' | 'tsx', budget?: AnalysisBudget): ModuleIR {
  const snapshot = snapshotTree(root, text, budget);
  const cx = new LowerContext(text, language, budget);
  const body: Stmt[] = [];
  // A single top-level statement can be lowered on its own (incremental lowering in the editor).
  const kids = snapshot.root.type === 'program' ? snapshot.root.children : [snapshot.root];
  for (const kid of kids) {
    if (!kid.named) continue;
    try {
      lowerStmt(cx, kid, body);
    } catch (err) {
      if (err instanceof BudgetExceededError) throw err;
      // A lowering bug must not cost the rest of the file; the statement is kept as opaque.
      cx.depth = 0;
      cx.hoist = null;
      body.push({ k: 'expr', expr: { k: 'unknown', children: [], span: span(kid) }, span: span(kid) });
    }
  }
  markExported(body, cx.exportedNames);
  return { language, body, comments: snapshot.comments, syntaxErrors: snapshot.errors, exportedNames: [...cx.exportedNames] };
}

/** `export { a, b }` exports functions and classes declared elsewhere in the file. */
export function markExported(body: Stmt[], names: Set<string>): void {
  if (names.size === 0) return;
  for (const stmt of body) {
    if (stmt.k === 'func' && stmt.fn.name !== null && names.has(stmt.fn.name)) stmt.fn.exported = true;
    else if (stmt.k === 'class' && stmt.name !== null && names.has(stmt.name)) stmt.exported = true;
    else if (stmt.k === 'assign' && stmt.target.k === 'name' && names.has(stmt.target.name) && stmt.value.k === 'func') stmt.value.fn.exported = true;
  }
}
