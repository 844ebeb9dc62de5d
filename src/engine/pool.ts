/**
 * A pool of analysis worker threads, sized to the cores. The CLI's workspace scan and the
 * editor share it. Without a bundled worker script (running from sources) it analyses on the
 * calling thread instead, with identical results.
 *
 * Besides one-shot `file` / `text` requests, the pool keeps open editor documents: `open`,
 * `change` and `close` go to the one worker that holds the document's tree (so `tree.edit`
 * and incremental parsing work across requests), and `info` returns the loaded rules.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EngineConfig } from './api';
import type { LanguageId } from './ir';
import type { FileResult, Fix, ScanNotice } from './findings';
import type { RuleInfo } from './rules/model';
import type { LoadedRules } from './rules/loader';
import type { FindingRef, TextChange } from './documents';
import { Engine } from './engine';
import { analyzeFileAt, type FileOutcome } from './analyze-file';
import { DocumentAnalyzer } from './documents';
import { setGrammarDir, setParseHeapLimit, setStackCheck } from './parser';
import { applyDelta, diffResult, type ResultDelta } from './result-delta';
import { resultCacheFor, type ResultCacheOptions } from './result-cache';
import { languageForPath } from './languages';

export interface WorkerInit {
  config: EngineConfig;
  builtinRulesDir?: string;
  /**
   * The rules of `builtinRulesDir` and `config.ruleDirs`, already loaded and validated by the
   * thread that creates the pool: each worker then skips reading, validating and probing them.
   */
  rules?: LoadedRules;
  /** Where the `.wasm` grammars are, when not beside the worker bundle. */
  grammarDir?: string;
  /**
   * Parser heap limits in MB: how far one parse may grow it (parser.ts, default 512) and past
   * which size a worker retires (worker.ts, default 512). Tests change them.
   */
  parserHeap?: { parseLimitMb?: number; retireAtMb?: number };
  /** False turns off the check for Tree-sitter C stack overflows (parser-stack.ts): tests reach the hang behind it. */
  parserStackCheck?: boolean;
  /** A busy worker silent for this long is hung and replaced (default: 3 file budgets, at least 30 s). */
  watchdogMs?: number;
}

/** The rules a worker loaded, and the problems it met loading them. */
export interface EngineInfo {
  rules: RuleInfo[];
  notices: ScanNotice[];
}

export type WorkerRequest =
  | { id: number; kind: 'file'; file: string; root: string; cache?: ResultCacheOptions }
  | { id: number; kind: 'text'; file: string; text: string; language?: LanguageId; root: string }
  | { id: number; kind: 'open'; file: string; text: string; language: LanguageId; root: string }
  /** `expectedLength`: the editor's text length after the changes, to catch a document out of step. */
  | { id: number; kind: 'change'; file: string; changes: TextChange[]; language: LanguageId; root: string; expectedLength: number }
  | { id: number; kind: 'close'; file: string }
  /** Quick fixes of findings of an open document's last result (computed when asked: the editor needs few). */
  | { id: number; kind: 'fixes'; file: string; findings: FindingRef[] }
  | { id: number; kind: 'info' };

/** `retire`: the worker's last answer; it takes no more requests (worker.ts). */
export type WorkerResponse = WorkerAnswer & { retire?: true };

type WorkerAnswer =
  | { id: number; outcome: FileOutcome }
  | { id: number; document: FileResult }
  /** A changed document's result as a difference from the one sent before (result-delta.ts). */
  | { id: number; documentDelta: ResultDelta }
  | { id: number; info: EngineInfo }
  | { id: number; done: true }
  | { id: number; fixes: Fix[][] | null }
  | { id: number; outOfSync: true }
  | { id: number; error: string };

/** The worker's text of a document no longer matches the editor's: open it again with the full text. */
export class DocumentOutOfSyncError extends Error {
  constructor(readonly file: string) {
    super(`${file}: the analysed text is out of step with the editor; reopen the document`);
  }
}

interface Slot {
  worker: Worker;
  busy: number;
  /** When it last answered, or was given work while idle (performance.now()). */
  lastHeard: number;
}

