/**
 * Editor events in, engine calls out. Open Python / JavaScript / TypeScript documents are kept
 * in sync with an analysis worker thread (open, then the editor's own change events, so the
 * worker re-parses incrementally with tree.edit), analysed as the user types (debounced) or on
 * save, and the results go into the ResultStore. Nothing here parses or analyses on the
 * extension host's thread.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TextChange } from '../../engine/documents';
import type { LanguageId } from '../../engine/ir';
import { languageForVscodeId } from '../../engine/languages';
import { AnalysisPool, DocumentOutOfSyncError, type EngineInfo, type WorkerInit } from '../../engine/pool';
import type { RuleInfo } from '../../engine/rules/model';
import type { Finding, Fix } from '../../engine/findings';
import { isExcluded } from '../scan/exclusions';
import { workerConfigKey } from '../settings/engine-config';
import { readFolderSetup, type FolderSetup } from '../settings/read';
import { log, showErrorOnce } from '../log';
import { ResultStore, type ResultEntry } from './results';

/** More queued changes than this and the document is simply sent again in full. */
const MAX_QUEUED_CHANGES = 1_000;

interface TrackedDocument {
  document: vscode.TextDocument;
  key: string;
  file: string;
  root: string;
  language: LanguageId;
  folderKey: string;
  poolKey: string;
  /** The worker holds this document's tree. */
  opened: boolean;
  pending: TextChange[];
  /** Cancels the analysis scheduled for later. */
  cancelScheduled?: () => void;
  running: boolean;
  again: boolean;
  closed: boolean;
  /** When the first change not yet sent to the worker came. */
  changedAt?: number;
}

interface ManagedPool {
  pool: AnalysisPool;
  init: WorkerInit;
  info: Promise<EngineInfo>;
  rules: Map<string, RuleInfo>;
  /** Problems the worker met loading rules (a bad user rule file). */
  notices?: string[];
}

export class AnalysisService implements vscode.Disposable {
  readonly store = new ResultStore();
  private readonly setups = new Map<string, FolderSetup>();
  private readonly pools = new Map<string, ManagedPool>();
  private readonly docs = new Map<string, TrackedDocument>();
  private readonly setupChanged = new vscode.EventEmitter<void>();
  /** Fired after settings, .llmsec.yaml or trust changed and were applied. */
  readonly onDidChangeSetup = this.setupChanged.event;
  /** Files analysed from disk are kept up to date once the workspace was scanned. */
  workspaceScanned = false;

  constructor(private readonly extensionPath: string) {}

  // ---- configuration ---------------------------------------------------------------------

  folderKeyOf(uri: vscode.Uri): string {
    return vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() ?? '';
  }

  setupFor(uri: vscode.Uri): FolderSetup {
    return this.setupByKey(this.folderKeyOf(uri), vscode.workspace.getWorkspaceFolder(uri));
  }

  private setupByKey(key: string, folder: vscode.WorkspaceFolder | undefined): FolderSetup {
    let setup = this.setups.get(key);
    if (!setup) {
      setup = readFolderSetup(folder);
      this.setups.set(key, setup);
      this.reportSetupProblems(setup);
    }
    return setup;
  }

  /** Every workspace folder's setup (and the one for files outside folders, when used). */
  allSetups(): FolderSetup[] {
    for (const folder of vscode.workspace.workspaceFolders ?? []) this.setupByKey(folder.uri.toString(), folder);
    return [...this.setups.values()];
  }

  /** Problems to show in the panel: invalid settings, config file errors, rule errors. */
  problems(): string[] {
    const out = new Set<string>();
    for (const setup of this.setups.values()) {
      for (const e of setup.settingErrors) out.add(e);
      for (const n of setup.notices) if (n.level !== 'info') out.add(n.message);
    }
    for (const managed of this.pools.values()) for (const n of managed.notices ?? []) out.add(n);
    return [...out];
  }

