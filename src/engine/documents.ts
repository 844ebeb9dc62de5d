/**
 * Incremental analysis of open documents, for diagnostics while the user types. A document is
 * kept as chunks (its top-level statements, document-chunks.ts). An edit re-parses and lowers
 * only the chunks it touches, re-analyses only the chunks whose facts it can change
 * (affected-chunks.ts) together with the chunks those read, and rebuilds the findings from the
 * drafts kept for every other chunk. The result is what analysing the whole text gives
 * (test/incremental.test.ts compares the two after random edits).
 *
 * Quick fixes can be computed with the findings (`fixes: 'eager'`) or when asked for
 * (`fixes: 'lazy'`, `fixesFor`): the editor needs them only where the user asks.
 */
import * as path from 'node:path';
import type { Tree } from 'web-tree-sitter';
import type { LanguageId, ModuleIR, Stmt } from './ir';
import type { FileResult, Fix, Finding, Location, ScanNotice } from './findings';
import type { Engine } from './engine';
import type { CallSiteFact, Facts, ModelSourceFact } from './analysis/facts';
import { parse, parseFailureReason } from './parser';
import { LineIndex, type Span } from './span';
import { AnalysisBudget, BudgetExceededError } from './budget';
import { chunksIsolatingErrors } from './error-isolation';
import { chunkEnd, groupAroundErrors, materialise, moduleOfChunks, parseRegion, touchedRegion, widenRegion, type Chunk, type Region, type TextEditSpan } from './document-chunks';
import { ChunkIndex } from './analysis/affected-chunks';
import { Interpreter } from './analysis/interpreter';
import { factDrafts, finishFindings, fixContext, inventory, secretDrafts, secretsIn, suppressionDrafts, type Draft, type DraftEntry } from './build-findings';
import { parseSuppressions } from './suppressions';
import { markExported } from './lower/javascript';
import { fixesFor } from './fixes';
import type { MovingEdit } from './result-delta';
import type { RuleSet } from './analysis/ruleset';

/** A text change as editors report it: the replaced range in the old text, and the new text. */
export interface TextChange {
  /** Offset (UTF-16) where the replaced range starts in the old text. */
  rangeOffset: number;
  /** Length of the replaced range in the old text. */
  rangeLength: number;
  text: string;
}

/** A finding of a document's last result, as the editor names it when asking for its fixes. */
export interface FindingRef {
  ruleId: string;
  startOffset: number;
  endOffset: number;
  fingerprint: string;
}

export interface DocumentOptions {
  /** 'eager': findings come with their quick fixes; 'lazy': ask `fixesFor` (the editor). */
  fixes?: 'eager' | 'lazy';
}

/** How the last analysis of a document went (tests and benchmarks read it). */
export interface AnalysisStats {
  /** True when every chunk was analysed again. */
  full: boolean;
  /** Why, when full: 'open', 'imports' (the file's imports or class methods changed), 'exports', 'reparse', 'stale'. */
  reason?: string;
  /** Chunks parsed and lowered again, chunks whose facts were recomputed, chunks the analysis ran. */
  lowered: number;
  affected: number;
  needed: number;
  chunks: number;
  /** Milliseconds per phase of the last analysis. */
  ms: Phases;
}

export interface Phases {
  parse: number;
  lower: number;
  deps: number;
  analysis: number;
  findings: number;
}

/** What a chunk's analysis found, as drafts and inventory, in the document's current offsets. */
interface Owned {
  drafts: Draft[];
  callSites: CallSiteFact[];
  modelSources: ModelSourceFact[];
}

interface DocumentState {
  file: string;
  language: LanguageId;
  text: string;
  lines: LineIndex;
  /** Undefined when the text could not be parsed (too large, parse timeout): the next change parses it all. */
  chunks?: Chunk[];
  owned: Map<number, Owned>;
  /** Who reads and writes which module name, by chunk: kept in step with `chunks`. */
  index: ChunkIndex;
  secrets: Map<number, Draft[]>;
  /** What every chunk's analysis reads from the whole file: the imports, class method names, `export` lists. */
  globals: string;
  /** The names of the file's `export { ... }` lists. */
  exports: string;
  /** The last analysis cannot be built on (cut short by a bound or the time budget). */
  stale: boolean;
  /** What findings need of each kept draft (see DraftEntry), moved with the drafts. */
  entries: WeakMap<Draft, DraftEntry>;
  /** The last edit's lines in the old text, and how many lines it added (negative: removed). */
  editLines: EditLines;
  lastEdit?: MovingEdit;
  /** Time spent per phase in the analysis under way. */
  phases: Phases;
  /** The findings of the current text and their drafts, for `fixesFor`. */
  last?: { findings: Finding[]; drafts: Draft[]; module?: ModuleIR };
  stats: AnalysisStats;
}