interface Pending {
  req: WorkerRequest;
  resolve: (res: WorkerResponse) => void;
  reject: (e: Error) => void;
  slot: Slot;
  /** Workers this request was sent to: one that died with it gets one more try. */
  attempts: number;
}

/** Ends the message of a file the watchdog answered for (the fuzzer counts these). */
export const WATCHDOG_NOTICE = '(its worker was replaced)';

/** Old-generation heap of one analysis worker; the largest file of the benchmark corpus needs about a third of it. */
const WORKER_HEAP_MB = 192;
/** Workers that die (rather than retire) are replaced this many times per pool thread, then dropped. */
const CRASH_REPLACEMENTS_PER_THREAD = 2;

export class AnalysisPool {
  private readonly slots: Slot[] = [];
  private readonly waiting = new Map<number, Pending>();
  /** Open documents live in one worker each: the one holding their tree. */
  private readonly documentSlots = new Map<string, Slot>();
  /** The last result of each open document, which a worker's next result is a difference from. */
  private readonly documentResults = new Map<string, FileResult>();
  private nextId = 1;
  private local?: LocalAnalysis;
  private closed = false;
  private readonly watchdog?: ReturnType<typeof setInterval>;
  private crashReplacementsLeft: number;
  private replaced = 0;

  constructor(
    private readonly init: WorkerInit,
    size = defaultPoolSize(),
    private readonly workerScript = defaultWorkerScript(),
  ) {
    this.crashReplacementsLeft = Math.max(0, size) * CRASH_REPLACEMENTS_PER_THREAD;
    if (size <= 0 || !workerScript) {
      this.local = new LocalAnalysis(init);
      return;
    }
    for (let i = 0; i < size; i++) this.slots.push(this.spawn(workerScript));
    // Tree-sitter can loop where no callback of ours runs (parser.ts): only another thread can stop it.
    const silentMs = init.watchdogMs ?? Math.max(30_000, 3 * init.config.fileTimeoutMs);
    this.watchdog = setInterval(() => this.checkSilent(silentMs), Math.min(1_000, silentMs / 4));
    this.watchdog.unref();
  }

  get threads(): number {
    return this.slots.length;
  }

  /** Workers replaced so far (retired or died). */
  get replacedWorkers(): number {
    return this.replaced;
  }

  /** `cache`: read and write results in this result cache (src/engine/result-cache.ts). */
  analyzeFile(file: string, root: string, cache?: ResultCacheOptions): Promise<FileOutcome> {
    if (this.local) return this.local.handle({ id: 0, kind: 'file', file, root, cache }).then(expectOutcome);
    return this.send({ id: this.nextId++, kind: 'file', file, root, cache }).then(expectOutcome);
  }

  async analyzeText(file: string, text: string, root: string, language?: LanguageId): Promise<FileOutcome> {
    const req: WorkerRequest = { id: this.nextId++, kind: 'text', file, text, language, root };
    return (this.local ? this.local.handle(req) : this.send(req)).then(expectOutcome);
  }

  /** Parses and analyses a document, keeping its tree for later `changeDocument` calls. */
  openDocument(file: string, text: string, language: LanguageId, root: string): Promise<FileResult> {
    return this.documentRequest({ id: this.nextId++, kind: 'open', file, text, language, root });
  }

  /**
   * Applies editor changes (in the order reported) to the kept tree and analyses the result.
   * Rejects with DocumentOutOfSyncError when the resulting text length is not `expectedLength`.
   */
  changeDocument(file: string, changes: TextChange[], language: LanguageId, root: string, expectedLength: number): Promise<FileResult> {
    return this.documentRequest({ id: this.nextId++, kind: 'change', file, changes, language, root, expectedLength });
  }

  /**
   * Quick fixes of findings of an open document's last result, by the worker holding it;
   * undefined when the document changed since those findings (or is not open).
   */
  async documentFixes(file: string, findings: FindingRef[]): Promise<Fix[][] | undefined> {
    const req: WorkerRequest = { id: this.nextId++, kind: 'fixes', file, findings };
    let res: WorkerResponse;
    if (this.local) {
      res = await this.local.handle(req);
    } else {
      const slot = this.documentSlots.get(file);
      if (!slot || !this.slots.includes(slot)) return undefined;
      res = await this.sendTo(slot, req);
    }
    if ('fixes' in res) return res.fixes ?? undefined;
    throw unexpected(res);
  }