  /** Reads settings, .llmsec.yaml and trust again; restarts workers whose rules changed. */
  async reload(): Promise<void> {
    this.setups.clear();
    for (const t of this.docs.values()) {
      const setup = this.setupFor(t.document.uri);
      const poolKey = workerConfigKey(setup.config);
      if (!this.shouldAnalyse(t.document, setup)) {
        this.untrack(t.document, false);
        continue;
      }
      // Only a change of rules needs a new analysis; the rest (edition, timing) is presentation.
      if (poolKey !== t.poolKey) {
        if (t.opened) void this.poolFor(t.poolKey)?.pool.closeDocument(t.file).catch(() => undefined);
        t.poolKey = poolKey;
        t.opened = false;
        t.pending = [];
        this.schedule(t, 0);
      }
    }
    for (const doc of vscode.workspace.textDocuments) this.track(doc);
    const inUse = new Set([...this.docs.values()].map((t) => t.poolKey));
    for (const setup of this.allSetups()) inUse.add(workerConfigKey(setup.config));
    for (const [key, managed] of this.pools) {
      if (inUse.has(key)) continue;
      this.pools.delete(key);
      void managed.pool.close();
    }
    this.store.refreshAll();
    this.setupChanged.fire();
  }

  private reportSetupProblems(setup: FolderSetup): void {
    for (const e of setup.settingErrors) {
      log.warn(e);
      void showErrorOnce(`llmsec: ${e}`, 'Open Settings')?.then((pick) => {
        if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', 'llmsec');
      });
    }
    for (const n of setup.notices) {
      if (n.level === 'info') {
        log.info(n.message);
        continue;
      }
      log.warn(n.message);
      const file = n.file;
      void showErrorOnce(`llmsec: ${n.message} The defaults apply until it is fixed.`, ...(file ? ['Open File'] : []))?.then((pick) => {
        if (pick && file) void vscode.window.showTextDocument(vscode.Uri.file(file));
      });
    }
  }

  // ---- worker pools ----------------------------------------------------------------------

  private poolFor(key: string): ManagedPool | undefined {
    return this.pools.get(key);
  }

  /** The document pool for a configuration: one worker, so a scan never delays typing. */
  private ensurePool(setup: FolderSetup): { key: string; managed: ManagedPool } {
    const key = workerConfigKey(setup.config);
    let managed = this.pools.get(key);
    if (!managed) {
      const init = this.workerInit(setup);
      const pool = new AnalysisPool(init, 1, path.join(this.extensionPath, 'out', 'worker.js'));
      const rules = new Map<string, RuleInfo>();
      const created: ManagedPool = { pool, init, rules, info: pool.engineInfo() };
      created.info.then(
        (info) => {
          for (const r of info.rules) rules.set(r.id, r);
          created.notices = info.notices.filter((n) => n.level !== 'info').map((n) => n.message);
          for (const message of created.notices) {
            log.warn(message);
            void showErrorOnce(`llmsec: ${message}`, 'Show Log')?.then((pick) => pick && log.show());
          }
          log.info(`analysis worker ready: ${info.rules.length} rules`);
          this.store.refreshAll();
        },
        (err) => log.error('analysis worker failed to load the rules', err),
      );
      managed = created;
      this.pools.set(key, managed);
    }
    return { key, managed };
  }

  workerInit(setup: FolderSetup): WorkerInit {
    return {
      config: setup.config,
      builtinRulesDir: path.join(this.extensionPath, 'rules'),
      grammarDir: path.join(this.extensionPath, 'grammars'),
    };
  }

  /** Rules known for a file's folder (empty until its worker has loaded them). */
  rulesFor(uri: vscode.Uri): Map<string, RuleInfo> {
    return this.ensurePool(this.setupFor(uri)).managed.rules;
  }

