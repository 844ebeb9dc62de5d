/**
 * Finds which of many literals occur in a text in one pass (an Aho-Corasick automaton compiled
 * to a table over ASCII). The prefilter asks about hundreds of words per file; searching for each
 * separately costs more than parsing the few files that pass.
 */

const ALPHABET = 128;
/** log2(ALPHABET): table entries are pre-multiplied states, shifted back to index per-state arrays. */
const SHIFT = 7;

/** End offsets of the occurrences of "positional" literals, in text order; reused between scans. */
export class Occurrences {
  ids = new Int32Array(64);
  ends = new Int32Array(64);
  length = 0;

  push(id: number, end: number): void {
    if (this.length === this.ids.length) {
      const ids = new Int32Array(this.length * 2);
      const ends = new Int32Array(this.length * 2);
      ids.set(this.ids);
      ends.set(this.ends);
      this.ids = ids;
      this.ends = ends;
    }
    this.ids[this.length] = id;
    this.ends[this.length] = end;
    this.length++;
  }
}

export class LiteralScanner {
  /**
   * Transitions, indexed by state * ALPHABET + character. An entry is the next state * ALPHABET,
   * plus 1 when some literal ends in that state: the low bits are free, and most steps then need
   * no other memory access.
   */
  private readonly table: Int32Array;
  /** The literal ids ending in state s (through suffixes too): outIds[outStart[s] .. outStart[s + 1]). */
  private readonly outStart: Int32Array;
  private readonly outIds: Int32Array;
  private readonly positional: Uint8Array;

  /** `positional`: ids of literals whose every occurrence `scanInto` records. */
  constructor(
    readonly literals: readonly string[],
    positional: readonly number[] = [],
  ) {
    // The trie, as rows of ALPHABET next states (0: no edge; the root is nobody's child). This runs
    // once per thread, mostly before the JIT has compiled it: plain typed-array loops.
    let capacity = 1;
    for (const word of literals) capacity += word.length;
    let table = new Int32Array(capacity * ALPHABET);
    const ends: number[][] = [[]];
    let states = 1;
    literals.forEach((word, id) => {
      let state = 0;
      for (let i = 0; i < word.length; i++) {
        const c = word.charCodeAt(i);
        if (c >= ALPHABET) return; // non-ASCII literals never match; the prefilter has none
        let next = table[state * ALPHABET + c];
        if (next === 0) {
          next = states++;
          ends.push([]);
          table[state * ALPHABET + c] = next;
        }
        state = next;
      }
      ends[state].push(id);
    });
    table = table.slice(0, states * ALPHABET);
    // Breadth-first, so a state's failure target is complete before it: missing edges become the
    // failure target's, and outputs are merged along failure links.
    const fail = new Int32Array(states);
    const order = new Int32Array(states);
    let queued = 0;
    for (let c = 0; c < ALPHABET; c++) if (table[c] !== 0) order[queued++] = table[c];
    const out: number[][] = ends;
    for (let head = 0; head < queued; head++) {
      const state = order[head];
      const f = fail[state];
      if (out[f].length) out[state] = out[state].concat(out[f]);
      const row = state * ALPHABET;
      const failRow = f * ALPHABET;
      for (let c = 0; c < ALPHABET; c++) {
        const next = table[row + c];
        if (next !== 0) {
          fail[next] = table[failRow + c];
          order[queued++] = next;
        } else {
          table[row + c] = table[failRow + c];
        }
      }
    }
    for (let i = 0; i < table.length; i++) {
      const next = table[i];
      table[i] = next * ALPHABET + (out[next].length ? 1 : 0);
    }
    this.table = table;
    this.outStart = new Int32Array(states + 1);
    for (let s = 0; s < states; s++) this.outStart[s + 1] = this.outStart[s] + out[s].length;
    this.outIds = Int32Array.from(out.flat());
    this.positional = new Uint8Array(literals.length);
    for (const id of positional) this.positional[id] = 1;
  }

  /** The set of literal ids that occur in `text`. */
  scan(text: string): Set<number> {
    const seen = new Uint32Array(this.literals.length);
    this.scanInto(text, seen, 1, null);
    const found = new Set<number>();
    for (let id = 0; id < seen.length; id++) if (seen[id] === 1) found.add(id);
    return found;
  }

  /**
   * Sets `seen[id] = mark` for every literal that occurs in `text` (a fresh mark per text saves
   * clearing the array), and records the occurrences of positional literals in `occurrences`.
   */
  scanInto(text: string, seen: Uint32Array, mark: number, occurrences: Occurrences | null): void {
    const table = this.table;
    const outStart = this.outStart;
    const outIds = this.outIds;
    const positional = this.positional;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const entry = c < ALPHABET ? table[state + c] : 0;
      state = entry & ~1;
      if ((entry & 1) === 0) continue;
      const s = state >>> SHIFT;
      const to = outStart[s + 1];
      for (let k = outStart[s]; k < to; k++) {
        const id = outIds[k];
        seen[id] = mark;
        if (positional[id] === 1 && occurrences) occurrences.push(id, i + 1);
      }
    }
  }
}