/** A touched region with syntax errors is widened at most this many times, looking for a clean parse. */
const MAX_WIDENINGS = 2;

export class DocumentAnalyzer {
  private readonly docs = new Map<string, DocumentState>();
  private readonly fixes: 'eager' | 'lazy';

  constructor(
    private readonly engine: Engine,
    options: DocumentOptions = {},
  ) {
    this.fixes = options.fixes ?? 'eager';
  }

  /** Analyses a document's full text (first open, or when edits are not known). */
  async open(file: string, text: string, language: LanguageId, root?: string): Promise<FileResult> {
    this.close(file);
    const state: DocumentState = { file, language, text, lines: new LineIndex(text), owned: new Map(), index: new ChunkIndex(), secrets: new Map(), globals: '', exports: '', stale: true, entries: new WeakMap(), editLines: { first: 0, last: 0, delta: 0 }, phases: noPhases(), stats: fullStats('open', 0) };
    this.docs.set(file, state);
    return this.parseAll(state, root, performance.now(), 'open');
  }

  /**
   * Applies changes (in the order the editor reports them, each against the text after the
   * previous ones) and analyses the result.
   */
  async change(file: string, changes: TextChange[], language: LanguageId, root?: string): Promise<FileResult> {
    const state = this.docs.get(file);
    if (!state || state.language !== language) throw new Error(`document ${file} is not open`);
    const started = performance.now();
    state.phases = noPhases();
    const oldText = state.text;
    let text = oldText;
    for (const c of changes) text = text.slice(0, c.rangeOffset) + c.text + text.slice(c.rangeOffset + c.rangeLength);
    const edit = editSpan(oldText, text, changes);
    state.text = text;
    const oldLines = state.lines;
    state.lines = oldLines.afterEdit(text, edit.start, edit.oldEnd, edit.oldEnd - edit.start + edit.delta);
    state.editLines = { first: oldLines.position(edit.start).line, last: oldLines.position(edit.oldEnd).line, delta: state.lines.lineCount - oldLines.lineCount };
    state.lastEdit = { ...edit, firstLine: state.editLines.first, lastLine: state.editLines.last, lineDelta: state.editLines.delta };
    state.last = undefined;
    if (!state.chunks || this.engine.sizeNotice(file, text)) return this.parseAll(state, root, started, 'reparse');
    return this.reparseEdit(state, edit, root, started);
  }

  /** The text the analyzer holds for a document (to check it agrees with the editor's). */
  textOf(file: string): string | undefined {
    return this.docs.get(file)?.text;
  }

  /** How the last analysis of a document went. */
  statsOf(file: string): AnalysisStats | undefined {
    return this.docs.get(file)?.stats;
  }

  /** The last change of a document as one edit of the text before it (see result-delta.ts). */
  lastEditOf(file: string): MovingEdit | undefined {
    return this.docs.get(file)?.lastEdit;
  }

  /**
   * Quick fixes for findings of the document's current text, by their index in the last result
   * (all of them when `indices` is absent). Undefined when the document is not open.
   */
  fixesFor(file: string, indices?: number[]): Fix[][] | undefined {
    const state = this.docs.get(file);
    const last = state?.last;
    if (!state || !last) return undefined;
    last.module ??= moduleOf(state);
    const module = last.module;
    const wanted = indices ?? last.findings.map((_, i) => i);
    return wanted.map((i) => {
      const finding = last.findings[i];
      const draft = last.drafts[i];
      return finding && draft ? fixesFor(fixContext(finding, draft, state.text, state.lines, module)) : [];
    });
  }

