/**
 * A plain-object copy of a web-tree-sitter tree, built in one iterative TreeCursor walk.
 *
 * Why a copy: every property read on a web-tree-sitter Node is a call into WASM, and the
 * lowering reads types, fields and children many times per node. Walking once with a cursor
 * (about five WASM calls per named node, two per anonymous token) and then lowering from plain
 * objects is cheaper, and the same walk collects comments and syntax errors. The walk is a loop,
 * not a recursion, so deeply nested input cannot overflow the stack.
 *
 * Comments and line continuations are left out of the copy (they may sit between any tokens).
 */
import type { Language, Node } from 'web-tree-sitter';
import type { Comment } from '../ir';
import type { Span } from '../span';
import type { AnalysisBudget } from '../budget';
import { openCursor } from './fast-cursor';

export interface SyntaxNode {
  type: string;
  /** False for anonymous tokens (`=`, `(`, keywords). */
  named: boolean;
  /** The field this node fills in its parent, if any. */
  field: string | null;
  /** UTF-16 offsets of named nodes. Anonymous tokens carry -1: the lowering never needs them. */
  start: number;
  end: number;
  /** A named node inserted by the parser's error recovery (zero width). */
  missing: boolean;
  /** Children without comments. Empty below the depth cap. */
  children: SyntaxNode[];
}

export interface SyntaxCopy {
  root: SyntaxNode;
  comments: Comment[];
  syntaxErrors: Span[];
}

/**
 * Children deeper than this are not copied (the walk still visits them for comments and
 * errors). The lowering stops at a tenth of this depth; only runs of thousands of nested
 * parentheses, which it unwraps without counting, reach past the cut.
 */
const COPY_DEPTH_LIMIT = 4000;

/** Named node types that never have children: no WASM call is spent looking for any. */
const LEAF_TYPES = new Set([
  'identifier', 'integer', 'float', 'true', 'false', 'none', 'ellipsis', 'comment', 'string_start',
  'string_end', 'escape_sequence', 'escape_interpolation', 'type_conversion', 'line_continuation',
]);

/** 65535 is tree-sitter's ERROR symbol; it has no entry in the language's type table. */
const ERROR_TYPE_ID = 0xffff;

/** Shared by every childless node; frozen so a stray push fails loudly instead of leaking. */
const NO_CHILDREN: SyntaxNode[] = Object.freeze([]) as unknown as SyntaxNode[];

interface TypeTables {
  types: string[];
  named: boolean[];
  leaf: boolean[];
  fields: (string | null)[];
  /**
   * One shared node per anonymous token type: the lowering reads only a token's type (`+`,
   * `async`, `=`), so tokens need no span and no allocation of their own.
   */
  tokens: SyntaxNode[];
}

const tablesByLanguage = new WeakMap<Language, TypeTables>();

function typeTables(language: Language): TypeTables {
  let tables = tablesByLanguage.get(language);
  if (!tables) {
    tables = { types: [], named: [], leaf: [], fields: [null], tokens: [] };
    for (let id = 0; id < language.nodeTypeCount; id++) {
      const type = language.nodeTypeForId(id) ?? 'ERROR';
      const named = language.nodeTypeIsNamed(id);
      tables.types.push(type);
      tables.named.push(named);
      // Two-word operators are the only tokens with children, and a comment can sit inside one.
      tables.leaf.push(named ? LEAF_TYPES.has(type) : type !== 'not in' && type !== 'is not');
      tables.tokens.push(Object.freeze({ type, named: false, field: null, start: -1, end: -1, missing: false, children: NO_CHILDREN }));
    }
    for (let id = 1; id <= language.fieldCount; id++) tables.fields.push(language.fieldNameForId(id));
    tablesByLanguage.set(language, tables);
  }
  return tables;
}

