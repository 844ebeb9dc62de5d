/**
 * Python lowering: a web-tree-sitter tree of a Python file to the language-neutral ModuleIR
 * (see ../ir.ts for the shape and its rules).
 *
 * The tree is first copied into plain objects in one cursor walk (python-syntax.ts), which also
 * collects comments and syntax errors; statements (python-stmt.ts) and expressions
 * (python-expr.ts) are lowered from the copy. Depth is bounded (MAX_DEPTH) and no input throws.
 */
import type { Node } from 'web-tree-sitter';
import type { Comment, ModuleIR, Stmt } from '../ir';
import type { Span } from '../span';
import { LowerContext } from './python-context';
import { lowerStatementsOf, lowerStmt } from './python-stmt';
import { copySyntax } from './python-syntax';
import { BudgetExceededError, type AnalysisBudget } from '../budget';

/** Throws BudgetExceededError when `budget` runs out; nothing else escapes. */
export function lowerPython(root: Node, text: string, budget?: AnalysisBudget): ModuleIR {
  const body: Stmt[] = [];
  let comments: Comment[] = [];
  let syntaxErrors: Span[] = [];
  try {
    const copy = copySyntax(root, text, budget);
    comments = copy.comments;
    syntaxErrors = copy.syntaxErrors;
    const cx = new LowerContext(text, syntaxErrors.length > 0, budget);
    // The root is `module`, or ERROR when nothing at all parsed as a module.
    if (copy.root.type === 'module') lowerStatementsOf(cx, copy.root, 0, body);
    else lowerStmt(cx, copy.root, 0, body);
  } catch (err) {
    if (err instanceof BudgetExceededError) throw err;
    // Only reachable through a fault in the parser binding: keep whatever was lowered.
  }
  return { language: 'python', body, comments, syntaxErrors };
}
