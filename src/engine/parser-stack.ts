/**
 * A canary at the bottom of Tree-sitter's WebAssembly C stack. web-tree-sitter's build has a
 * 64 KB stack, and some of Tree-sitter's C recurses as deep as the text nests: its debug build
 * stops fuzz case 70127 with a segmentation fault in `stack_node_add_link`, which merges parse
 * stack links recursively. The release build has no such check: the recursion runs past the
 * stack's end and writes over the runtime's static data, the parse returns as if nothing
 * happened, and a later parse in the thread loops forever (SECURITY.md). Ordinary parses use
 * under 2 KB of that stack (every fixture, and 350 corpus files over 40 KB), so bytes at its very
 * bottom that changed mean it overflowed.
 */

/**
 * The bottom 4 KB: an overflow must run through all of it to reach the static data, and no frame
 * of Tree-sitter's is that large, so none can step over it unwritten (with 256 bytes a larger
 * frame could). Ordinary parses leave 60 KB above it unused; checking it costs microseconds.
 */
const CANARY_BYTES = 4096;
const CANARY_BYTE = 0xa5;

export class StackCanary {
  private constructor(private readonly low: number) {}

  /**
   * From the imports emscripten gives the module (its `env` holds the stack's bounds, as
   * `__stack_low` and `__stack_high`); undefined when they are not there.
   */
  static fromImports(imports: WebAssembly.Imports): StackCanary | undefined {
    const env = imports.env as Record<string, unknown> | undefined;
    const low = Number(env?.__stack_low);
    const high = Number(env?.__stack_high);
    if (!Number.isInteger(low) || !Number.isInteger(high) || low <= 0 || high - low < 8 * CANARY_BYTES) return undefined;
    return new StackCanary(low);
  }

  /** Lays the canary; the stack must be idle (no WebAssembly call under way). */
  lay(heap: Uint8Array): void {
    heap.fill(CANARY_BYTE, this.low, this.low + CANARY_BYTES);
  }

  /** False once something wrote over the canary: the stack overflowed since it was laid. */
  intact(heap: Uint8Array): boolean {
    for (let i = this.low; i < this.low + CANARY_BYTES; i++) if (heap[i] !== CANARY_BYTE) return false;
    return true;
  }
}
