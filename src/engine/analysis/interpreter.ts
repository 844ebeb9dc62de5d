/**
 * The dataflow analysis: an abstract interpreter over the IR. It walks statements in order,
 * keeps an abstract value per variable (taints with their paths, qualified names, fields, list
 * items, constants), and reports when a tainted value reaches a sink.
 *
 * Functions are analysed once with symbolic parameters (`param:N` taints). The result is a
 * summary: what each parameter contributes to the return value and which sinks it reaches.
 * Calls in the same file apply the summary, so flows through helper functions are found with
 * their whole path. Summaries are plain data, which is what cross-file analysis will compose.
 */
import type { Arg, ClassStmt, Expr, FunctionDecl, ModuleIR, Pattern, Stmt } from '../ir';
import type { Span } from '../span';
import { Env } from './env';
import { guardedNames } from './guards';
import { evalCall } from './calls';
import { handlerParamTaints, noteRouteRegistration } from './handlers';
import type { RuleSet } from './ruleset';
import {
  EMPTY,
  addStep,
  clear,
  combine,
  constantValue,
  deepTaints,
  extendTaint,
  flatten,
  join,
  joinAll,
  mergeTaints,
  refValue,
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
/** Constant strings built with `+` stop being tracked past this length (`s = s + s` doubles). */
const MAX_CONSTANT_LENGTH = 100_000;

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
  private readonly classes: ClassInfo[] = [];
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
    const fn: FunctionRef = { decl, id: this.nextId++, owner, chunk: this.owner };
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
      this.bind(p.pattern, v, frame);
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

  // ------------------------------------------------------------------ statements

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

  private execStmt(s: Stmt, frame: Frame): boolean {
    this.budget?.check('the dataflow analysis', 8);
    if (this.nesting >= MAX_NESTING) return false;
    this.nesting++;
    try {
      return this.execStmtAt(s, frame);
    } finally {
      this.nesting--;
    }
  }

  private execStmtAt(s: Stmt, frame: Frame): boolean {
    switch (s.k) {
      case 'assign':
        this.execAssign(s.target, s.value, s.op, s.span, frame);
        return false;
      case 'expr': {
        this.evalExpr(s.expr, frame);
        return isExitCall(s.expr);
      }
      case 'return':
        frame.returns.push(s.value ? this.evalExpr(s.value, frame) : EMPTY);
        return true;
      case 'exit':
        if (s.value) this.evalExpr(s.value, frame);
        return true;
      case 'if':
        return this.execIf(s.test, s.then, s.else, frame);
      case 'loop':
        this.execLoop(s, frame);
        return false;
      case 'try': {
        const before = frame.env.fork();
        const exitsBody = this.execBlock(s.body, frame);
        if (!exitsBody) this.execBlock(s.else, frame);
        let allExit = exitsBody;
        for (const h of s.handlers) {
          const hf: Frame = { ...frame, env: before.fork() };
          hf.env.mergeFrom(before, frame.env);
          if (h.name) this.bind(h.name, EMPTY, hf);
          const exits = this.execBlock(h.body, hf);
          if (!exits) frame.env.mergeFrom(frame.env, hf.env);
          allExit = allExit && exits;
        }
        const exitsFinally = this.execBlock(s.finally, frame);
        return exitsFinally || (allExit && s.handlers.length > 0);
      }
      case 'with':
        for (const item of s.items) {
          const v = this.evalExpr(item.value, frame);
          if (item.target) this.bind(item.target, v, frame);
        }
        return this.execBlock(s.body, frame);
      case 'func': {
        const fn = this.makeFunction(s.fn, frame.env, undefined);
        this.applyDecorators(fn, frame);
        if (s.fn.name) frame.env.set(s.fn.name, { taints: [], refs: [], fn, span: s.fn.nameSpan ?? s.span });
        return false;
      }
      case 'class':
        this.execClass(s, frame);
        return false;
      case 'import':
        this.execImport(s.module, s.names, frame);
        return false;
      case 'block':
        return this.execBlock(s.body, frame);
    }
  }

  private execIf(test: Expr, thenBody: Stmt[], elseBody: Stmt[], frame: Frame): boolean {
    this.evalExpr(test, frame);
    const guards = guardedNames(test, this, frame);
    const thenFrame: Frame = { ...frame, env: frame.env.fork() };
    const elseFrame: Frame = { ...frame, env: frame.env.fork() };
    this.narrow(guards.whenTrue, thenFrame);
    this.narrow(guards.whenFalse, elseFrame);
    const thenExits = this.execBlock(thenBody, thenFrame);
    const elseExits = this.execBlock(elseBody, elseFrame);
    if (thenExits && elseExits) return true;
    if (thenExits) frame.env.adopt(elseFrame.env);
    else if (elseExits) frame.env.adopt(thenFrame.env);
    else frame.env.mergeFrom(thenFrame.env, elseFrame.env);
    return false;
  }

  /** In a branch where a check validated a variable (or one of its attributes), it no longer carries untrusted data. */
  private narrow(names: string[], frame: Frame): void {
    for (const path of names) {
      const [name, ...fields] = path.split('.');
      const v = frame.env.get(name);
      if (!v) continue;
      frame.env.set(name, fields.length ? clearPath(v, fields, (x) => clear(x, 'validation')) : clear(v, 'validation'));
    }
  }

  private execLoop(s: Extract<Stmt, { k: 'loop' }>, frame: Frame): void {
    const before = frame.env.fork();
    const iter = s.iter ? this.evalExpr(s.iter, frame) : undefined;
    const element = iter ? elementOf(iter, s.overKeys ?? false, s.iter!.span, s.isAsync) : undefined;
    // Two rounds: values assigned late in the body reach uses early in it on the next iteration.
    const rounds = this.loopDepth < MAX_REPEATED_LOOP_DEPTH ? 2 : 1;
    this.loopDepth++;
    try {
      for (let round = 0; round < rounds; round++) {
        if (s.test) this.evalExpr(s.test, frame);
        if (s.target && element) this.bind(s.target, element, frame);
        this.execBlock(s.body, { ...frame });
      }
    } finally {
      this.loopDepth--;
    }
    frame.env.mergeFrom(before, frame.env);
    this.execBlock(s.else, frame);
  }

  private execClass(s: ClassStmt, frame: Frame): void {
    const info: ClassInfo = {
      decl: s,
      id: this.nextId++,
      methods: new Map(),
      baseRefs: s.bases.flatMap((b) => this.evalExpr(b, frame).refs),
      instanceFields: new Map(),
    };
    this.classes.push(info);
    for (const d of s.decorators) this.evalExpr(d, frame);
    const classFrame: Frame = { ...frame, env: frame.env.child(), self: instanceOf(info), selfName: 'this' };
    for (const member of s.body) {
      if (member.k === 'func') {
        const fn = this.makeFunction(member.fn, frame.env, info);
        if (member.fn.name) info.methods.set(member.fn.name, fn);
        this.applyDecorators(fn, frame);
      } else if (member.k === 'assign') {
        // Class attributes and JS fields (`this.x = ...`): readable through the instance.
        const v = this.evalExpr(member.value, classFrame);
        const name = member.target.k === 'name' ? member.target.name : member.target.k === 'attr' ? member.target.name : undefined;
        if (name) info.instanceFields.set(name, v);
      } else {
        this.execStmt(member, classFrame);
      }
    }
    if (s.name) frame.env.set(s.name, { taints: [], refs: [`cls:${s.name}`], cls: info, span: s.span });
    // Constructors run first so fields they set are known in the other methods.
    const ctor = info.methods.get('__init__') ?? info.methods.get('constructor');
    if (ctor) this.summaryOf(ctor);
  }

  private applyDecorators(fn: FunctionRef, frame: Frame): void {
    for (const d of fn.decl.decorators) {
      const callee = d.k === 'call' ? d.callee : d;
      const v = this.evalExpr(callee, frame);
      const args = d.k === 'call' ? d.args.map((a) => this.evalExpr(a.value, frame)) : [];
      const path = typeof args[0]?.constant === 'string' ? args[0].constant : undefined;
      noteRouteRegistration(this, v.refs, 'decorator', [fn], path);
    }
  }

  private execImport(module: string, names: { imported: string | null; local: string; span: Span }[], frame: Frame): void {
    const mod = normaliseModule(module);
    for (const n of names) {
      if (!n.local) continue;
      let ref: string;
      if (n.imported === null) ref = mod.startsWith(n.local + '.') ? n.local : mod;
      else if (n.imported === 'default') ref = mod;
      else if (n.imported === '*') continue;
      else ref = `${mod}.${n.imported}`;
      frame.env.set(n.local, refValue([ref], n.span));
    }
  }

  private execAssign(target: Pattern, valueExpr: Expr, op: string | undefined, span: Span, frame: Frame): void {
    let v = this.evalExpr(valueExpr, frame);
    if (op) v = combine([this.evalPatternAsExpr(target, frame), v], span);
    if (target.k === 'attr') this.checkPropertySink(target.name, v, valueExpr.span, frame);
    this.checkEnvAssignment(target, v, span, frame);
    this.bind(target, v, frame, span);
  }

  private evalPatternAsExpr(target: Pattern, frame: Frame): Value {
    if (target.k === 'name') return frame.env.get(target.name) ?? EMPTY;
    if (target.k === 'attr') return this.attrOf(this.evalExpr(target.obj, frame), target.name, target.span, frame, target.obj);
    if (target.k === 'index') return flatten(this.evalExpr(target.obj, frame));
    return EMPTY;
  }

  private checkPropertySink(name: string, v: Value, span: Span, frame: Frame): void {
    const sinks = this.rules.propertySinks.get(name);
    if (!sinks) return;
    for (const sink of sinks) {
      for (const t of deepTaints(v)) {
        this.hit({ ruleId: sink.rule.spec.id, sinkSpan: span, sinkNote: `assigned to .${name}`, taint: t, sinkLabel: sink.spec.label }, frame);
      }
    }
  }

  /** `os.environ["HF_ENDPOINT"] = "http://..."`, `process.env.OPENAI_BASE_URL = ...`. */
  private checkEnvAssignment(target: Pattern, v: Value, span: Span, frame: Frame): void {
    if (!this.rules.envChecks.length || typeof v.constant !== 'string') return;
    let name: string | undefined;
    let envRefs: string[] = [];
    if (target.k === 'index') {
      name = stringConstantOf(this.evalExpr(target.index, frame));
      envRefs = this.evalExpr(target.obj, frame).refs;
    } else if (target.k === 'attr') {
      name = target.name;
      envRefs = this.evalExpr(target.obj, frame).refs;
    }
    if (!name || !envRefs.some((r) => r === 'os.environ' || r === 'process.env')) return;
    for (const check of this.rules.envChecks) {
      if (check.names.has(name) && v.constant.length < 4096 && check.re.test(v.constant)) {
        this.emitCheck({ ruleId: check.rule.spec.id, span, detail: check.label ?? name, callSpan: span });
      }
    }
  }

  /** Binds a pattern to a value: names, destructuring, attribute and index targets. */
  bind(p: Pattern, v: Value, frame: Frame, assignSpan?: Span): void {
    switch (p.k) {
      case 'name': {
        const stepped = assignSpan && deepTaints(v).length ? addStep(v, { span: p.span, note: `assigned to ${p.name}` }) : v;
        frame.env.set(p.name, stepped);
        return;
      }
      case 'attr': {
        if (p.obj.k === 'name' && (p.obj.name === frame.selfName || p.obj.name === 'this') && frame.self?.cls) {
          // Instance fields are shared by all methods, so they keep only concrete data: a
          // parameter of one method means nothing inside another.
          const fields = frame.self.cls.instanceFields;
          const concrete = withoutSymbolic(v);
          const prev = fields.get(p.name);
          fields.set(p.name, prev ? join(prev, concrete) : concrete);
          // What this method writes, per instance, for the callers that know which instance it is.
          frame.selfWrites?.set(p.name, v);
          return;
        }
        if (p.obj.k === 'name') {
          const owner = frame.env.get(p.obj.name);
          if (owner) frame.env.assignExisting(p.obj.name, setField(owner, p.name, v));
        } else {
          this.evalExpr(p.obj, frame);
        }
        return;
      }
      case 'index': {
        const key = this.evalExpr(p.index, frame);
        if (p.obj.k === 'name') {
          const owner = frame.env.get(p.obj.name) ?? EMPTY;
          const updated =
            typeof key.constant === 'string' || typeof key.constant === 'number'
              ? setField(owner, String(key.constant), v)
              : { ...owner, taints: mergeTaints(owner.taints, deepTaints(v)) };
          frame.env.assignExisting(p.obj.name, updated);
        } else {
          this.evalExpr(p.obj, frame);
        }
        return;
      }
      case 'tuple': {
        p.items.forEach((item, i) => {
          if (item.k === 'rest') this.bind(item.target, { ...flatten(v), items: v.items?.slice(i) }, frame, assignSpan);
          else this.bind(item, v.items?.[i] ?? elementOf(v, false, p.span, false), frame, assignSpan);
        });
        return;
      }
      case 'object':
        for (const prop of p.props) {
          if (prop.value.k === 'rest') this.bind(prop.value.target, v, frame, assignSpan);
          else this.bind(prop.value, prop.key !== null ? this.attrOf(v, prop.key, p.span, frame) : flatten(v), frame, assignSpan);
        }
        return;
      case 'rest':
        this.bind(p.target, v, frame, assignSpan);
        return;
      case 'default': {
        const fallback = this.evalExpr(p.value, frame);
        this.bind(p.target, v.constant === undefined && !v.refs.length && !deepTaints(v).length ? join(v, fallback) : v, frame, assignSpan);
        return;
      }
      case 'unknown':
        return;
    }
  }

  // ------------------------------------------------------------------ expressions

  evalExpr(e: Expr, frame: Frame): Value {
    if (this.nesting >= MAX_NESTING) return EMPTY;
    this.budget?.check('the dataflow analysis');
    this.nesting++;
    try {
      return this.evalExprAt(e, frame);
    } finally {
      this.nesting--;
    }
  }

  private evalExprAt(e: Expr, frame: Frame): Value {
    switch (e.k) {
      case 'name':
        return this.evalName(e.name, e.span, frame);
      case 'attr':
        return this.attrOf(this.evalExpr(e.obj, frame), e.name, e.span, frame, e.obj);
      case 'index': {
        const obj = this.evalExpr(e.obj, frame);
        const key = this.evalExpr(e.index, frame);
        return this.indexOf(obj, key, e.span);
      }
      case 'call':
        return evalCall(this, e, frame);
      case 'str':
        if (e.value !== null && !e.parts.length) return constantValue(e.value, e.span);
        return combine(e.parts.map((p) => this.evalExpr(p, frame)), e.span, 'formatted into a string');
      case 'lit':
        return constantValue(e.kind === 'regex' ? String(e.value) : e.value, e.span);
      case 'op':
        return this.evalOp(e.op, e.args, e.span, frame);
      case 'seq': {
        let items: Value[] = [];
        for (const item of e.items) {
          const v = this.evalExpr(item, frame);
          if (item.k === 'spread') items = items.concat(v.items ?? [flatten(v)]);
          else items.push(v);
        }
        return { taints: [], refs: [], items: items.slice(0, 24), span: e.span };
      }
      case 'dict': {
        let v: Value = { taints: [], refs: [], fields: new Map(), span: e.span };
        for (const entry of e.entries) {
          const value = this.evalExpr(entry.value, frame);
          if (entry.spread) {
            for (const [k, f] of value.fields ?? []) v = setField(v, k, f);
            // Spreading something unknown (a module, a parameter) means the keys are not an explicit table.
            v = { ...v, taints: mergeTaints(v.taints, value.taints), refs: value.fields ? v.refs : [...v.refs, ...value.refs, ...(value.refs.length ? [] : ['{...}'])] };
          } else if (entry.key !== null) {
            v = setField(v, entry.key, value);
          } else {
            if (entry.keyExpr) this.evalExpr(entry.keyExpr, frame);
            v = { ...v, taints: mergeTaints(v.taints, deepTaints(value)) };
          }
        }
        return v;
      }
      case 'func': {
        const fn = this.makeFunction(e.fn, frame.env, frame.self?.cls);
        return { taints: [], refs: [], fn, span: e.span };
      }
      case 'await':
        return withSpan(this.evalExpr(e.expr, frame), e.span);
      case 'spread':
        return this.evalExpr(e.expr, frame);
      case 'comp':
        return this.evalComprehension(e, frame);
      case 'jsx':
        this.evalJsx(e, frame);
        return { taints: [], refs: [], span: e.span };
      case 'unknown':
        return combine(e.children.map((c) => this.evalExpr(c, frame)), e.span);
    }
  }

  private evalName(name: string, span: Span, frame: Frame): Value {
    if (name === 'this' && frame.self) return withSpan(frame.self, span);
    const bound = frame.env.get(name);
    if (bound) {
      // An imported source (`from flask import request`) is tainted where it is read, so the path starts there.
      let v = withSpan(bound, span);
      if (!v.fn && !v.cls) for (const ref of v.refs) v = this.sourceTaintOfRef(v, ref);
      return v;
    }
    // A global or builtin: its own name is its qualified name (`eval`, `fetch`, `process`).
    return this.sourceTaintOfRef(refValue([name], span), name);
  }

  /** Adds the taint of a source when `ref` names untrusted data (`flask.request`, `process.argv`). */
  sourceTaintOfRef(v: Value, ref: string): Value {
    const source = this.rules.sourceForValue(ref);
    if (!source) return v;
    const taint: Taint = { label: source.label, steps: [{ span: v.span ?? { start: 0, end: 0 }, note: source.description }], cleared: [] };
    const kept = source.replaces.length ? v.taints.filter((t) => !source.replaces.includes(t.label)) : v.taints;
    return { ...v, taints: mergeTaints(kept, [taint]) };
  }

  attrOf(obj: Value, name: string, span: Span, frame: Frame, objExpr?: Expr): Value {
    const isSelf = objExpr?.k === 'name' && frame.self?.cls && (objExpr.name === frame.selfName || objExpr.name === 'this');
    const cls = obj.cls;
    const known = obj.fields?.get(name);
    if (known && !isSelf) return withSpan(known, span);
    if (cls) {
      if (isSelf) {
        // Inside a method: what this method set, else what any method set (concrete), plus the
        // symbolic `field:X` that a caller replaces with what it knows of its instance.
        const local = frame.selfWrites?.get(name);
        if (local) return withSpan(local, span);
        const shared = cls.instanceFields.get(name);
        const symbolic: Value = { taints: [{ label: `field:${name}`, steps: [{ span, note: `read from self.${name}` }], cleared: [] }], refs: [] };
        if (shared || !findMethod(cls, name)) return withSpan(join(shared ?? EMPTY, symbolic), span);
      } else {
        const field = cls.instanceFields.get(name);
        if (field && obj.refs.some((r) => r.startsWith('cls:'))) return withSpan(field, span);
      }
      const method = findMethod(cls, name);
      if (method) return { taints: [], refs: [], fn: method, span };
    }
    // `request.user`, `request.method`: set by the server, not by whoever sent the request.
    const taints = obj.taints.some((t) => this.rules.trustedAttribute(t.label, name)) ? obj.taints.filter((t) => !this.rules.trustedAttribute(t.label, name)) : obj.taints;
    let v: Value = { taints, refs: obj.refs.map((r) => `${r}.${name}`), span, meta: obj.meta };
    for (const ref of v.refs) v = this.sourceTaintOfRef(v, ref);
    for (const spec of this.rules.sourceAttributes.get(name) ?? []) {
      // `req.file` of a request: an uploaded file, a more specific source than the request.
      const replaced = v.taints.filter((t) => spec.replaces.includes(t.label));
      if (!replaced.length) continue;
      const relabelled = replaced.map((t) => extendTaint({ ...t, label: spec.label }, { span, note: spec.description }));
      v = { ...v, taints: mergeTaints(v.taints.filter((t) => !spec.replaces.includes(t.label)), relabelled) };
    }
    return v;
  }

  indexOf(obj: Value, key: Value, span: Span): Value {
    if (key.constant !== undefined && key.constant !== null) {
      const field = obj.fields?.get(String(key.constant));
      if (field) return withSpan(field, span);
      if (typeof key.constant === 'number' && obj.items?.length) {
        const i = key.constant < 0 ? obj.items.length + key.constant : key.constant;
        const item = obj.items[i];
        if (item) return withSpan(item, span);
      }
    }
    return { taints: deepTaints(obj), refs: obj.refs.map((r) => `${r}[]`), span };
  }

  private evalOp(op: string, args: Expr[], span: Span, frame: Frame): Value {
    const values = args.map((a) => this.evalExpr(a, frame));
    switch (op) {
      case '?:':
        return withSpan(join(values[1] ?? EMPTY, values[2] ?? EMPTY), span);
      case 'and':
      case 'or':
      case '&&':
      case '||':
      case '??':
        return withSpan(joinAll(values), span);
      case '|': {
        // LangChain pipes `prompt | llm | parser`: the chain is all of its parts.
        const v = joinAll(values);
        return { ...v, span };
      }
      case '+': {
        const [a, b] = values;
        if (a && b && typeof a.constant === 'string' && typeof b.constant === 'string' && a.constant.length + b.constant.length <= MAX_CONSTANT_LENGTH) {
          return constantValue(a.constant + b.constant, span);
        }
        if (a?.items && b?.items) return { taints: [], refs: [], items: [...a.items, ...b.items].slice(0, 24), span };
        return combine(values, span);
      }
      case '%':
      case '+=':
        return combine(values, span, op === '%' ? 'formatted into a string' : undefined);
      case 'yield':
        if (values[0]) frame.returns.push(values[0]);
        return EMPTY;
      case ',':
        return values[values.length - 1] ?? EMPTY;
      case ':=': {
        const target = args[0];
        const v = values[1] ?? EMPTY;
        if (target?.k === 'name') frame.env.set(target.name, v);
        return v;
      }
      default:
        // Comparisons, arithmetic, `not`, `typeof`: the result is a number or a boolean.
        return { taints: [], refs: [], span };
    }
  }

  private evalComprehension(e: Extract<Expr, { k: 'comp' }>, frame: Frame): Value {
    const inner: Frame = { ...frame, env: frame.env.fork() };
    for (const g of e.generators) {
      const iter = this.evalExpr(g.iter, inner);
      this.bind(g.target, elementOf(iter, false, g.iter.span, false), inner);
      for (const c of g.conds) this.evalExpr(c, inner);
    }
    const elt = this.evalExpr(e.elt, inner);
    if (e.keyElt) {
      const key = this.evalExpr(e.keyElt, inner);
      return { taints: mergeTaints(deepTaints(key), deepTaints(elt)), refs: [], span: e.span };
    }
    return { taints: [], refs: [], items: [elt], span: e.span };
  }

  private evalJsx(e: Extract<Expr, { k: 'jsx' }>, frame: Frame): void {
    for (const attr of e.attrs) {
      if (!attr.value) continue;
      const v = this.evalExpr(attr.value, frame);
      const sinks = attr.name ? this.rules.jsxSinks.get(attr.name) : undefined;
      for (const sink of sinks ?? []) {
        for (const t of deepTaints(v)) {
          this.hit({ ruleId: sink.rule.spec.id, sinkSpan: attr.value.span, sinkNote: `rendered as HTML through ${attr.name}`, taint: t, sinkLabel: sink.spec.label }, frame);
        }
      }
    }
    for (const c of e.children) this.evalExpr(c, frame);
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

function instanceOf(cls: ClassInfo): Value {
  return { taints: [], refs: [`cls:${cls.decl.name ?? 'anonymous'}()`], cls };
}

function findMethod(cls: ClassInfo, name: string): FunctionRef | undefined {
  return cls.methods.get(name);
}

function mergeArg(prev: { value: Value; span: Span } | undefined, value: Value, span: Span): { value: Value; span: Span } {
  return prev ? { value: join(prev.value, value), span: prev.span } : { value, span };
}

function stringConstantOf(v: Value): string | undefined {
  return typeof v.constant === 'string' ? v.constant : undefined;
}

/** The value with the field at `path` replaced by `update` of it (creating the field from the value's data). */
function clearPath(v: Value, path: string[], update: (x: Value) => Value): Value {
  const [head, ...rest] = path;
  const current = v.fields?.get(head) ?? { taints: v.taints, refs: v.refs.map((r) => `${r}.${head}`) };
  return setField(v, head, rest.length ? clearPath(current, rest, update) : update(current));
}

function isSymbolic(t: Taint): boolean {
  return t.label.startsWith('param:') || t.label.startsWith('field:');
}

function withoutSymbolic(v: Value): Value {
  return mapTaints(v, (t) => (isSymbolic(t) ? [] : [t]));
}

function mapTaints(v: Value, fn: (t: Taint) => Taint[]): Value {
  const out: Value = { ...v, taints: v.taints.flatMap(fn) };
  if (v.fields) {
    const fields = new Map<string, Value>();
    for (const [k, f] of v.fields) fields.set(k, mapTaints(f, fn));
    out.fields = fields;
  }
  if (v.items) out.items = v.items.map((i) => mapTaints(i, fn));
  return out;
}

/** What iterating over a value yields: its items, or the value itself (a stream's chunks). */
export function elementOf(v: Value, overKeys: boolean, span: Span, isAsync: boolean): Value {
  if (overKeys) return { taints: [], refs: [], span };
  if (v.items?.length) {
    const joined = joinAll(v.items);
    return addStep({ ...joined, taints: mergeTaints(joined.taints, v.taints) }, { span, note: isAsync ? 'read from the stream' : 'iterated' });
  }
  if (!deepTaints(v).length) return { taints: [], refs: v.refs.map((r) => `${r}[]`), span };
  return addStep({ taints: deepTaints(v), refs: v.refs.map((r) => `${r}[]`), span }, { span, note: isAsync ? 'read from the stream' : 'iterated' });
}

/** `sys.exit()`, `abort()`, `process.exit()`, `raise_for_status` don't return to the next line. */
export function isExitCall(e: Expr): boolean {
  if (e.k !== 'call') return false;
  const c = e.callee;
  const name = c.k === 'name' ? c.name : c.k === 'attr' ? c.name : '';
  if (c.k === 'name' && (name === 'abort' || name === 'exit' || name === 'quit')) return true;
  if (c.k === 'attr' && name === 'exit' && c.obj.k === 'name' && (c.obj.name === 'sys' || c.obj.name === 'process' || c.obj.name === 'os')) return true;
  if (c.k === 'attr' && name === '_exit' && c.obj.k === 'name' && c.obj.name === 'os') return true;
  return false;
}