  /**
   * Quick fixes for findings of the last result, named by rule, offsets and fingerprint.
   * Undefined when one of them is not in the last result (the document changed since).
   */
  fixesForFindings(file: string, targets: readonly FindingRef[]): Fix[][] | undefined {
    const findings = this.docs.get(file)?.last?.findings;
    if (!findings) return undefined;
    const indices: number[] = [];
    for (const t of targets) {
      const i = findings.findIndex((f) => f.ruleId === t.ruleId && f.location.startOffset === t.startOffset && f.location.endOffset === t.endOffset && f.fingerprint === t.fingerprint);
      if (i < 0) return undefined;
      indices.push(i);
    }
    return this.fixesFor(file, indices);
  }

  close(file: string): void {
    this.docs.delete(file);
  }

  closeAll(): void {
    for (const file of [...this.docs.keys()]) this.close(file);
  }

  // ------------------------------------------------------------------ parsing

  /**
   * The parse timeout for a parse that starts now: every parse of one change (the touched
   * region, its widenings, the whole text) shares the file's time budget.
   */
  private parseTimeout(started: number): number {
    return this.engine.parseTimeLeft(started);
  }

  /** Parses the whole text and analyses every chunk. */
  private async parseAll(state: DocumentState, root: string | undefined, started: number, reason: string): Promise<FileResult> {
    const { file, language, text } = state;
    const tooLarge = this.engine.sizeNotice(file, text);
    if (tooLarge) return this.unparsed(state, [tooLarge], started);
    let tree: Tree;
    let t = performance.now();
    try {
      tree = await parse(language, text, { timeoutMs: this.parseTimeout(started) });
      t = lap(state, 'parse', t);
    } catch (err) {
      return this.unparsed(state, [{ level: 'warning', reason: parseFailureReason(err), file, message: `${file}: not analysed, ${(err as Error).message}` }], started);
    }
    const budget = AnalysisBudget.from(started, this.engine.config.fileTimeoutMs);
    try {
      const chunks = await chunksIsolatingErrors(tree, text, language, state.lines, () => this.parseTimeout(started), budget);
      if (tree.rootNode.hasError) groupAroundErrors(chunks, false);
      markExported(chunks.flatMap((c) => c.body), new Set(chunks.flatMap((c) => c.exportedNames)));
      state.chunks = chunks;
      state.index = new ChunkIndex();
      for (const c of chunks) state.index.add(c);
      lap(state, 'lower', t);
    } catch (err) {
      state.chunks = undefined;
      return this.failed(state, err, started);
    } finally {
      tree.delete();
    }
    state.owned.clear();
    state.secrets.clear();
    return this.analyse(state, new Set(state.chunks.map((c) => c.id)), root, started, budget, fullStats(reason, state.chunks.length));
  }

  /**
   * Parses again the chunks the edit touched, on their own, widened until that gives what
   * parsing the whole text would (document-chunks.ts), then analyses what the edit can affect.
   */
  private async reparseEdit(state: DocumentState, edit: TextEditSpan, root: string | undefined, started: number): Promise<FileResult> {
    const old = state.chunks!;
    const budget = AnalysisBudget.from(started, this.engine.config.fileTimeoutMs);
    let t = performance.now();
    const region = await this.parseTouched(state, old, edit, started);
    if (!region) return this.parseAll(state, root, started, 'reparse');
    t = lap(state, 'parse', t);
    const replaced = old.slice(region.range.from, region.range.to);
    const kept = new Set<Chunk>();
    // Replaced chunks by where they start now: a region can hold tens of thousands of them.
    const byStart = new Map<number, Chunk[]>();
    for (const c of replaced) {
      const at = movedStart(c, edit);
      if (at >= 0) byStart.set(at, [...(byStart.get(at) ?? []), c]);
    }
    // A chunk is taken over when its text reappears where the edit moved it: its kept facts and
    // findings were moved the same way.
    const reuse = (chunkText: string, start: number): Chunk | undefined => {
      const found = byStart.get(start)?.find((c) => !kept.has(c) && c.text === chunkText);
      if (found) kept.add(found);
      return found;
    };
    let fresh: Chunk[];
    try {
      fresh = await chunksIsolatingErrors(region.tree, state.text, state.language, state.lines, () => this.parseTimeout(started), budget, reuse);
      if (region.tree.rootNode.hasError) groupAroundErrors(fresh, true);
      else for (const c of fresh) c.group = 0;
    } catch (err) {
      return this.failed(state, err, started);
    } finally {
      region.tree.delete();
    }
    lap(state, 'lower', t);
    for (const c of old.slice(region.range.to)) c.start += edit.delta;
    const chunks = [...old.slice(0, region.range.from), ...fresh, ...old.slice(region.range.to)];
    const changed = new Set(fresh.filter((c) => !kept.has(c)).map((c) => c.id));
    const removed = replaced.filter((c) => !kept.has(c));
    for (const c of removed) {
      state.owned.delete(c.id);
      state.secrets.delete(c.id);
      state.index.remove(c.id);
    }
    for (const c of fresh) if (changed.has(c.id)) state.index.add(c);
    const tShift = performance.now();
    const touched = shiftKept(state, edit);
    lap(state, 'deps', tShift);
    state.chunks = chunks;
    return this.analyseEdit(state, chunks, changed, removed, touched, root, started, budget);
  }

