/**
 * The dataflow analysis: an abstract interpreter over the IR. It walks statements in order,
 * keeps an abstract value per variable (taints with their paths, qualified names, fields, list
 * items, constants), and reports when a tainted value reaches a sink.
 *
 * Functions are analysed once with symbolic parameters (`param:N` taints). The result is a
 * summary: what each parameter contributes to the return value and which sinks it reaches.
 * Calls in the same file apply the summary, so flows through helper functions are found with
 * their whole path. Summaries are plain data, which is what cross-file analysis will compose.
 *
 * This file holds the interpreter's state, its bounds and the summaries; statements.ts,
 * expressions.ts and calls.ts give the meaning of each kind of IR node.
 */
import type { Arg, Expr, FunctionDecl, ModuleIR, Stmt } from '../ir';
import type { Span } from '../span';
import { Env } from './env';
import { handlerParamTaints } from './handlers';
import type { RuleSet } from './ruleset';
import { execStatement, bind } from './statements';
import { evalExpression } from './expressions';
import {
  EMPTY,
  addStep,
  deepTaints,
  extendTaint,
  flatten,
  instanceOf,
  isSymbolic,
  join,
  joinAll,
  mapTaints,
  mergeTaints,
  setField,
  withSpan,
  type ClassInfo,
  type FunctionRef,
  type Taint,
  type Value,
} from './values';
import type { CallSiteFact, CheckHit, Facts, ModelSourceFact, SinkHit } from './facts';
import { normaliseModule } from './qualified-names';
import type { AnalysisBudget } from '../budget';

export interface Summary {
  returns: Value;
  /** Sink hits whose taint is symbolic (`param:N`, `field:X`), to be completed at call sites. */
  hits: SinkHit[];
  /** For methods: what they assign to `self.X` / `this.X`, in terms of their parameters. */
  selfWrites: Map<string, Value>;
}

export interface Frame {
  env: Env;
  returns: Value[];
  /** Symbolic hits collected for the summary of the function being analysed. */
  hits: SinkHit[];
  fn?: FunctionRef;
  /** The instance (`self` / `this`) inside methods. */
  self?: Value;
  selfName?: string;
  /** Assignments to the instance's attributes in this method, symbolic (for the summary). */
  selfWrites?: Map<string, Value>;
}

export interface InterpreterOptions {
  /**
   * The owner (a chunk id: one top-level statement of the source) of each statement of
   * `module.body`. Facts are kept per owner: those found while a chunk's statements run, while
   * its functions are summarised, and while its code runs other functions with its arguments.
   */
  owners?: readonly number[];
  /** Functions created by these owners run at the end when nobody called them (default: all). */
  runPending?: (owner: number) => boolean;
  /** The modules the whole file imports, when `module` holds only part of the file. */
  moduleImports?: ReadonlySet<string>;
}

const MAX_FUNCTION_RUNS = 4000;
const MAX_CALLBACK_DEPTH = 3;
/** Concrete runs per function (beyond them, its summary is applied). */
const MAX_CONCRETE_RUNS = 4;
/** Helper chains deeper than this (f0 calls f1 calls f2 ...) are cut, so the stack stays bounded. */
const MAX_SUMMARY_DEPTH = 40;
/** Loops nested deeper than this run their body once, not twice: 2^depth runs would hang. */
const MAX_REPEATED_LOOP_DEPTH = 4;
/**
 * Statements and expressions nested deeper than this (counting across the summaries they call)
 * are skipped: each level costs a few stack frames, and the main thread's stack is under 1 MB.
 */
const MAX_NESTING = 500;

export class Interpreter {
  readonly facts: Facts = emptyFacts();
  /** Facts by owner chunk, when `options.owners` is given. */
  readonly factsByOwner = new Map<number, Facts>();
  /** True when a bound on function runs cut the analysis short (results then depend on what else is in the file). */
  capped = false;
  private owner = 0;
  private readonly summaries = new Map<number, Summary | 'computing'>();
  private readonly pending: { fn: FunctionRef; closure: Env }[] = [];
  private readonly closures = new Map<number, Env>();
  private readonly contexts = new Map<number, Map<number, Taint[]>>();
  private nextId = 1;
  private runs = 0;
  private readonly concreteRuns = new Map<number, number>();
  private summaryDepth = 0;
  private loopDepth = 0;
  private nesting = 0;
  callbackDepth = 0;
  readonly moduleImports = new Set<string>();