  async allRules(): Promise<RuleInfo[]> {
    const byId = new Map<string, RuleInfo>();
    for (const setup of this.allSetups()) {
      const { managed } = this.ensurePool(setup);
      await managed.info.catch(() => undefined);
      for (const r of managed.rules.values()) if (!byId.has(r.id)) byId.set(r.id, r);
    }
    if (!byId.size) {
      const { managed } = this.ensurePool(this.setupByKey('', undefined));
      await managed.info.catch(() => undefined);
      for (const r of managed.rules.values()) byId.set(r.id, r);
    }
    return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Analyses a saved file from disk on the document pool (file watcher, closed documents). */
  async analyzeFromDisk(uri: vscode.Uri): Promise<void> {
    if (uri.scheme !== 'file' || this.docs.has(uri.toString())) return;
    const setup = this.setupFor(uri);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return;
    if (!setup.settings.enable) {
      this.store.delete(uri);
      return;
    }
    const root = folder.uri.fsPath;
    if (isExcluded(uri.fsPath, { root, patterns: [...setup.config.exclude, ...setup.filesExclude], gitignore: true })) {
      this.store.delete(uri);
      return;
    }
    try {
      const outcome = await this.ensurePool(setup).managed.pool.analyzeFile(uri.fsPath, root);
      if (this.docs.has(uri.toString())) return; // opened meanwhile: the document result wins
      if (outcome.result) this.store.set({ uri, file: uri.fsPath, version: undefined, origin: 'disk', result: outcome.result, folderKey: folder.uri.toString() });
      else this.store.delete(uri);
    } catch (err) {
      log.error(`analysis of ${uri.fsPath} failed`, err);
    }
  }

  /**
   * Quick fixes of findings of a result: computed by the worker holding the document, for the
   * text that result is of (undefined when the document has changed since). Results read from
   * disk come with theirs.
   */
  async fixesFor(entry: ResultEntry, findings: readonly Finding[]): Promise<Fix[][] | undefined> {
    if (entry.origin === 'disk') return findings.map((f) => f.fixes);
    const t = this.docs.get(entry.uri.toString());
    if (!t || !t.opened || t.document.version !== entry.version) return undefined;
    const managed = this.poolFor(t.poolKey);
    if (!managed) return undefined;
    const refs = findings.map((f) => ({ ruleId: f.ruleId, startOffset: f.location.startOffset, endOffset: f.location.endOffset, fingerprint: f.fingerprint }));
    try {
      return await managed.pool.documentFixes(t.file, refs);
    } catch (err) {
      log.error(`quick fixes for ${t.file} failed`, err);
      return undefined;
    }
  }

  /** Whether a document is one of ours (the one place that decides it). */
  isTracked(uri: vscode.Uri): boolean {
    return this.docs.has(uri.toString());
  }

  // ---- documents -------------------------------------------------------------------------

  private shouldAnalyse(document: vscode.TextDocument, setup: FolderSetup): boolean {
    if (!setup.settings.enable) return false;
    if (!languageForVscodeId(document.languageId)) return false;
    if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled') return false;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (folder && document.uri.scheme === 'file' && isExcluded(document.uri.fsPath, { root: folder.uri.fsPath, patterns: setup.config.exclude, gitignore: false })) return false;
    return true;
  }

  track(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (this.docs.has(key)) return;
    const setup = this.setupFor(document.uri);
    if (!this.shouldAnalyse(document, setup)) return;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    const file = document.uri.scheme === 'file' ? document.uri.fsPath : key;
    const t: TrackedDocument = {
      document,
      key,
      file,
      root: folder?.uri.fsPath ?? path.dirname(file),
      language: languageForVscodeId(document.languageId)!,
      folderKey: folder?.uri.toString() ?? '',
      poolKey: this.ensurePool(setup).key,
      opened: false,
      pending: [],
      running: false,
      again: false,
      closed: false,
    };
    this.docs.set(key, t);
    this.schedule(t, 0);
  }

  onDidChange(event: vscode.TextDocumentChangeEvent): void {
    const t = this.docs.get(event.document.uri.toString());
    if (!t || event.contentChanges.length === 0) return;
    t.document = event.document;
    t.changedAt ??= performance.now();
    if (t.opened || t.running) {
      for (const c of event.contentChanges) t.pending.push({ rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, text: c.text });
      if (t.pending.length > MAX_QUEUED_CHANGES) {
        t.pending = [];
        t.opened = false;
      }
    }
    const setup = this.setupFor(t.document.uri);
    if (setup.settings.run === 'onType') this.schedule(t, setup.settings.typingDelay);
  }

  onDidSave(document: vscode.TextDocument): void {
    const t = this.docs.get(document.uri.toString());
    if (t) {
      if (t.pending.length || !t.opened || this.setupFor(document.uri).settings.run === 'onSave') this.schedule(t, 0);
      return;
    }
    // A .llmsec.yaml saved in the editor is picked up by the file watcher.
  }

  /** A document was closed: forget its tree; keep its findings (from disk) once the workspace was scanned. */
  onDidClose(document: vscode.TextDocument): void {
    this.untrack(document, this.workspaceScanned);
  }

  private untrack(document: vscode.TextDocument, keepFromDisk: boolean): void {
    const key = document.uri.toString();
    const t = this.docs.get(key);
    if (!t) return;
    t.cancelScheduled?.();
    t.closed = true;
    this.docs.delete(key);
    if (t.opened) void this.poolFor(t.poolKey)?.pool.closeDocument(t.file).catch(() => undefined);
    this.store.delete(document.uri);
    if (keepFromDisk && document.uri.scheme === 'file') void this.analyzeFromDisk(document.uri);
  }

  private schedule(t: TrackedDocument, delayMs: number): void {
    t.cancelScheduled?.();
    // setTimeout waits at least 1 ms; with no typing delay, run as soon as this event is handled.
    if (delayMs <= 0) {
      const immediate = setImmediate(() => void this.flush(t));
      t.cancelScheduled = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(() => void this.flush(t), delayMs);
      t.cancelScheduled = () => clearTimeout(timer);
    }
  }

  /**
   * Waits until every open document that should be analysed has a result for its current
   * version (tests, "fix all" from the palette). In onSave mode, unsaved edits do not count.
   */
  async settled(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const busy = (document: vscode.TextDocument): boolean => {
      const setup = this.setupFor(document.uri);
      if (!this.shouldAnalyse(document, setup)) return false;
      const t = this.docs.get(document.uri.toString());
      if (!t) return true; // its open event has not arrived yet
      if (t.running || !t.opened) return true;
      if (setup.settings.run === 'onSave' && document.isDirty) return false;
      return t.pending.length > 0 || this.store.get(document.uri)?.version !== document.version;
    };
    while (vscode.workspace.textDocuments.some(busy) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private async flush(t: TrackedDocument): Promise<void> {
    if (t.closed) return;
    if (t.running) {
      t.again = true;
      return;
    }
    const managed = this.poolFor(t.poolKey) ?? this.ensurePool(this.setupFor(t.document.uri)).managed;
    t.running = true;
    const changedAt = t.changedAt;
    t.changedAt = undefined;
    const sentAt = performance.now();
    try {
      const version = t.document.version;
      let result;
      if (!t.opened) {
        t.pending = [];
        result = await managed.pool.openDocument(t.file, t.document.getText(), t.language, t.root);
        t.opened = true;
      } else {
        const changes = t.pending.splice(0);
        // The text's length without building the text (megabytes, for a large file).
        const last = t.document.lineAt(t.document.lineCount - 1);
        const expectedLength = t.document.offsetAt(last.rangeIncludingLineBreak.end);
        try {
          result = await managed.pool.changeDocument(t.file, changes, t.language, t.root, expectedLength);
        } catch (err) {
          if (!(err instanceof DocumentOutOfSyncError)) throw err;
          log.warn(`${t.file}: analysis text out of step with the editor; sending it again`);
          t.opened = false;
          t.again = true;
          return;
        }
      }
      if (t.closed) return;
      // A result for an older version would put squiggles in the wrong places: a newer
      // analysis is already scheduled, so wait for it.
      if (t.document.version === version) {
        const timing = { changedAt, sentAt, answeredAt: performance.now() };
        this.store.set({ uri: t.document.uri, file: t.file, version, origin: 'document', result, folderKey: t.folderKey, timing });
      }
    } catch (err) {
      t.opened = false;
      log.error(`analysis of ${t.file} failed`, err);
    } finally {
      t.running = false;
      if (t.again && !t.closed) {
        t.again = false;
        this.schedule(t, 0);
      }
    }
  }

  /** A fresh pool for a workspace scan: its own workers, so the open documents' worker stays free. */
  createScanPool(setup: FolderSetup): AnalysisPool {
    const size = Math.max(1, Math.min((os.availableParallelism?.() ?? os.cpus().length) - 1, 4));
    return new AnalysisPool(this.workerInit(setup), size, path.join(this.extensionPath, 'out', 'worker.js'));
  }

  /** Store entries in display order, with the path to show for each. */
  entriesWithPaths(): Array<{ entry: ResultEntry; displayPath: string }> {
    const multi = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    return this.store.all().map((entry) => ({ entry, displayPath: displayPath(entry.uri, multi) }));
  }

  dispose(): void {
    for (const t of this.docs.values()) t.cancelScheduled?.();
    this.docs.clear();
    for (const managed of this.pools.values()) void managed.pool.close();
    this.pools.clear();
    this.store.dispose();
    this.setupChanged.dispose();
  }
}

export function displayPath(uri: vscode.Uri, withFolderName: boolean): string {
  if (uri.scheme === 'untitled') return uri.path;
  return vscode.workspace.asRelativePath(uri, withFolderName);
}

