/**
 * A tree cursor for the lowering's one copying walk, without web-tree-sitter's per-call marshalling.
 *
 * web-tree-sitter's TreeCursor keeps the cursor's state in JavaScript and, on every call (move,
 * type id, offset), writes it into the WASM transfer buffer and reads it back: eight `setValue` /
 * `getValue` calls around each real WASM call. The profile of a corpus scan showed that
 * marshalling at about a tenth of the whole scan. The WASM functions themselves read the cursor
 * from the transfer buffer and write it back there, so a walk that makes no other WASM call in
 * between can leave the state in the buffer and call them directly.
 *
 * This relies on web-tree-sitter internals (the emscripten module object handed to Parser.init,
 * the transfer buffer, a cursor's four state words): `enableDirectCursors` checks that they are
 * there and that a direct walk agrees with TreeCursor on a sample tree; otherwise `openCursor`
 * returns the ordinary TreeCursor.
 */
import type { Node, TreeCursor } from 'web-tree-sitter';

/** What the copying walks read from a cursor (TreeCursor has these too). */
export interface SyntaxCursor {
  readonly nodeTypeId: number;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly currentFieldId: number;
  readonly nodeIsMissing: boolean;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  delete(): void;
}

/** The emscripten module's exports the direct cursor calls (each takes the tree's address). */
interface Binding {
  HEAP32: Int32Array;
  _ts_init(): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
}

const FUNCTIONS = [
  '_ts_init',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_current_node_is_missing_wasm',
] as const;

/** A TreeCursor's state words ([0..3]) and its tree's address (tree[0]): web-tree-sitter internals. */
type CursorState = TreeCursor & { [word: number]: number; tree: { [0]: number } };

let binding: Binding | undefined;
/** Off only in tests, to compare both cursors. */
let directWanted = true;
let transferWord = 0;
/** One direct cursor at a time owns the transfer buffer. */
let active: DirectCursor | undefined;

class DirectCursor implements SyntaxCursor {
  private readonly tree: number;

  constructor(
    private readonly b: Binding,
    private readonly cursor: CursorState,
  ) {
    this.tree = cursor.tree[0];
    const heap = b.HEAP32;
    for (let i = 0; i < 4; i++) heap[transferWord + i] = cursor[i];
  }

  get nodeTypeId(): number {
    return this.b._ts_tree_cursor_current_node_type_id_wasm(this.tree);
  }
  get startIndex(): number {
    return this.b._ts_tree_cursor_start_index_wasm(this.tree);
  }
  get endIndex(): number {
    return this.b._ts_tree_cursor_end_index_wasm(this.tree);
  }
  get currentFieldId(): number {
    return this.b._ts_tree_cursor_current_field_id_wasm(this.tree);
  }
  get nodeIsMissing(): boolean {
    return this.b._ts_tree_cursor_current_node_is_missing_wasm(this.tree) === 1;
  }
  gotoFirstChild(): boolean {
    return this.b._ts_tree_cursor_goto_first_child_wasm(this.tree) === 1;
  }
  gotoNextSibling(): boolean {
    return this.b._ts_tree_cursor_goto_next_sibling_wasm(this.tree) === 1;
  }
  gotoParent(): boolean {
    return this.b._ts_tree_cursor_goto_parent_wasm(this.tree) === 1;
  }

  /** Hands the state back to the TreeCursor (moves may have reallocated its stack), then frees it. */
  delete(): void {
    const heap = this.b.HEAP32; // a fresh view: the WASM memory may have grown during the walk
    for (let i = 0; i < 4; i++) this.cursor[i] = heap[transferWord + i];
    if (active === this) active = undefined;
    this.cursor.delete();
  }
}

/**
 * A cursor at `root` for one uninterrupted walk: no other tree-sitter call until `delete()`,
 * which must come (try/finally) before the next walk.
 */
export function openCursor(root: Node): SyntaxCursor {
  // Another cursor's calls would overwrite the state this one keeps in the transfer buffer.
  if (active) throw new Error('a syntax tree walk is already in progress');
  const cursor = root.walk();
  if (!binding || !directWanted) return cursor;
  active = new DirectCursor(binding, cursor as CursorState);
  return active;
}

/**
 * Called once Parser.init has filled `module` (the options object it was given becomes the
 * emscripten module). Turns direct cursors on when the internals are as expected and a direct
 * walk of `sample` agrees with TreeCursor's, node by node.
 */
export function enableDirectCursors(module: Record<string, unknown>, sample: Node): boolean {
  binding = undefined;
  if (!(module.HEAP32 instanceof Int32Array) || !FUNCTIONS.every((f) => typeof module[f] === 'function')) return false;
  const candidate = module as unknown as Binding;
  const probe = sample.walk() as CursorState;
  const shaped = typeof probe[0] === 'number' && typeof probe[3] === 'number' && typeof probe.tree?.[0] === 'number';
  probe.delete();
  if (!shaped) return false;
  // ts_init only returns the transfer buffer's address (and stores two version numbers there).
  transferWord = candidate._ts_init() >> 2;
  binding = candidate;
  let agrees = false;
  try {
    agrees = sameWalk(sample);
  } catch {
    active = undefined;
  }
  if (!agrees) binding = undefined;
  return agrees;
}

/** Whether walks use direct cursors (the check at start-up passed, and tests did not turn them off). */
export function directCursorsEnabled(): boolean {
  return binding !== undefined && directWanted;
}

/** For tests: walk with TreeCursor (false) or, when the check passed, direct cursors (true). */
export function preferDirectCursors(on: boolean): void {
  directWanted = on;
}

/** Walks `root` with TreeCursor, then with a direct cursor (never both at once); true when they agree. */
function sameWalk(root: Node): boolean {
  const expected = record(root.walk());
  return expected.length > 1 && record(openCursor(root)).join() === expected.join();
}

/** Every step of a pre-order walk: the node's type, span, field and missing flag, and each move. */
function record(cursor: SyntaxCursor): number[] {
  const steps: number[] = [];
  try {
    for (let n = 0; n < 10_000; n++) {
      steps.push(cursor.nodeTypeId, cursor.startIndex, cursor.endIndex, cursor.currentFieldId, cursor.nodeIsMissing ? 1 : 0);
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        steps.push(-1);
        if (!cursor.gotoParent()) return steps;
      }
    }
    return steps;
  } finally {
    cursor.delete();
  }
}