  constructor(
    readonly module: ModuleIR,
    readonly text: string,
    readonly rules: RuleSet,
    /** The file's time budget, checked per statement. */
    private readonly budget?: AnalysisBudget,
    private readonly options: InterpreterOptions = {},
  ) {}

  run(): Facts {
    if (this.options.moduleImports) for (const m of this.options.moduleImports) this.moduleImports.add(m);
    else for (const s of this.module.body) if (s.k === 'import') this.moduleImports.add(normaliseModule(s.module));
    const frame: Frame = { env: Env.root(), returns: [], hits: [] };
    const { owners, runPending } = this.options;
    const body = this.module.body;
    // A top-level statement that always leaves (`return`, `raise`, `sys.exit()`) does not end the
    // module's analysis: in a file being edited, a broken line leaves the rest of a function's
    // body (`return ...`) at the top level, and stopping there lost every finding below it; in a
    // file that parses, what follows such a statement is code its author means to run.
    for (let i = 0; i < body.length; i++) {
      if (owners) this.owner = owners[i];
      this.execStmt(body[i], frame);
    }
    // Functions nobody called in this file still run: handlers, exported helpers, callbacks.
    for (let i = 0; i < this.pending.length; i++) {
      if (this.runs >= MAX_FUNCTION_RUNS) {
        this.capped = true;
        break;
      }
      const { fn } = this.pending[i];
      if (this.summaries.has(fn.id) || (runPending && !runPending(fn.chunk))) continue;
      this.summaryOf(fn);
    }
    return this.facts;
  }

  // ------------------------------------------------------------------ facts

  private factsOfOwner(): Facts | undefined {
    if (!this.options.owners) return undefined;
    let facts = this.factsByOwner.get(this.owner);
    if (!facts) this.factsByOwner.set(this.owner, (facts = emptyFacts()));
    return facts;
  }

  emitHit(hit: SinkHit): void {
    this.facts.hits.push(hit);
    this.factsOfOwner()?.hits.push(hit);
  }

  emitCheck(check: CheckHit): void {
    this.facts.checks.push(check);
    this.factsOfOwner()?.checks.push(check);
  }

  emitCallSite(site: CallSiteFact): void {
    this.facts.callSites.push(site);
    this.factsOfOwner()?.callSites.push(site);
  }

  emitModelSource(source: ModelSourceFact): void {
    this.facts.modelSources.push(source);
    this.factsOfOwner()?.modelSources.push(source);
  }

  // ------------------------------------------------------------------ functions

  makeFunction(decl: FunctionDecl, closure: Env, owner?: ClassInfo): FunctionRef {
    const fn: FunctionRef = { decl, id: this.newId(), owner, chunk: this.owner };
    this.closures.set(fn.id, closure);
    this.pending.push({ fn, closure });
    return fn;
  }

  /** Marks parameters of a function as receiving untrusted data (a route handler). */
  addContext(fn: FunctionRef, param: number, taints: Taint[]): void {
    let byParam = this.contexts.get(fn.id);
    if (!byParam) this.contexts.set(fn.id, (byParam = new Map()));
    byParam.set(param, mergeTaints(byParam.get(param) ?? [], taints));
  }

  summaryOf(fn: FunctionRef): Summary {
    const cached = this.summaries.get(fn.id);
    if (cached === 'computing') return { returns: EMPTY, hits: [], selfWrites: new Map() };
    if (cached) return cached;
    // Too deep to follow: treated like a call to unknown code (what goes in comes out), and not
    // cached, so a call from a shallower place computes the real summary.
    if (this.summaryDepth >= MAX_SUMMARY_DEPTH) {
      return { returns: joinAll(fn.decl.params.map((p, i) => this.symbolicParam(fn, i, p.span))), hits: [], selfWrites: new Map() };
    }
    if (this.runs++ > MAX_FUNCTION_RUNS) {
      this.capped = true;
      return { returns: EMPTY, hits: [], selfWrites: new Map() };
    }
    this.summaries.set(fn.id, 'computing');
    const params = fn.decl.params.map((p, i) => this.symbolicParam(fn, i, p.span));
    // A summary is computed once and reused everywhere: loops around this call do not count.
    const outerLoops = this.loopDepth;
    const outerOwner = this.owner;
    this.summaryDepth++;
    this.loopDepth = 0;
    // What a summary finds belongs to the chunk that created the function, whoever asked first.
    this.owner = fn.chunk;
    let summary: Summary;
    try {
      summary = this.runFunction(fn, params);
    } finally {
      this.summaryDepth--;
      this.loopDepth = outerLoops;
      this.owner = outerOwner;
    }
    this.summaries.set(fn.id, summary);
    return summary;
  }

