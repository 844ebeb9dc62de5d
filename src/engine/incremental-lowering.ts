/**
 * Lowering that reuses the previous IR of a document. The top-level statements of a file are
 * lowered one by one; a statement whose text did not change since the last analysis keeps its
 * IR, with its spans moved to where the statement is now. While the user types in one function,
 * only that function is lowered again: copying trees out of WASM is the costly part of lowering.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { Comment, LanguageId, ModuleIR, Stmt } from './ir';
import type { Span } from './span';
import { lowerPython } from './lower/python';
import { lowerJavaScript, markExported } from './lower/javascript';
import type { AnalysisBudget } from './budget';

interface Chunk {
  start: number;
  body: Stmt[];
  comments: Comment[];
  syntaxErrors: Span[];
  exportedNames: string[];
}

/** The chunks of the last analysis, by statement text (a list: identical statements can repeat). */
export type ChunkCache = Map<string, Chunk[]>;

export function lowerIncrementally(tree: Tree, text: string, language: LanguageId, previous: ChunkCache | undefined, budget?: AnalysisBudget): { module: ModuleIR; cache: ChunkCache; reused: number } {
  const root = tree.rootNode;
  const cache: ChunkCache = new Map();
  const module: ModuleIR = { language, body: [], comments: [], syntaxErrors: [] };
  const exported: string[] = [];
  let reused = 0;
  if (root.type === 'ERROR') syntaxErrorsOfRoot(root, module);
  const count = root.childCount;
  for (let i = 0; i < count; i++) {
    const child = root.child(i);
    if (!child) continue;
    if (!child.isNamed) {
      if (child.isMissing || child.type === 'ERROR') module.syntaxErrors.push({ start: child.startIndex, end: child.endIndex });
      continue;
    }
    const start = child.startIndex;
    if (child.type === 'comment') {
      // A top-level comment is its own node: the lowerings collect comments below a root only.
      module.comments.push({ text: text.slice(start, child.endIndex), span: { start, end: child.endIndex } });
      continue;
    }
    const key = text.slice(start, child.endIndex);
    let chunk = takeChunk(previous, key);
    if (chunk) {
      shiftChunk(chunk, start - chunk.start);
      reused++;
    } else {
      chunk = lowerChunk(child, text, language, budget);
    }
    const list = cache.get(key);
    if (list) list.push(chunk);
    else cache.set(key, [chunk]);
    module.body.push(...chunk.body);
    module.comments.push(...chunk.comments);
    module.syntaxErrors.push(...chunk.syntaxErrors);
    exported.push(...chunk.exportedNames);
  }
  if (exported.length) markExported(module.body, new Set(exported));
  return { module, cache, reused };
}

function lowerChunk(node: Node, text: string, language: LanguageId, budget?: AnalysisBudget): Chunk {
  const m = language === 'python' ? lowerPython(node, text, budget) : lowerJavaScript(node, text, language, budget);
  return { start: node.startIndex, body: m.body, comments: m.comments, syntaxErrors: m.syntaxErrors, exportedNames: m.exportedNames ?? [] };
}

function takeChunk(previous: ChunkCache | undefined, key: string): Chunk | undefined {
  const list = previous?.get(key);
  return list?.length ? list.shift() : undefined;
}

function syntaxErrorsOfRoot(root: Node, module: ModuleIR): void {
  module.syntaxErrors.push({ start: root.startIndex, end: root.endIndex });
}

/** Moves every span of a chunk by `delta` (each span object once: the IR may share them). */
function shiftChunk(chunk: Chunk, delta: number): void {
  chunk.start += delta;
  if (delta === 0) return;
  const seen = new Set<object>();
  const stack: unknown[] = [chunk.body, chunk.comments, chunk.syntaxErrors];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.start === 'number' && typeof record.end === 'number' && Object.keys(record).length === 2) {
      record.start = (record.start as number) + delta;
      record.end = (record.end as number) + delta;
      continue;
    }
    for (const key in record) {
      const value = record[key];
      if (value && typeof value === 'object') stack.push(value);
    }
  }
}