  /**
   * The region the edit touched, parsed on its own. With syntax errors it is widened (up to
   * twice), since cutting a statement apart gives errors too; if errors remain, the touched
   * region as it parsed is taken (so a syntax error does not spread over ever more chunks).
   * Undefined when parsing timed out.
   */
  private async parseTouched(state: DocumentState, chunks: Chunk[], edit: TextEditSpan, started: number): Promise<{ range: Region; tree: Tree } | undefined> {
    const { language, text } = state;
    const touched = touchedRegion(chunks, edit, text, language);
    let first: Tree;
    try {
      first = await parseRegion(language, text, state.lines, touched, this.parseTimeout(started));
    } catch {
      return undefined;
    }
    if (!first.rootNode.hasError) return { range: touched, tree: first };
    // Typing on inside a statement that already failed to parse: widening was tried then.
    if (touched.to > touched.from && chunks.slice(touched.from, touched.to).every((c) => c.group !== 0)) return { range: touched, tree: first };
    let range = touched;
    for (let widenings = 0; widenings < MAX_WIDENINGS && !(range.from === 0 && range.to === chunks.length); widenings++) {
      range = widenRegion(chunks, range, edit, text, language, 1);
      let tree: Tree;
      try {
        tree = await parseRegion(language, text, state.lines, range, this.parseTimeout(started));
      } catch {
        first.delete();
        return undefined;
      }
      if (!tree.rootNode.hasError) {
        first.delete();
        return { range, tree };
      }
      tree.delete();
    }
    return { range: touched, tree: first };
  }

  /** Analyses the chunks an edit can affect, or all of them when the edit changed something file-wide. */
  private analyseEdit(state: DocumentState, chunks: Chunk[], changed: Set<number>, removed: Chunk[], touched: Set<number>, root: string | undefined, started: number, budget: AnalysisBudget): Promise<FileResult> | FileResult {
    const lowered = changed.size;
    const t = performance.now();
    const globals = globalsOf(chunks, this.engine.ruleSet(state.language));
    if (globals.exports !== state.exports) {
      // Removing a name from `export { ... }` must clear flags on reused declarations: lower all again.
      state.chunks = undefined;
      return this.parseAll(state, root, started, 'exports');
    }
    const fresh = chunks.filter((c) => changed.has(c.id));
    markExported(fresh.flatMap((c) => c.body), new Set(chunks.flatMap((c) => c.exportedNames)));
    let reason: string | undefined;
    if (state.stale) reason = 'stale';
    else if (globals.signature !== state.globals) reason = 'imports';
    let affected: Set<number> | undefined;
    let needed: Set<number> | undefined;
    if (!reason) {
      ({ affected, needed } = state.index.affected(changed, removed.map((c) => c.deps)));
      // Kept findings with a span inside the edit belong to chunks the edit affects; if one does
      // not, the dependencies missed something: analyse everything rather than keep stale results.
      if ([...touched].some((id) => !affected!.has(id))) reason = 'stale';
    }
    lap(state, 'deps', t);
    if (reason || !affected) {
      state.owned.clear();
      state.secrets.clear();
      return this.analyse(state, new Set(chunks.map((c) => c.id)), root, started, budget, { ...fullStats(reason ?? 'stale', chunks.length), lowered });
    }
    return this.analyse(state, affected, root, started, budget, { full: false, lowered, affected: affected.size, needed: needed!.size, chunks: chunks.length, ms: noPhases() }, needed);
  }