export function copySyntax(rootNode: Node, text: string, budget?: AnalysisBudget): SyntaxCopy {
  const { types, named, leaf, fields, tokens } = typeTables(rootNode.tree.language);
  const checkErrors = rootNode.hasError;
  const comments: Comment[] = [];
  const syntaxErrors: Span[] = [];
  const root = makeNode(rootNode.type, null, rootNode.startIndex, rootNode.endIndex, false);
  if (rootNode.type === 'ERROR') syntaxErrors.push({ start: root.start, end: root.end });
  const cursor = openCursor(rootNode);
  // parents[i] is the copied ancestor at cursor depth i (null below the copy limit). Its children
  // are collected on `pending` from pendingFrom[i] on, and become one exact-size array when the
  // walk leaves it.
  const parents: (SyntaxNode | null)[] = [root];
  const pendingFrom: number[] = [0];
  const pending: SyntaxNode[] = [];
  const close = (d: number): void => {
    const node = parents[d];
    const from = pendingFrom[d];
    if (node && pending.length > from) node.children = pending.slice(from);
    pending.length = from;
  };
  let depth = 0;
  try {
    if (!cursor.gotoFirstChild()) return { root, comments, syntaxErrors };
    depth = 1;
    for (;;) {
      budget?.check('reading the syntax tree');
      const typeId = cursor.nodeTypeId;
      const isError = typeId === ERROR_TYPE_ID;
      const isNamed = isError || named[typeId] === true;
      const type = isError ? 'ERROR' : (types[typeId] ?? 'ERROR');
      let copied: SyntaxNode | null = null;
      if (!isNamed) {
        // Only error trees have MISSING tokens; the check costs two calls per token.
        if (checkErrors) {
          const start = cursor.startIndex;
          if (start === cursor.endIndex && cursor.nodeIsMissing) syntaxErrors.push({ start, end: start });
        }
        if (parents[depth - 1] && depth <= COPY_DEPTH_LIMIT) pending.push(tokens[typeId] ?? makeNode(type, null, -1, -1, false));
      } else {
        const start = cursor.startIndex;
        const end = cursor.endIndex;
        if (type === 'comment') {
          comments.push({ text: text.slice(start, end), span: { start, end } });
        } else if (type !== 'line_continuation') {
          // line_continuation, like comments, is an "extra" that may sit between any two tokens.
          const missing = checkErrors && start === end && cursor.nodeIsMissing;
          if (isError || missing) syntaxErrors.push({ start, end });
          if (parents[depth - 1] && depth <= COPY_DEPTH_LIMIT) {
            copied = makeNode(type, fields[cursor.currentFieldId] ?? null, start, end, missing);
            pending.push(copied);
          }
        }
      }
      if ((isError || !leaf[typeId]) && cursor.gotoFirstChild()) {
        parents[depth] = copied;
        pendingFrom[depth] = pending.length;
        depth++;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return { root, comments, syntaxErrors };
        depth--;
        close(depth);
        if (depth === 0) return { root, comments, syntaxErrors };
      }
    }
  } finally {
    // Levels still open when the walk stopped early (the cursor's root, or a budget error).
    for (let d = depth - 1; d >= 0; d--) close(d);
    cursor.delete();
  }
}

function makeNode(type: string, field: string | null, start: number, end: number, missing: boolean): SyntaxNode {
  return { type, named: true, field, start, end, missing, children: NO_CHILDREN };
}

// ---------------------------------------------------------------- accessors

export function child(node: SyntaxNode, field: string): SyntaxNode | undefined {
  const kids = node.children;
  for (let i = 0; i < kids.length; i++) if (kids[i].field === field) return kids[i];
  return undefined;
}

export function childrenOf(node: SyntaxNode, field: string): SyntaxNode[] {
  return node.children.filter((kid) => kid.field === field);
}

export function namedChildren(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((kid) => kid.named);
}

export function firstNamed(node: SyntaxNode): SyntaxNode | undefined {
  const kids = node.children;
  for (let i = 0; i < kids.length; i++) if (kids[i].named) return kids[i];
  return undefined;
}

export function hasToken(node: SyntaxNode, type: string): boolean {
  const kids = node.children;
  for (let i = 0; i < kids.length; i++) if (!kids[i].named && kids[i].type === type) return true;
  return false;
}

export function spanOf(node: SyntaxNode): Span {
  return { start: node.start, end: node.end };
}
