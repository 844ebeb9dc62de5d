/**
 * Finds which of many literals occur in a text in one pass (an Aho-Corasick automaton compiled
 * to a table over ASCII). The prefilter asks about hundreds of words per file; searching for each
 * separately costs more than parsing the few files that pass.
 */

const ALPHABET = 128;

export class LiteralScanner {
  private readonly table: Int32Array;
  /** For each state, the literal ids that end there (including through suffixes). */
  private readonly outputs: number[][];

  constructor(readonly literals: readonly string[]) {
    const goto: Map<number, number>[] = [new Map()];
    const out: number[][] = [[]];
    literals.forEach((word, id) => {
      let state = 0;
      for (let i = 0; i < word.length; i++) {
        const c = word.charCodeAt(i);
        if (c >= ALPHABET) return; // non-ASCII literals never match; the prefilter has none
        let next = goto[state].get(c);
        if (next === undefined) {
          next = goto.length;
          goto.push(new Map());
          out.push([]);
          goto[state].set(c, next);
        }
        state = next;
      }
      out[state].push(id);
    });
    // Breadth-first: each state's transitions complete, outputs merged along failure links.
    const table = new Int32Array(goto.length * ALPHABET);
    const fail = new Int32Array(goto.length);
    const queue: number[] = [];
    for (let c = 0; c < ALPHABET; c++) {
      const next = goto[0].get(c);
      if (next !== undefined) {
        table[c] = next;
        queue.push(next);
      }
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      out[state] = [...out[state], ...out[fail[state]]];
      for (let c = 0; c < ALPHABET; c++) {
        const next = goto[state].get(c);
        if (next !== undefined) {
          fail[next] = table[fail[state] * ALPHABET + c];
          table[state * ALPHABET + c] = next;
          queue.push(next);
        } else {
          table[state * ALPHABET + c] = table[fail[state] * ALPHABET + c];
        }
      }
    }
    this.table = table;
    this.outputs = out;
  }

  /** The set of literal ids that occur in `text`. */
  scan(text: string): Set<number> {
    const found = new Set<number>();
    const table = this.table;
    const outputs = this.outputs;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      state = c < ALPHABET ? table[state * ALPHABET + c] : 0;
      const hits = outputs[state];
      if (hits.length) for (const id of hits) found.add(id);
    }
    return found;
  }
}