  // ------------------------------------------------------------------ analysis

  /**
   * Runs the dataflow analysis over the `needed` chunks (default: all), keeps the facts of the
   * `affected` ones, and builds the file's findings from what every chunk has.
   */
  private analyse(state: DocumentState, affected: Set<number>, root: string | undefined, started: number, budget: AnalysisBudget, stats: AnalysisStats, needed?: Set<number>): FileResult {
    const { language, text } = state;
    const chunks = state.chunks!;
    const rules = this.engine.ruleSet(language);
    const t = performance.now();
    try {
      const body: Stmt[] = [];
      const owners: number[] = [];
      for (const c of chunks) {
        if (needed && !needed.has(c.id)) continue;
        materialise(c);
        for (const s of c.body) {
          body.push(s);
          owners.push(c.id);
        }
      }
      const moduleImports = new Set(chunks.flatMap((c) => c.deps.imports));
      const interp = new Interpreter({ language, body, comments: [], syntaxErrors: [] }, text, rules, budget, { owners, runPending: (owner) => affected.has(owner), moduleImports });
      interp.run();
      for (const c of chunks) {
        if (!affected.has(c.id)) continue;
        const facts = interp.factsByOwner.get(c.id);
        state.owned.set(c.id, facts ? ownedOf(facts, (f) => factDrafts(f, rules, this.engine)) : { drafts: [], callSites: [], modelSources: [] });
        if (!state.secrets.has(c.id)) state.secrets.set(c.id, secretDrafts(secretsIn(materialise(c).body, language), rules, this.engine).map((d) => cloneDraft(d)));
      }
      state.stale = interp.capped;
      const globals = globalsOf(chunks, rules);
      state.globals = globals.signature;
      state.exports = globals.exports;
    } catch (err) {
      state.stale = true;
      return this.failed(state, err, started);
    }
    lap(state, 'analysis', t);
    const result = this.build(state, root, started, budget);
    lap(state, 'findings', t + state.phases.analysis);
    state.stats = { ...stats, ms: { ...state.phases } };
    return result;
  }

  private build(state: DocumentState, root: string | undefined, started: number, budget: AnalysisBudget): FileResult {
    const { file, language, text, lines } = state;
    const chunks = state.chunks!;
    const rules = this.engine.ruleSet(language);
    const drafts: Draft[] = [];
    const callSites: CallSiteFact[] = [];
    const modelSources: ModelSourceFact[] = [];
    for (const c of chunks) {
      const owned = state.owned.get(c.id);
      if (owned) {
        drafts.push(...owned.drafts);
        callSites.push(...owned.callSites);
        modelSources.push(...owned.modelSources);
      }
      drafts.push(...(state.secrets.get(c.id) ?? []));
    }
    const suppressions = parseSuppressions(markerComments(chunks), lines);
    drafts.push(...suppressionDrafts(suppressions, rules, this.engine));
    const relativePath = path.relative(root ?? path.dirname(file), file) || path.basename(file);
    const eager = this.fixes === 'eager' ? { module: moduleOf(state), budget } : undefined;
    const finished = finishFindings({ file, text, lines, language, drafts, suppressions, engine: this.engine, relativePath, entries: state.entries, fixes: eager });
    state.last = { findings: finished.findings, drafts: finished.drafts, module: eager?.module };
    const notices: ScanNotice[] = [];
    const syntaxErrors = chunks.reduce((n, c) => n + c.syntaxErrors.length, 0);
    if (syntaxErrors) notices.push({ level: 'info', reason: 'syntax-error', file, message: `${file}: ${syntaxErrors} syntax error(s); findings come from the parts that parsed` });
    if (finished.fixesSkipped) {
      notices.push({ level: 'info', reason: 'fixes-timeout', file, message: `${file}: the file's time budget ran out before the quick fixes of ${finished.fixesSkipped} finding(s) were computed; they offer only suppression` });
    }
    const facts: Facts = { hits: [], checks: [], callSites, modelSources };
    return { file, language, findings: finished.findings, ...inventory(facts, file, lines), notices, elapsedMs: performance.now() - started };
  }