  async closeDocument(file: string): Promise<void> {
    const req: WorkerRequest = { id: this.nextId++, kind: 'close', file };
    if (this.local) {
      await this.local.handle(req);
      return;
    }
    const slot = this.documentSlots.get(file);
    this.documentSlots.delete(file);
    this.documentResults.delete(file);
    if (slot && this.slots.includes(slot)) await this.sendTo(slot, req);
  }

  /** The rules the workers loaded (every worker loads the same), and their load notices. */
  async engineInfo(): Promise<EngineInfo> {
    const req: WorkerRequest = { id: this.nextId++, kind: 'info' };
    const res = this.local ? await this.local.handle(req) : await this.send(req);
    if ('info' in res) return res.info;
    throw unexpected(res);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.watchdog);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
    this.documentSlots.clear();
    this.local?.dispose();
  }

  private async documentRequest(req: Extract<WorkerRequest, { kind: 'open' | 'change' }>): Promise<FileResult> {
    let res: WorkerResponse;
    if (this.local) {
      res = await this.local.handle(req);
    } else {
      let slot = this.documentSlots.get(req.file);
      if (slot && !this.slots.includes(slot)) slot = undefined;
      if (!slot) {
        if (req.kind === 'change') throw new DocumentOutOfSyncError(req.file);
        slot = this.leastBusy();
        this.documentSlots.set(req.file, slot);
      }
      res = await this.sendTo(slot, req);
    }
    if ('document' in res) {
      this.documentResults.set(req.file, res.document);
      return res.document;
    }
    if ('documentDelta' in res) {
      const previous = this.documentResults.get(req.file);
      if (!previous) throw new DocumentOutOfSyncError(req.file);
      const result = applyDelta(previous, res.documentDelta);
      this.documentResults.set(req.file, result);
      return result;
    }
    if ('outOfSync' in res) {
      this.documentResults.delete(req.file);
      throw new DocumentOutOfSyncError(req.file);
    }
    throw unexpected(res);
  }

  private spawn(script: string): Slot {
    // A bounded heap makes each worker collect garbage early: a scan's memory stays flat (see BENCHMARKS.md).
    const worker = new Worker(script, { workerData: this.init, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    const slot: Slot = { worker, busy: 0, lastHeard: performance.now() };
    worker.on('message', (res: WorkerResponse) => {
      slot.lastHeard = performance.now();
      const pending = this.waiting.get(res.id);
      if (pending) {
        this.waiting.delete(res.id);
        slot.busy--;
        if ('error' in res) pending.reject(new Error(res.error));
        else pending.resolve(res);
      }
      if (res.retire) this.replace(slot);
    });
    worker.on('error', (err) => this.replace(slot, err));
    worker.on('exit', (code) => {
      if (code !== 0) this.replace(slot, new Error(`analysis worker exited with code ${code}`));
    });
    return slot;
  }

  /**
   * A worker with work that has not answered for `silentMs` is hung: its oldest request is
   * answered as timed out (sending it again could hang the next worker too), the others go to
   * the worker that replaces it.
   */
  private checkSilent(silentMs: number): void {
    const now = performance.now();
    for (const slot of [...this.slots]) {
      if (slot.busy <= 0 || now - slot.lastHeard < silentMs) continue;
      const oldest = [...this.waiting.values()].find((p) => p.slot === slot);
      if (oldest) {
        this.waiting.delete(oldest.req.id);
        const seconds = Math.round(silentMs / 1000);
        hungAnswer(oldest, `analysis stopped answering for ${seconds} s ${WATCHDOG_NOTICE}`);
      }
      this.replace(slot);
    }
  }

  /**
   * Puts a new worker in the place of one that retired (its parser is spent) or died (`crash`).
   * The requests it still held go to the new one; a crash may have been a request's own doing, so
   * each gets one more try. Its open documents are gone: their next change reports out-of-sync.
   */
  private replace(slot: Slot, crash?: Error): void {
    const at = this.slots.indexOf(slot);
    if (this.closed || at < 0) return;
    void slot.worker.terminate();
    const orphans = [...this.waiting.values()].filter((p) => p.slot === slot);
    for (const p of orphans) this.waiting.delete(p.req.id);
    for (const [file, s] of this.documentSlots) {
      if (s !== slot) continue;
      this.documentSlots.delete(file);
      this.documentResults.delete(file);
    }
    const replaceable = !crash || this.crashReplacementsLeft-- > 0;
    if (replaceable && this.workerScript) {
      this.slots[at] = this.spawn(this.workerScript);
      this.replaced++;
    } else {
      this.slots.splice(at, 1);
    }
    if (!this.slots.length) this.local = new LocalAnalysis(this.init);
    for (const p of orphans) this.resend(p, crash);
  }

  private resend(p: Pending, crash: Error | undefined): void {
    const { req } = p;
    if (crash && p.attempts >= 2) return p.reject(crash);
    // Requests about a document the lost worker held: it no longer has it.
    if (req.kind === 'change') return p.reject(new DocumentOutOfSyncError(req.file));
    if (req.kind === 'fixes') return p.resolve({ id: req.id, fixes: null });
    if (req.kind === 'close') return p.resolve({ id: req.id, done: true });
    if (this.local) {
      this.local.handle(req).then(p.resolve, p.reject);
      return;
    }
    const slot = this.leastBusy();
    if (req.kind === 'open') this.documentSlots.set(req.file, slot);
    this.post(slot, req, p.resolve, p.reject, p.attempts + 1);
  }

  private leastBusy(): Slot {
    return this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  private send(req: WorkerRequest): Promise<WorkerResponse> {
    if (this.local) return this.local.handle(req);
    if (!this.slots.length) return Promise.reject(new Error('no analysis workers'));
    return this.sendTo(this.leastBusy(), req);
  }

  private sendTo(slot: Slot, req: WorkerRequest): Promise<WorkerResponse> {
    return new Promise((resolve, reject) => this.post(slot, req, resolve, reject, 1));
  }

  private post(slot: Slot, req: WorkerRequest, resolve: Pending['resolve'], reject: Pending['reject'], attempts: number): void {
    if (slot.busy <= 0) slot.lastHeard = performance.now();
    slot.busy++;
    this.waiting.set(req.id, { req, resolve, reject, slot, attempts });
    slot.worker.postMessage(req);
  }
}

/**
 * Answers worker requests on the calling thread: the body of worker.ts, and the pool's
 * fallback. Requests for one document run one after the other (a change must see the text
 * the previous change left), others run as they come.
 */
export class LocalAnalysis {
  private engine?: Engine;
  private documents?: DocumentAnalyzer;
  private readonly queues = new Map<string, Promise<unknown>>();
  /** In a worker: the last result sent for each open document (changes are sent as differences). */
  private readonly sent?: Map<string, FileResult>;

  constructor(
    private readonly init: WorkerInit,
    options: { sendDeltas?: boolean } = {},
  ) {
    if (init.grammarDir) setGrammarDir(init.grammarDir);
    if (init.parserHeap?.parseLimitMb) setParseHeapLimit(init.parserHeap.parseLimitMb * 1024 * 1024);
    if (init.parserStackCheck === false) setStackCheck(false);
    if (options.sendDeltas) this.sent = new Map();
  }

  handle(req: WorkerRequest): Promise<WorkerResponse> {
    if (req.kind !== 'open' && req.kind !== 'change' && req.kind !== 'close' && req.kind !== 'fixes') return this.answer(req);
    const previous = this.queues.get(req.file) ?? Promise.resolve();
    const next = previous.then(() => this.answer(req));
    const settled = next.catch(() => undefined);
    this.queues.set(req.file, settled);
    void settled.then(() => {
      if (this.queues.get(req.file) === settled) this.queues.delete(req.file);
    });
    return next;
  }

  dispose(): void {
    this.documents?.closeAll();
  }

  /** Builds the engine and its prefilter now (a worker, while its pool's thread is still finding files). */
  warmUp(): void {
    void this.loaded().engine.prefilter;
  }

  private loaded(): { engine: Engine; documents: DocumentAnalyzer } {
    const options = { config: this.init.config, builtinRulesDir: this.init.builtinRulesDir };
    this.engine ??= this.init.rules ? Engine.fromLoaded(this.init.rules, options) : Engine.create(options);
    // Diagnostics need no fixes: the editor asks for those of the findings under the cursor.
    this.documents ??= new DocumentAnalyzer(this.engine, { fixes: 'lazy' });
    return { engine: this.engine, documents: this.documents };
  }

  private async answer(req: WorkerRequest): Promise<WorkerResponse> {
    try {
      const { engine, documents } = this.loaded();
      switch (req.kind) {
        case 'file':
          return { id: req.id, outcome: await analyzeFileAt(engine, req.file, req.root, req.cache && resultCacheFor(engine, this.init.builtinRulesDir, req.cache)) };
        case 'text': {
          const result = await engine.analyzeText(req.file, req.text, { language: req.language, root: req.root });
          return { id: req.id, outcome: { result, notices: result.notices, analysed: true, skipped: false } };
        }
        case 'open': {
          const result = await documents.open(req.file, req.text, req.language, req.root);
          this.sent?.set(req.file, result);
          return { id: req.id, document: result };
        }
        case 'change': {
          if (documents.textOf(req.file) === undefined) return { id: req.id, outOfSync: true };
          const result = await documents.change(req.file, req.changes, req.language, req.root);
          if (documents.textOf(req.file)?.length !== req.expectedLength) {
            documents.close(req.file);
            this.sent?.delete(req.file);
            return { id: req.id, outOfSync: true };
          }
          const previous = this.sent?.get(req.file);
          const edit = documents.lastEditOf(req.file);
          this.sent?.set(req.file, result);
          if (previous && edit) return { id: req.id, documentDelta: diffResult(previous, result, edit) };
          return { id: req.id, document: result };
        }
        case 'close':
          documents.close(req.file);
          this.sent?.delete(req.file);
          return { id: req.id, done: true };
        case 'fixes':
          return { id: req.id, fixes: documents.fixesForFindings(req.file, req.findings) ?? null };
        case 'info':
          return { id: req.id, info: { rules: engine.ruleInfos, notices: engine.notices } };
      }
    } catch (err) {
      return { id: req.id, error: (err as Error).stack ?? String(err) };
    }
  }
}

/** The answer to a request whose worker hung on it: a file skipped as timed out; for documents, an error. */
function hungAnswer(p: Pending, why: string): void {
  const { req } = p;
  if (req.kind !== 'file' && req.kind !== 'text') return p.reject(new Error(why));
  const language = (req.kind === 'text' ? req.language : undefined) ?? languageForPath(req.file) ?? 'python';
  const notice: ScanNotice = { level: 'warning', reason: 'timeout', file: req.file, message: `${req.file}: skipped, ${why}` };
  const result: FileResult = { file: req.file, language, findings: [], callSites: [], modelSources: [], notices: [notice], elapsedMs: 0 };
  p.resolve({ id: req.id, outcome: { result, notices: [notice], analysed: false, skipped: true } });
}

function expectOutcome(res: WorkerResponse): FileOutcome {
  if ('outcome' in res) return res.outcome;
  if ('error' in res) throw new Error(res.error);
  throw unexpected(res);
}

function unexpected(res: WorkerResponse): Error {
  return 'error' in res ? new Error(res.error) : new Error(`unexpected worker response: ${Object.keys(res).join(', ')}`);
}

/**
 * One worker per core but one (at most 8): the scanning thread itself reads, hashes and
 * prefilters every file. On 2 cores a second worker made the benchmark corpus's scan 5-10%
 * faster for 70-80 MB more memory (BENCHMARKS.md).
 */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min((os.availableParallelism?.() ?? os.cpus().length) - 1, 8));
}

/** worker.js beside the running bundle (out/); from sources there is none and the pool works in-thread. */
export function defaultWorkerScript(): string | undefined {
  const script = path.join(__dirname, 'worker.js');
  return fs.existsSync(script) ? script : undefined;
}
