/**
 * A plain-object copy of a web-tree-sitter tree, built in one iterative TreeCursor walk.
 *
 * Why a copy: every property read on a web-tree-sitter Node is a call into WASM, and the
 * lowering reads types, fields and children many times per node. Walking once with a cursor
 * (about five WASM calls per named node, one per anonymous token) and then lowering from plain
 * objects is cheaper, and the same walk collects comments and syntax errors. The walk is a loop,
 * not a recursion, so deeply nested input cannot overflow the stack.
 */
import type { Language, Node } from 'web-tree-sitter';
import type { Comment } from '../ir';
import type { Span } from '../span';

export interface SyntaxNode {
  type: string;
  /** False for anonymous tokens (`=`, `(`, keywords). */
  named: boolean;
  /** The field this node fills in its parent, if any. */
  field: string | null;
  /** UTF-16 offsets. Anonymous tokens carry -1 unless the tree has errors (not needed otherwise). */
  start: number;
  end: number;
  /** Inserted by the parser's error recovery (zero width). */
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
 * errors). The lowering stops at a much smaller depth, so nothing it reads is cut off.
 */
const COPY_DEPTH_LIMIT = 4000;

/**
 * Named node types that never have children. Anonymous tokens are not descended into either
 * (composite tokens like `not in` only matter by their type).
 */
const LEAF_TYPES = new Set([
  'identifier', 'integer', 'float', 'true', 'false', 'none', 'ellipsis', 'comment', 'string_start',
  'string_end', 'escape_sequence', 'escape_interpolation', 'type_conversion', 'line_continuation',
]);

/** 65535 is tree-sitter's ERROR symbol; it has no entry in the language's type table. */
const ERROR_TYPE_ID = 0xffff;

interface TypeTables {
  types: string[];
  named: boolean[];
  fields: (string | null)[];
}

const tablesByLanguage = new WeakMap<Language, TypeTables>();

function typeTables(language: Language): TypeTables {
  let tables = tablesByLanguage.get(language);
  if (!tables) {
    const types: string[] = [];
    const named: boolean[] = [];
    for (let id = 0; id < language.nodeTypeCount; id++) {
      types.push(language.nodeTypeForId(id) ?? 'ERROR');
      named.push(language.nodeTypeIsNamed(id));
    }
    const fields: (string | null)[] = [null];
    for (let id = 1; id <= language.fieldCount; id++) fields.push(language.fieldNameForId(id));
    tables = { types, named, fields };
    tablesByLanguage.set(language, tables);
  }
  return tables;
}

export function copySyntax(rootNode: Node, text: string): SyntaxCopy {
  const { types, named, fields } = typeTables(rootNode.tree.language);
  const checkErrors = rootNode.hasError;
  const comments: Comment[] = [];
  const syntaxErrors: Span[] = [];
  const cursor = rootNode.walk();
  try {
    const root = makeNode(rootNode.type, true, null, rootNode.startIndex, rootNode.endIndex, false);
    if (rootNode.type === 'ERROR') syntaxErrors.push({ start: root.start, end: root.end });
    // parents[i] is the copied ancestor at cursor depth i; null once below the copy limit.
    const parents: (SyntaxNode | null)[] = [root];
    let depth = 0;
    if (!cursor.gotoFirstChild()) return { root, comments, syntaxErrors };
    depth = 1;
    for (;;) {
      const typeId = cursor.nodeTypeId;
      const isError = typeId === ERROR_TYPE_ID;
      const isNamed = isError || named[typeId] === true;
      const type = isError ? 'ERROR' : (types[typeId] ?? 'ERROR');
      let start = -1;
      let end = -1;
      if (isNamed || checkErrors) {
        start = cursor.startIndex;
        end = cursor.endIndex;
      }
      const missing = checkErrors && start === end && cursor.nodeIsMissing;
      let copied: SyntaxNode | null = null;
      if (type === 'comment') {
        comments.push({ text: text.slice(start, end), span: { start, end } });
      } else if (type !== 'line_continuation') {
        // line_continuation, like comments, is an "extra" that may sit between any two tokens.
        if (isError || missing) syntaxErrors.push({ start, end });
        const parent = parents[depth - 1];
        if (parent && depth <= COPY_DEPTH_LIMIT) {
          copied = makeNode(type, isNamed, isNamed ? fields[cursor.currentFieldId] ?? null : null, start, end, missing);
          parent.children.push(copied);
        }
      }
      // Tokens and known leaves have nothing below them worth a WASM call to look for.
      if (isNamed && !LEAF_TYPES.has(type) && cursor.gotoFirstChild()) {
        parents[depth] = copied;
        depth++;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return { root, comments, syntaxErrors };
        depth--;
        if (depth === 0) return { root, comments, syntaxErrors };
      }
    }
  } finally {
    cursor.delete();
  }
}

function makeNode(type: string, named: boolean, field: string | null, start: number, end: number, missing: boolean): SyntaxNode {
  return { type, named, field, start, end, missing, children: [] };
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
