/**
 * A plain-object copy of a web-tree-sitter tree, made in one iterative cursor walk.
 *
 * Every property read on a web-tree-sitter Node is a call into WASM, and field lookups repeat
 * them; copying once and lowering from plain objects is about twice as fast on large files and
 * lets the lowering read fields in any order. The walk is a loop, so any nesting depth is safe.
 * Comments are taken out of the tree (into `comments`), ERROR / MISSING spans into `errors`.
 */
import type { Language, Node } from 'web-tree-sitter';
import type { Comment } from '../ir';
import type { Span } from '../span';
import type { AnalysisBudget } from '../budget';
import { openCursor, type SyntaxCursor } from './fast-cursor';

export interface SNode {
  type: string;
  named: boolean;
  /** Field name in the parent (`left`, `body`, ...), null when the child has none. */
  field: string | null;
  start: number;
  end: number;
  children: SNode[];
}

export interface Snapshot {
  root: SNode;
  comments: Comment[];
  errors: Span[];
}

const NO_CHILDREN: SNode[] = [];
Object.freeze(NO_CHILDREN);

/** web-tree-sitter reports ERROR nodes with this type id. */
const ERROR_TYPE_ID = 0xffff;

/** Token types that never have children: skipping the gotoFirstChild call saves a WASM call each. */
const LEAF_TYPES = new Set([
  'identifier', 'property_identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern',
  'private_property_identifier', 'type_identifier', 'statement_identifier', 'number', 'string_fragment',
  'escape_sequence', 'this', 'super', 'true', 'false', 'null', 'undefined', 'regex_pattern', 'regex_flags',
  'jsx_text', 'html_character_reference', 'hash_bang_line', 'comment', 'html_comment',
]);

/**
 * Type-only subtrees: kept as one childless node (their span gives annotation text). The walk
 * visits their insides only when they may hold a comment or a syntax error.
 */
const TYPE_ONLY_TYPES = new Set([
  'type_annotation', 'type_arguments', 'type_parameters', 'interface_declaration', 'type_alias_declaration',
  'enum_declaration', 'ambient_declaration', 'implements_clause', 'abstract_method_signature', 'method_signature',
  'function_signature', 'index_signature', 'type_predicate_annotation', 'asserts_annotation',
  'omitting_type_annotation', 'opting_type_annotation', 'adding_type_annotation',
]);

const COMMENT_TYPES = new Set(['comment', 'html_comment']);

/** Per type id: 1 = named, 2 = anonymous; bit 4 = leaf, bit 8 = type-only, bit 16 = comment. */
const flagsByLanguage = new WeakMap<Language, Uint8Array>();

function typeFlagsOf(language: Language): Uint8Array {
  let flags = flagsByLanguage.get(language);
  if (!flags) {
    const types = language.types;
    flags = new Uint8Array(types.length);
    for (let id = 0; id < types.length; id++) {
      const name = types[id] ?? 'ERROR';
      let f = language.nodeTypeIsNamed(id) ? 1 : 2;
      if (LEAF_TYPES.has(name)) f |= 4;
      if (TYPE_ONLY_TYPES.has(name) && f & 1) f |= 8;
      if (COMMENT_TYPES.has(name)) f |= 16;
      flags[id] = f;
    }
    flagsByLanguage.set(language, flags);
  }
  return flags;
}

/**
 * Copies the tree under `root`. Anonymous tokens (operators, keywords, punctuation) share one
 * frozen object per type, without span or field: reading those would cost two WASM calls each.
 */
export function snapshotTree(root: Node, text: string, budget?: AnalysisBudget): Snapshot {
  const language = root.tree.language;
  const types = language.types;
  const fieldNames = language.fields;
  const typeCount = types.length;
  const flags = typeFlagsOf(language);
  const comments: Comment[] = [];
  const errors: Span[] = [];
  const checkErrors = root.hasError;

  const top: SNode = {
    type: root.type,
    named: true,
    field: null,
    start: root.startIndex,
    end: root.endIndex,
    children: NO_CHILDREN,
  };
  if (top.type === 'ERROR') errors.push({ start: top.start, end: top.end });
  const cursor = openCursor(root);
  try {
    copyChildren(cursor, top, text, flags, types, fieldNames, typeCount, checkErrors, comments, errors, budget);
  } finally {
    cursor.delete();
  }
  return { root: top, comments, errors };
}