  private unparsed(state: DocumentState, notices: ScanNotice[], started: number): FileResult {
    // Keep the text so later changes still apply; the next change parses it all again.
    state.chunks = undefined;
    state.stale = true;
    state.last = { findings: [], drafts: [] };
    return { file: state.file, language: state.language, findings: [], callSites: [], modelSources: [], notices, elapsedMs: performance.now() - started };
  }

  /** A file over the time budget ('timeout') or one the analysis failed on ('internal-error'). */
  private failed(state: DocumentState, err: unknown, started: number): FileResult {
    state.stale = true;
    state.last = { findings: [], drafts: [] };
    const file = state.file;
    let notice: ScanNotice;
    if (err instanceof BudgetExceededError) notice = { level: 'warning', reason: 'timeout', file, message: `${file}: skipped, ${err.message}` };
    else notice = { level: 'error', reason: 'internal-error', file, message: `${file}: skipped, the analysis failed (${err instanceof Error ? `${err.name}: ${err.message.split('\n')[0]}` : String(err)})` };
    return { file, language: state.language, findings: [], callSites: [], modelSources: [], notices: [notice], elapsedMs: performance.now() - started };
  }
}

// ------------------------------------------------------------------ helpers

function fullStats(reason: string, chunks: number): AnalysisStats {
  return { full: true, reason, lowered: chunks, affected: chunks, needed: chunks, chunks, ms: noPhases() };
}

function noPhases(): Phases {
  return { parse: 0, lower: 0, deps: 0, analysis: 0, findings: 0 };
}

/** Adds the time since `since` to a phase; returns now. */
function lap(state: DocumentState, phase: keyof Phases, since: number): number {
  const now = performance.now();
  state.phases[phase] += now - since;
  return now;
}

/** The whole document as one module (for quick fixes, which look at imports anywhere). */
function moduleOf(state: DocumentState): ModuleIR {
  return moduleOfChunks(state.language, state.chunks ?? []);
}

/**
 * The file-wide things every chunk's analysis reads: whether the file imports a framework whose
 * handlers are found by parameter name (Django views), the method names of its classes, and its
 * `export { ... }` lists. Any change means analysing all chunks.
 */
function globalsOf(chunks: readonly Chunk[], rules: RuleSet): { signature: string; exports: string } {
  const imports = new Set<string>();
  const methods = new Set<string>();
  const exported = new Set<string>();
  for (const c of chunks) {
    for (const m of c.deps.imports) imports.add(m);
    for (const m of c.deps.methodNames) methods.add(m);
    for (const n of c.exportedNames) exported.add(n);
  }
  const conventions = rules.handlers.map((h) => (h.spec.moduleImports.length ? String([...imports].some((m) => h.spec.moduleImports.some((p) => m === p || m.startsWith(`${p}.`)))) : '-')).join(',');
  const exports = [...exported].sort().join(',');
  return { signature: `${conventions}\u0001${[...methods].sort().join(',')}\u0001${exports}`, exports };
}

/** Comments that may hold a suppression, at their current offsets (without moving any IR). */
function markerComments(chunks: readonly Chunk[]): { text: string; span: Span }[] {
  const out: { text: string; span: Span }[] = [];
  for (const c of chunks) {
    const delta = c.start - c.irStart;
    for (const comment of c.comments) {
      if (!comment.text.includes('llmsec-ignore')) continue;
      out.push({ text: comment.text, span: { start: comment.span.start + delta, end: comment.span.end + delta } });
    }
  }
  return out;
}

/** Drafts and inventory of one chunk's facts, with spans of their own (the IR's move separately). */
function ownedOf(facts: Facts, drafts: (f: Facts) => Draft[]): Owned {
  return {
    drafts: drafts(facts).map((d) => cloneDraft(d)),
    callSites: facts.callSites.map((c) => ({ ...c, span: { ...c.span } })),
    modelSources: facts.modelSources.map((m) => ({ ...m, span: { ...m.span }, callSpan: { ...m.callSpan } })),
  };
}

function cloneDraft(d: Draft): Draft {
  return {
    ...d,
    span: { ...d.span },
    flow: d.flow.map((s) => ({ ...s, span: { ...s.span } })),
    ...(d.redact ? { redact: { ...d.redact } } : {}),
    ...(d.callSpan ? { callSpan: { ...d.callSpan } } : {}),
  };
}

