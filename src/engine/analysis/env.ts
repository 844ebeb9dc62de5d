/**
 * Variable environments of the flow-sensitive analysis. Each function body has its own map of
 * local bindings; names not bound there are looked up in the enclosing (closure) environment.
 * Branches fork the map and join it again afterwards.
 */
import { join, type Value } from './values';

export class Env {
  constructor(
    private vars: Map<string, Value>,
    readonly parent?: Env,
  ) {}

  static root(): Env {
    return new Env(new Map());
  }

  child(): Env {
    return new Env(new Map(), this);
  }

  get(name: string): Value | undefined {
    // Iterative lookup: closures can nest deeply in generated code.
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- walking the parent chain
    for (let env: Env | undefined = this; env; env = env.parent) {
      const v = env.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  hasLocal(name: string): boolean {
    return this.vars.has(name);
  }

  set(name: string, value: Value): void {
    this.vars.set(name, value);
  }

  /** Sets where the name is bound (a closure variable), or locally when it is bound nowhere. */
  assignExisting(name: string, value: Value): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- walking the parent chain
    for (let env: Env | undefined = this; env; env = env.parent) {
      if (env.vars.has(name)) {
        env.vars.set(name, value);
        return;
      }
    }
    this.vars.set(name, value);
  }

  fork(): Env {
    return new Env(new Map(this.vars), this.parent);
  }

  /** Replaces this environment's bindings with the join of two forks of it. */
  mergeFrom(a: Env, b: Env): void {
    const out = new Map(a.vars);
    for (const [k, v] of b.vars) {
      const prev = out.get(k);
      out.set(k, prev ? join(prev, v) : v);
    }
    this.vars = out;
  }

  adopt(other: Env): void {
    this.vars = other.vars;
  }

  names(): IterableIterator<string> {
    return this.vars.keys();
  }
}
