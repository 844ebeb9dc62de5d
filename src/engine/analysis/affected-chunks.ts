/**
 * Which chunks (top-level statements) an edit can affect, and which others their re-analysis
 * needs. Facts belong to chunks (see InterpreterOptions.owners); a chunk's facts can change
 * only if something it reads changed, or if changed code runs its code. So, starting from the
 * changed chunks:
 * - a chunk that reads a name an affected chunk writes (binds or updates) is affected;
 * - a chunk holding code (functions, classes, or values built from them) that an affected chunk
 *   reads is affected: the changed code may call it with other arguments, register it as a
 *   handler, or ask for its summary at another moment.
 * The re-analysis runs the affected chunks with everything they read (transitively): the
 * `needed` chunks. Those that are not affected hold no code, so running them gives the same
 * values as in a full analysis; their facts are discarded and the cached ones kept.
 *
 * The index is kept from edit to edit: an edit adds and removes a few chunks' names.
 */
import type { ChunkDeps } from './chunk-deps';

export interface ChunkNode {
  id: number;
  deps: ChunkDeps;
}

export interface AffectedChunks {
  /** Chunks whose facts must be computed again. */
  affected: Set<number>;
  /** Chunks the re-analysis runs: the affected ones and what they read. */
  needed: Set<number>;
}

export class ChunkIndex {
  private readonly deps = new Map<number, ChunkDeps>();
  /** How many chunks bind each module name, and define each method name. */
  private readonly moduleNames = new Map<string, number>();
  private readonly methodNames = new Map<string, number>();
  private readonly readersOf = new Map<string, Set<number>>();
  private readonly bindersOf = new Map<string, Set<number>>();
  private readonly mutatorsOf = new Map<string, Set<number>>();
  /** Receiver name -> chunk -> methods it calls on it (`x.m()`). */
  private readonly callersOn = new Map<string, Map<number, string[]>>();

  add(chunk: ChunkNode): void {
    const { id, deps } = chunk;
    this.deps.set(id, deps);
    for (const n of deps.binds) {
      count(this.moduleNames, n, 1);
      setOf(this.bindersOf, n).add(id);
    }
    for (const m of deps.methodNames) count(this.methodNames, m, 1);
    for (const n of deps.reads) setOf(this.readersOf, n).add(id);
    for (const n of deps.mutates) setOf(this.mutatorsOf, n).add(id);
    for (const c of deps.methodCalls) {
      let byChunk = this.callersOn.get(c.receiver);
      if (!byChunk) this.callersOn.set(c.receiver, (byChunk = new Map()));
      const methods = byChunk.get(id);
      if (methods) methods.push(c.method);
      else byChunk.set(id, [c.method]);
    }
  }

  remove(id: number): void {
    const deps = this.deps.get(id);
    if (!deps) return;
    this.deps.delete(id);
    for (const n of deps.binds) {
      count(this.moduleNames, n, -1);
      this.bindersOf.get(n)?.delete(id);
    }
    for (const m of deps.methodNames) count(this.methodNames, m, -1);
    for (const n of deps.reads) this.readersOf.get(n)?.delete(id);
    for (const n of deps.mutates) this.mutatorsOf.get(n)?.delete(id);
    for (const c of deps.methodCalls) this.callersOn.get(c.receiver)?.delete(id);
  }

  /** Names of module bindings a chunk reads (names bound nowhere at module level are globals). */
  readsOf(deps: ChunkDeps): string[] {
    const out: string[] = [];
    for (const n of deps.reads) if (this.moduleNames.has(n)) out.push(n);
    return out;
  }

  /** Module bindings a chunk binds or may update. */
  writesOf(deps: ChunkDeps): string[] {
    const out = new Set(deps.binds);
    for (const n of deps.mutates) if (this.moduleNames.has(n)) out.add(n);
    for (const c of deps.methodCalls) if (this.methodNames.has(c.method) && this.moduleNames.has(c.receiver)) out.add(c.receiver);
    return [...out];
  }