  private symbolicParam(fn: FunctionRef, index: number, span: Span): Value {
    const param = fn.decl.params[index];
    const name = param.pattern.k === 'name' ? param.pattern.name : `#${index + 1}`;
    const symbolic: Taint = { label: `param:${index}`, steps: [{ span, note: `enters ${fnLabel(fn)} as parameter ${name}` }], cleared: [] };
    const context = this.contexts.get(fn.id)?.get(index) ?? [];
    const fromHandler = handlerParamTaints(this, fn, index);
    // `file: UploadFile` in a route handler is an uploaded file, not generic request data.
    const replaced = new Set(fromHandler.flatMap((t) => this.rules.replacedBy(t.label)));
    const concrete = mergeTaints(context.filter((t) => !replaced.has(t.label)), fromHandler);
    return { taints: mergeTaints([symbolic], concrete), refs: [], span };
  }

  /** Runs a function body with the given parameter values; returns what it returns and its symbolic hits. */
  runFunction(fn: FunctionRef, params: Value[], self?: Value): Summary {
    const closure = this.closures.get(fn.id) ?? Env.root();
    const frame: Frame = { env: closure.child(), returns: [], hits: [], fn };
    const decl = fn.decl;
    let first = 0;
    if (fn.owner) {
      const instance = self ?? instanceOf(fn.owner);
      if (this.module.language === 'python' && !isStatic(decl) && decl.params.length) {
        const p = decl.params[0].pattern;
        if (p.k === 'name') {
          frame.selfName = p.name;
          frame.env.set(p.name, instance);
        }
        first = 1;
      }
      frame.self = instance;
      frame.selfName ??= 'this';
      frame.selfWrites = new Map();
    }
    decl.params.forEach((p, i) => {
      if (i < first) return;
      let v = params[i] ?? EMPTY;
      if (p.default && !deepTaints(v).length) v = join(v, this.evalExpr(p.default, frame));
      if (p.annotation) v = { ...v, refs: [...v.refs, ...this.annotationRefs(p.annotation, frame)] };
      bind(this, p.pattern, v, frame);
    });
    this.execBlock(decl.body, frame);
    return { returns: joinAll(frame.returns), hits: frame.hits, selfWrites: frame.selfWrites ?? new Map() };
  }

  /** `df: pd.DataFrame` -> `pandas.DataFrame()`, `client: OpenAI` -> `openai()`: a typed parameter is an instance. */
  private annotationRefs(annotation: string, frame: Frame): string[] {
    const m = /^\s*([A-Za-z_$][\w$]*)((?:\.[A-Za-z_$][\w$]*)*)\s*(?:\||$)/.exec(annotation);
    if (!m) return [];
    const head = frame.env.get(m[1]);
    if (!head?.refs.length || head.cls) return [];
    return head.refs.map((r) => `${r}${m[2]}()`);
  }

  // ------------------------------------------------------------------ hits

  /** A tainted value reached a sink: a finding when the taint is concrete, a summary entry when symbolic. */
  hit(hit: SinkHit, frame: Frame): void {
    if (isSymbolic(hit.taint)) {
      if (frame.fn && frame.hits.length < 200) frame.hits.push(hit);
      return;
    }
    this.emitHit(hit);
  }

  /** A new identity for a function or class. */
  newId(): number {
    return this.nextId++;
  }

  /**
   * Runs a loop's body twice, so values assigned late in it reach uses early in it on the next
   * iteration; once when loops are nested deeper than MAX_REPEATED_LOOP_DEPTH (2^depth runs).
   */
  repeatLoop(body: () => void): void {
    const rounds = this.loopDepth < MAX_REPEATED_LOOP_DEPTH ? 2 : 1;
    this.loopDepth++;
    try {
      for (let round = 0; round < rounds; round++) body();
    } finally {
      this.loopDepth--;
    }
  }

  // ------------------------------------------------------------------ statements and expressions