/** The walk below `top`, iterative. `cursor` makes no other tree-sitter call possible meanwhile. */
function copyChildren(
  cursor: SyntaxCursor,
  top: SNode,
  text: string,
  flags: Uint8Array,
  types: readonly string[],
  fieldNames: readonly (string | null)[],
  typeCount: number,
  checkErrors: boolean,
  comments: Comment[],
  errors: Span[],
  budget: AnalysisBudget | undefined,
): void {
  const anonymousCache: (SNode | undefined)[] = [];
  // parents[d] is the node whose children are being visited at depth d + 1; they are collected on
  // `pending` from pendingFrom[d] on, and become one exact-size array when the walk leaves parents[d].
  const parents: (SNode | null)[] = [top];
  const pendingFrom: number[] = [0];
  const pending: SNode[] = [];
  const close = (d: number): void => {
    const node = parents[d];
    const from = pendingFrom[d];
    if (node && pending.length > from) node.children = pending.slice(from);
    pending.length = from;
  };
  let depth = 0;

  let descend = cursor.gotoFirstChild();
  if (descend) depth = 1;
  while (descend) {
    budget?.check('reading the syntax tree');
    const id = cursor.nodeTypeId;
    const f = id < typeCount ? flags[id] : 1; // beyond the table: ERROR
    const parent = parents[depth - 1];
    let copied: SNode | null = null;
    let goDown = false;
    if (f & 16) {
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      comments.push({ text: text.slice(start, end), span: { start, end } });
    } else if (f & 2) {
      if (checkErrors && cursor.nodeIsMissing) {
        const at = cursor.startIndex;
        errors.push({ start: at, end: at });
      }
      if (parent) {
        // Tokens carry no field: the lowering finds operators and keywords by type.
        let shared = anonymousCache[id];
        if (!shared) {
          shared = { type: types[id] ?? '', named: false, field: null, start: -1, end: -1, children: NO_CHILDREN };
          Object.freeze(shared);
          anonymousCache[id] = shared;
        }
        pending.push(shared);
      }
    } else if (parent || checkErrors) {
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      const isError = id === ERROR_TYPE_ID || id >= typeCount;
      if (isError) errors.push({ start, end });
      else if (checkErrors && start === end && cursor.nodeIsMissing) errors.push({ start, end });
      if (parent) {
        copied = {
          type: isError ? 'ERROR' : types[id],
          named: true,
          field: fieldNames[cursor.currentFieldId] ?? null,
          start,
          end,
          children: NO_CHILDREN,
        };
        pending.push(copied);
        // Below a type-only node nothing is copied (parent null); the walk goes on for comments.
        if (f & 8) copied = null;
      }
      // Inside a type-only node only comments and errors are collected: none to find, no need to go in.
      goDown = (f & 4) === 0 && (!(f & 8) || checkErrors || mayHoldComment(text, start, end));
    } else {
      goDown = (f & 4) === 0 && (checkErrors || mayHoldComment(text, cursor.startIndex, cursor.endIndex));
    }

    if (goDown && cursor.gotoFirstChild()) {
      parents[depth] = copied;
      pendingFrom[depth] = pending.length;
      depth++;
      continue;
    }
    // Next sibling, else climb until one exists.
    for (;;) {
      if (cursor.gotoNextSibling()) break;
      if (!cursor.gotoParent()) {
        descend = false;
        break;
      }
      depth--;
      close(depth);
      if (depth === 0) {
        descend = false;
        break;
      }
    }
  }
  // Only when the cursor stopped below the top: the levels still open.
  for (let d = depth - 1; d >= 0; d--) close(d);
}

/** Whether a comment (`//`, `/*`, `<!--`, `-->`) can start in text[start, end): it needs a `/` or a `-`. */
function mayHoldComment(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 47 || c === 45) return true;
  }
  return false;
}

// ---------------------------------------------------------------- reading helpers

/** The first child with the given field name. */
export function field(node: SNode, name: string): SNode | null {
  const kids = node.children;
  for (let i = 0; i < kids.length; i++) {
    if (kids[i].field === name) return kids[i];
  }
  return null;
}

/** The first named child with the given field name (skips `;` tokens that share a field). */
export function namedField(node: SNode, name: string): SNode | null {
  const kids = node.children;
  for (let i = 0; i < kids.length; i++) {
    if (kids[i].field === name && kids[i].named) return kids[i];
  }
  return null;
}

/** Every child with the given field name. */
export function fields(node: SNode, name: string): SNode[] {
  const out: SNode[] = [];
  for (const kid of node.children) if (kid.field === name) out.push(kid);
  return out;
}

export function namedChildren(node: SNode): SNode[] {
  const out: SNode[] = [];
  for (const kid of node.children) if (kid.named) out.push(kid);
  return out;
}

export function firstNamed(node: SNode): SNode | null {
  for (const kid of node.children) if (kid.named) return kid;
  return null;
}

/** True when an anonymous token of this type (`async`, `*`, `get`, `type`) is a direct child. */
export function hasToken(node: SNode, token: string): boolean {
  for (const kid of node.children) if (!kid.named && kid.type === token) return true;
  return false;
}

export function spanOf(node: SNode): Span {
  return { start: node.start, end: node.end };
}