  reads(id: number): string[] {
    const deps = this.deps.get(id);
    return deps ? this.readsOf(deps) : [];
  }

  writes(id: number): string[] {
    const deps = this.deps.get(id);
    return deps ? this.writesOf(deps) : [];
  }

  readers(name: string): Iterable<number> {
    return this.moduleNames.has(name) ? (this.readersOf.get(name) ?? []) : [];
  }

  writers(name: string): number[] {
    const out = [...(this.bindersOf.get(name) ?? [])];
    if (!this.moduleNames.has(name)) return out;
    for (const id of this.mutatorsOf.get(name) ?? []) out.push(id);
    for (const [id, methods] of this.callersOn.get(name) ?? []) if (methods.some((m) => this.methodNames.has(m))) out.push(id);
    return out;
  }

  hasCode(id: number): boolean {
    return this.deps.get(id)?.hasCode ?? false;
  }

  /**
   * The chunks affected by changing `changed` (and removing what `removed` describes, the old
   * versions of changed chunks included), and the chunks their re-analysis needs.
   */
  affected(changed: ReadonlySet<number>, removed: readonly ChunkDeps[]): AffectedChunks {
    const code = this.codeCarriers();
    const affected = new Set<number>();
    const queue: number[] = [];
    const add = (id: number): void => {
      if (affected.has(id)) return;
      affected.add(id);
      queue.push(id);
    };
    for (const id of changed) add(id);
    // What removed code wrote may have been read (even a name nothing binds any more); what it
    // read may have been run by it.
    for (const deps of removed) {
      for (const name of this.writesOf(deps)) for (const r of this.readersOf.get(name) ?? []) add(r);
      for (const name of this.readsOf(deps)) for (const w of this.writers(name)) if (code.has(w)) add(w);
    }
    while (queue.length) {
      const id = queue.pop()!;
      for (const name of this.writes(id)) for (const r of this.readers(name)) add(r);
      for (const name of this.reads(id)) for (const w of this.writers(name)) if (code.has(w)) add(w);
    }
    return { affected, needed: this.upstreamOf(affected) };
  }

  /**
   * Whether a chunk carries code: it defines some, or reads a name written by a chunk that
   * does (transitively). Worked out on demand, looking upstream of the chunks asked about.
   */
  private codeCarriers(): { has(id: number): boolean } {
    const known = new Map<number, boolean>();
    const has = (start: number): boolean => {
      const cached = known.get(start);
      if (cached !== undefined) return cached;
      // Breadth-first upstream until a chunk with code (or one known to carry it) turns up.
      const seen = new Set<number>([start]);
      const queue = [start];
      for (let i = 0; i < queue.length; i++) {
        const id = queue[i];
        if (this.hasCode(id) || known.get(id) === true) {
          known.set(start, true);
          return true;
        }
        for (const name of this.reads(id)) {
          for (const w of this.writers(name)) {
            if (seen.has(w) || known.get(w) === false) continue;
            seen.add(w);
            queue.push(w);
          }
        }
      }
      // Nothing upstream of any chunk seen holds code: none of them carries any.
      for (const id of seen) known.set(id, false);
      return false;
    };
    return { has };
  }

  /** The chunks that `start` reads, transitively, and `start` itself. */
  private upstreamOf(start: ReadonlySet<number>): Set<number> {
    const needed = new Set<number>();
    const queue: number[] = [];
    const add = (id: number): void => {
      if (needed.has(id)) return;
      needed.add(id);
      queue.push(id);
    };
    for (const id of start) add(id);
    while (queue.length) {
      const id = queue.pop()!;
      for (const name of this.reads(id)) for (const w of this.writers(name)) add(w);
    }
    return needed;
  }
}

function count(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}

function setOf(map: Map<string, Set<number>>, key: string): Set<number> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