interface EditLines {
  first: number;
  last: number;
  delta: number;
}

/**
 * Moves the kept drafts and inventory of every chunk to the text after the edit, with what was
 * worked out for their findings (dropped where the edit changed one of their lines). Returns
 * the chunks that had a span inside the edit (those must be among the affected ones).
 */
function shiftKept(state: DocumentState, edit: TextEditSpan): Set<number> {
  const touched = new Set<number>();
  const move = (id: number, s: Span): void => {
    if (s.start >= edit.oldEnd) {
      s.start += edit.delta;
      s.end += edit.delta;
    } else if (s.end > edit.start) {
      touched.add(id);
    }
  };
  const moveDraft = (id: number, d: Draft): void => {
    move(id, d.span);
    for (const step of d.flow) move(id, step.span);
    if (d.redact) move(id, d.redact);
    if (d.callSpan) move(id, d.callSpan);
    const entry = state.entries.get(d);
    if (entry) {
      const moved = moveEntry(entry, edit, state.editLines);
      if (moved) state.entries.set(d, moved);
      else state.entries.delete(d);
    }
  };
  for (const [id, owned] of state.owned) {
    for (const d of owned.drafts) moveDraft(id, d);
    for (const c of owned.callSites) move(id, c.span);
    for (const m of owned.modelSources) {
      move(id, m.span);
      move(id, m.callSpan);
    }
  }
  for (const [id, drafts] of state.secrets) for (const d of drafts) moveDraft(id, d);
  return touched;
}

/**
 * A draft's entry after the edit: locations after it move down by the lines it added, and keep
 * their columns (they are on later lines). Undefined when the edit touched one of its lines.
 */
function moveEntry(entry: DraftEntry, edit: TextEditSpan, lines: EditLines): DraftEntry | undefined {
  const f = entry.base;
  const onEditLines = (l: Location): boolean => l.range.end.line >= lines.first && l.range.start.line <= lines.last;
  let after = f.location.startOffset >= edit.oldEnd;
  if (onEditLines(f.location)) return undefined;
  for (const step of f.flow) {
    if (onEditLines(step.location)) return undefined;
    if (step.location.startOffset >= edit.oldEnd) after = true;
  }
  if (!after) return entry;
  const moveLocation = (l: Location): Location =>
    l.startOffset < edit.oldEnd
      ? l
      : {
          file: l.file,
          range: { start: { line: l.range.start.line + lines.delta, character: l.range.start.character }, end: { line: l.range.end.line + lines.delta, character: l.range.end.character } },
          startOffset: l.startOffset + edit.delta,
          endOffset: l.endOffset + edit.delta,
        };
  const base: Finding = { ...f, location: moveLocation(f.location), flow: f.flow.map((s) => ({ ...s, location: moveLocation(s.location) })) };
  if (f.redact && f.redact.startOffset >= edit.oldEnd) base.redact = { startOffset: f.redact.startOffset + edit.delta, endOffset: f.redact.endOffset + edit.delta };
  const sinkLine = f.location.startOffset >= edit.oldEnd ? entry.sinkLine + lines.delta : entry.sinkLine;
  return { ...entry, base, sinkLine };
}

/** Where an old chunk starts after the edit (-1 when the edit overlaps it). */
function movedStart(c: Chunk, edit: TextEditSpan): number {
  if (chunkEnd(c) <= edit.start) return c.start;
  if (c.start >= edit.oldEnd) return c.start + edit.delta;
  return -1;
}

/**
 * The edit as one replaced range of the old text. One change is taken as it is; several are
 * reduced to the range between the first and last characters that differ.
 */
function editSpan(oldText: string, newText: string, changes: TextChange[]): TextEditSpan {
  const delta = newText.length - oldText.length;
  if (changes.length === 1) {
    const c = changes[0];
    return { start: c.rangeOffset, oldEnd: c.rangeOffset + c.rangeLength, delta };
  }
  let start = 0;
  const max = Math.min(oldText.length, newText.length);
  while (start < max && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && oldText.charCodeAt(oldText.length - 1 - tail) === newText.charCodeAt(newText.length - 1 - tail)) tail++;
  return { start, oldEnd: oldText.length - tail, delta };
}