  /** Executes statements; true when the block always leaves (return, raise, break, continue). */
  execBlock(stmts: Stmt[], frame: Frame): boolean {
    for (let i = 0; i < stmts.length; i++) {
      if (!this.execStmt(stmts[i], frame)) continue;
      this.declareUnreached(stmts, i + 1, frame);
      return true;
    }
    return false;
  }

  /**
   * The functions and classes after a statement that always leaves: never defined by running
   * the block, but analysed as any function nobody calls is. A line broken while typing (an
   * unclosed string) can make Tree-sitter put the functions below it inside the broken one,
   * after its `return`.
   */
  private declareUnreached(stmts: Stmt[], from: number, frame: Frame): void {
    for (let i = from; i < stmts.length; i++) {
      const s = stmts[i];
      if (s.k === 'func' || s.k === 'class') this.execStmt(s, { ...frame, env: frame.env.fork() });
    }
  }

  /** Runs one statement (statements.ts) within the time budget and the nesting bound. */
  execStmt(s: Stmt, frame: Frame): boolean {
    this.budget?.check('the dataflow analysis', 8);
    if (this.nesting >= MAX_NESTING) return false;
    this.nesting++;
    try {
      return execStatement(this, s, frame);
    } finally {
      this.nesting--;
    }
  }

  /** The value of an expression (expressions.ts, calls.ts) within the time budget and the nesting bound. */
  evalExpr(e: Expr, frame: Frame): Value {
    if (this.nesting >= MAX_NESTING) return EMPTY;
    this.budget?.check('the dataflow analysis');
    this.nesting++;
    try {
      return evalExpression(this, e, frame);
    } finally {
      this.nesting--;
    }
  }

  /** Evaluates call arguments (used by calls.ts). */
  evalArgs(args: Arg[], frame: Frame): Value[] {
    return args.map((a) => this.evalExpr(a.value, frame));
  }

  /**
   * Applies a function's summary at a call: parameters replaced by the argument values, and for
   * a method called on a known instance (`receiver`), `self.X` replaced by that instance's field.
   * What the method writes to `self.X` is written to the receiver's variable (`receiverExpr`).
   */
  applySummary(fn: FunctionRef, args: Arg[], values: Value[], callSpan: Span, frame: Frame, bound: boolean, receiver?: Value, receiverExpr?: Expr): Value {
    const summary = this.summaryOf(fn);
    const params = fn.decl.params;
    const offset = bound && this.module.language === 'python' && fn.owner && !isStatic(fn.decl) ? 1 : 0;
    const byParam = new Map<number, { value: Value; span: Span }>();
    let pos = 0;
    args.forEach((a, i) => {
      const value = values[i];
      if (a.kind === 'kw') {
        const idx = params.findIndex((p) => p.pattern.k === 'name' && p.pattern.name === a.name);
        const kwRest = params.findIndex((p) => p.kind === 'starstar');
        const target = idx >= 0 ? idx : kwRest;
        if (target >= 0) byParam.set(target, mergeArg(byParam.get(target), value, a.span));
        return;
      }
      const paramIndex = pos + offset;
      const rest = params.findIndex((p) => p.kind === 'star');
      const target = rest >= 0 && paramIndex >= rest ? rest : paramIndex;
      byParam.set(target, mergeArg(byParam.get(target), a.kind === 'pos' ? value : flatten(value), a.span));
      pos++;
    });
    const name = fnLabel(fn);
    if (!bound && [...byParam.values()].some((a) => a.value.refs.length > 0 || a.value.fn || a.value.cls)) {
      const params = fn.decl.params.map((_, i) => {
        const a = byParam.get(i);
        return a ? addStep(a.value, { span: a.span, note: `passed to ${name}()` }) : EMPTY;
      });
      const run = this.runConcrete(fn, params, frame);
      if (run) return withSpan(run.returns, callSpan);
    }
    const receiverIsSelf = receiverExpr?.k === 'name' && (receiverExpr.name === frame.selfName || receiverExpr.name === 'this') && !!frame.self;
    let instance = receiver;
    const substitute = (t: Taint): Taint[] => {
      const field = /^field:(.+)$/.exec(t.label);
      if (field) {
        // `self.X` inside the method: the caller's own `self.X` stays symbolic; a known instance gives its field.
        if (receiverIsSelf) return [t];
        const value = instance?.fields?.get(field[1]);
        return value ? deepTaints(value).map((at) => ({ label: at.label, steps: [...at.steps, ...t.steps].slice(0, 40), cleared: [...new Set([...at.cleared, ...t.cleared])] })) : [];
      }
      const m = /^param:(\d+)$/.exec(t.label);
      if (!m) return [t];
      const arg = byParam.get(Number(m[1]));
      if (!arg) return [];
      return deepTaints(arg.value).map((at) => ({
        label: at.label,
        steps: [...extendTaint(at, { span: arg.span, note: `passed to ${name}()` }).steps, ...t.steps].slice(0, 40),
        cleared: [...new Set([...at.cleared, ...t.cleared])],
      }));
    };
    if (summary.selfWrites.size && instance && !receiverIsSelf) {
      for (const [field, v] of summary.selfWrites) instance = setField(instance, field, mapTaints(v, substitute));
      if (receiverExpr?.k === 'name') frame.env.assignExisting(receiverExpr.name, instance);
    } else if (receiverIsSelf && frame.selfWrites) {
      for (const [field, v] of summary.selfWrites) frame.selfWrites.set(field, mapTaints(v, substitute));
    }
    for (const h of summary.hits) {
      for (const t of substitute(h.taint)) this.hit({ ...h, taint: t }, frame);
    }
    return withSpan(mapTaints(summary.returns, substitute), callSpan);
  }

