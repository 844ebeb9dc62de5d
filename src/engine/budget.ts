/**
 * The time budget of one file. Parsing has Tree-sitter's progress callback; lowering and the
 * dataflow analysis are plain synchronous code, so they call `check()` as they go (per tree
 * node, per statement) and the first call past the deadline throws. The engine turns that into
 * a skipped file with reason 'timeout', so one pathological file cannot hold up a scan or the
 * editor.
 */

export class BudgetExceededError extends Error {
  constructor(
    readonly budgetMs: number,
    readonly stage: string,
  ) {
    super(`${stage} took longer than the ${budgetMs} ms budget for one file`);
  }
}

/** How many `check()` calls go by between two reads of the clock, by default (tree nodes are cheap). */
const CLOCK_EVERY = 256;

export class AnalysisBudget {
  private calls = 0;

  constructor(
    /** `performance.now()` value after which work stops. */
    readonly deadline: number,
    /** The whole budget, for the message. */
    readonly budgetMs: number,
  ) {}

  /** A budget of `budgetMs` counted from `started` (a `performance.now()` value). */
  static from(started: number, budgetMs: number): AnalysisBudget {
    return new AnalysisBudget(started + budgetMs, budgetMs);
  }

  /**
   * Cheap enough to call per node: reads the clock every `every` calls (fewer for work that
   * costs more per call, such as a statement of the analysis, so the deadline is not overshot).
   */
  check(stage: string, every = CLOCK_EVERY): void {
    if (++this.calls % every !== 0) return;
    if (performance.now() > this.deadline) throw new BudgetExceededError(this.budgetMs, stage);
  }

  /** True once the deadline has passed (reads the clock on every call). */
  expired(): boolean {
    return performance.now() > this.deadline;
  }

  /** Milliseconds left, never negative. */
  remaining(): number {
    return Math.max(0, this.deadline - performance.now());
  }
}
