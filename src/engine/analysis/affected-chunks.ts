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

/**
 * The affected and needed chunks of `chunks` (the file after the edit, in order), given the ids
 * of chunks that are new or changed and the dependencies of chunks the edit removed or replaced.
 */
export function affectedChunks(chunks: readonly ChunkNode[], changed: ReadonlySet<number>, removed: readonly ChunkDeps[]): AffectedChunks {
  const graph = new ChunkGraph(chunks, removed);
  const affected = new Set<number>();
  const queue: number[] = [];
  const add = (id: number): void => {
    if (affected.has(id)) return;
    affected.add(id);
    queue.push(id);
  };
  for (const id of changed) add(id);
  // What removed code wrote may have been read; what it read may have been run by it.
  for (const deps of removed) {
    for (const name of graph.writesOf(deps)) for (const r of graph.readers(name)) add(r);
    for (const name of graph.readsOf(deps)) for (const w of graph.writers(name)) if (graph.carriesCode(w)) add(w);
  }
  while (queue.length) {
    const id = queue.pop()!;
    for (const name of graph.writes(id)) for (const r of graph.readers(name)) add(r);
    for (const name of graph.reads(id)) for (const w of graph.writers(name)) if (graph.carriesCode(w)) add(w);
  }
  return { affected, needed: graph.upstreamOf(affected, chunks) };
}

class ChunkGraph {
  private readonly moduleNames = new Set<string>();
  private readonly methodNames = new Set<string>();
  private readonly readsById = new Map<number, string[]>();
  private readonly writesById = new Map<number, string[]>();
  private readonly readersOf = new Map<string, number[]>();
  private readonly writersOf = new Map<string, number[]>();
  private readonly code = new Set<number>();

  constructor(chunks: readonly ChunkNode[], removed: readonly ChunkDeps[]) {
    for (const deps of [...chunks.map((c) => c.deps), ...removed]) {
      for (const n of deps.binds) this.moduleNames.add(n);
      for (const m of deps.methodNames) this.methodNames.add(m);
    }
    for (const c of chunks) {
      const reads = this.readsOf(c.deps);
      const writes = this.writesOf(c.deps);
      this.readsById.set(c.id, reads);
      this.writesById.set(c.id, writes);
      for (const n of reads) push(this.readersOf, n, c.id);
      for (const n of writes) push(this.writersOf, n, c.id);
    }
    this.markCode(chunks);
  }

  /** Names of module bindings a chunk reads (names bound nowhere at module level are globals). */
  readsOf(deps: ChunkDeps): string[] {
    return [...deps.reads].filter((n) => this.moduleNames.has(n));
  }

  /** Module bindings a chunk binds or may update. */
  writesOf(deps: ChunkDeps): string[] {
    const out = new Set(deps.binds);
    for (const n of deps.mutates) if (this.moduleNames.has(n)) out.add(n);
    for (const c of deps.methodCalls) if (this.methodNames.has(c.method) && this.moduleNames.has(c.receiver)) out.add(c.receiver);
    return [...out];
  }

  reads(id: number): string[] {
    return this.readsById.get(id) ?? [];
  }

  writes(id: number): string[] {
    return this.writesById.get(id) ?? [];
  }

  readers(name: string): number[] {
    return this.readersOf.get(name) ?? [];
  }

  writers(name: string): number[] {
    return this.writersOf.get(name) ?? [];
  }

  carriesCode(id: number): boolean {
    return this.code.has(id);
  }

  /** A chunk carries code when it defines some, or reads a name written by a chunk that does. */
  private markCode(chunks: readonly ChunkNode[]): void {
    const queue: number[] = [];
    for (const c of chunks) {
      if (!c.deps.hasCode) continue;
      this.code.add(c.id);
      queue.push(c.id);
    }
    while (queue.length) {
      const id = queue.pop()!;
      for (const name of this.writes(id)) {
        for (const r of this.readers(name)) {
          if (this.code.has(r)) continue;
          this.code.add(r);
          queue.push(r);
        }
      }
    }
  }

  /**
   * The chunks that `start` reads, transitively, and `start` itself. A chunk that may stop the
   * module's top-level code (`sys.exit()`) comes along when it precedes one of them, so the
   * re-analysis stops where a full analysis does.
   */
  upstreamOf(start: ReadonlySet<number>, chunks: readonly ChunkNode[]): Set<number> {
    const needed = new Set<number>();
    const queue: number[] = [];
    const add = (id: number): void => {
      if (needed.has(id)) return;
      needed.add(id);
      queue.push(id);
    };
    for (const id of start) add(id);
    for (;;) {
      while (queue.length) {
        const id = queue.pop()!;
        for (const name of this.reads(id)) for (const w of this.writers(name)) add(w);
      }
      let last = -1;
      chunks.forEach((c, i) => {
        if (needed.has(c.id)) last = i;
      });
      for (let i = 0; i < last; i++) if (chunks[i].deps.mayExit) add(chunks[i].id);
      if (!queue.length) return needed;
    }
  }
}

function push(map: Map<string, number[]>, key: string, id: number): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}