  /** The instance a constructor builds: its fields are what the constructor assigns, per argument. */
  constructInstance(cls: ClassInfo, ctor: FunctionRef | undefined, args: Arg[], values: Value[], callSpan: Span, frame: Frame): Value {
    const instance: Value = { taints: [], refs: [`cls:${cls.decl.name ?? 'anonymous'}()`], cls, span: callSpan, fields: new Map() };
    if (!ctor) return instance;
    const scratch: Frame = { ...frame, env: frame.env.child() };
    scratch.env.set('$new', instance);
    this.applySummary(ctor, args, values, callSpan, scratch, true, instance, { k: 'name', name: '$new', span: callSpan });
    return scratch.env.get('$new') ?? instance;
  }

  /**
   * Runs a callback with concrete parameter values (`.then(r => ...)`, `.map(x => ...)`). What it
   * does with the caller's own parameters goes into the caller's summary.
   */
  runCallback(fn: FunctionRef, params: Value[], frame: Frame): Value {
    return this.runConcrete(fn, params, frame)?.returns ?? EMPTY;
  }

  /**
   * Runs a function with the actual argument values instead of applying its summary: used when
   * an argument is an object the function calls into (an LLM client, a callback, a module), which
   * a summary cannot know. Bounded per function and in depth; undefined when over the bound.
   */
  runConcrete(fn: FunctionRef, params: Value[], frame: Frame, self?: Value): Summary | undefined {
    const count = this.concreteRuns.get(fn.id) ?? 0;
    if (this.callbackDepth >= MAX_CALLBACK_DEPTH || count >= MAX_CONCRETE_RUNS) return undefined;
    if (this.runs++ > MAX_FUNCTION_RUNS) {
      this.capped = true;
      return undefined;
    }
    this.concreteRuns.set(fn.id, count + 1);
    this.callbackDepth++;
    try {
      if (!this.summaries.has(fn.id)) this.summaries.set(fn.id, 'computing');
      const result = this.runFunction(fn, params, self);
      if (this.summaries.get(fn.id) === 'computing') this.summaries.delete(fn.id);
      for (const h of result.hits) this.hit(h, frame);
      return result;
    } finally {
      this.callbackDepth--;
    }
  }
}

// ------------------------------------------------------------------ helpers

function emptyFacts(): Facts {
  return { hits: [], checks: [], callSites: [], modelSources: [] };
}

function fnLabel(fn: FunctionRef): string {
  const name = fn.decl.name ?? 'an anonymous function';
  return fn.owner?.decl.name ? `${fn.owner.decl.name}.${name}` : name;
}

function isStatic(decl: FunctionDecl): boolean {
  return decl.decorators.some((d) => d.k === 'name' && d.name === 'staticmethod');
}

function mergeArg(prev: { value: Value; span: Span } | undefined, value: Value, span: Span): { value: Value; span: Span } {
  return prev ? { value: join(prev.value, value), span: prev.span } : { value, span };
}
