/**
 * "llmsec: Scan Workspace": every workspace folder through the engine's scanPaths (the same
 * entry point as the CLI, so .gitignore, the default vendored folders and exclusions agree),
 * on worker threads of its own, with a cancellable progress notification. Findings for files
 * that are not open go into the store (and so into the Problems panel). Afterwards, changed,
 * created and deleted files are kept up to date from the file watcher.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ScanResult } from '../../engine/findings';
import { scanPathsWithCache } from '../../engine/cached-scan';
import type { ResultCacheOptions } from '../../engine/result-cache';
import { discoverFiles } from '../../engine/workspace';
import type { AnalysisService } from '../analysis/service';
import { log } from '../log';
import { clearExtensionResultCache } from './result-cache-storage';

const SOURCE_GLOB = '**/*.{py,pyi,js,mjs,cjs,jsx,ts,mts,cts,tsx}';
const CONFIG_GLOB = '**/.llmsec.{yaml,yml}';

export interface ScanState {
  running: boolean;
  done: number;
  total: number;
  lastScan?: { finishedAt: string; files: number; elapsedMs: number; cancelled: boolean };
}

export interface ScanSummary {
  files: number;
  findings: number;
  /** Files analysed, and how many of those the result cache answered. */
  analysed: number;
  fromCache: number;
  elapsedMs: number;
  cancelled: boolean;
}

export class WorkspaceScanner implements vscode.Disposable {
  private current?: Promise<ScanSummary | undefined>;
  private readonly changed = new vscode.EventEmitter<ScanState>();
  readonly onDidChangeState = this.changed.event;
  state: ScanState = { running: false, done: 0, total: 0 };
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly pendingFiles = new Map<string, ReturnType<typeof setTimeout>>();

  /** `resultCache`: where unchanged files' results are kept between sessions (result-cache-storage.ts). */
  constructor(
    private readonly service: AnalysisService,
    private readonly resultCache?: ResultCacheOptions,
  ) {}

  /** Empties the result cache (the "Clear Analysis Cache" command); the next scan analyses every file. */
  async clearCache(): Promise<number> {
    const removed = await clearExtensionResultCache(this.resultCache);
    log.info(`result cache cleared: ${removed} entries removed`);
    void vscode.window.showInformationMessage(`llmsec: analysis cache cleared (${removed} entries).`);
    return removed;
  }

  /** Scans every folder (one scan at a time: a second call joins the running one). */
  scan(options: { silent?: boolean } = {}): Promise<ScanSummary | undefined> {
    this.current ??= this.run(options.silent ?? false).finally(() => (this.current = undefined));
    return this.current;
  }

  private async run(silent: boolean): Promise<ScanSummary | undefined> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (!folders.length) {
      if (!silent) void vscode.window.showInformationMessage('llmsec: open a folder to scan a workspace.');
      return undefined;
    }
    const started = performance.now();
    this.update({ running: true, done: 0, total: 0 });
    const location = silent ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification;
    let files = 0;
    let findings = 0;
    let analysed = 0;
    let fromCache = 0;
    let cancelled = false;
    try {
      await vscode.window.withProgress({ location, title: 'llmsec: scanning the workspace', cancellable: !silent }, async (progress, token) => {
        for (const [i, folder] of folders.entries()) {
          if (token.isCancellationRequested) break;
          const result = await this.scanFolder(folder, token, (done, total) => {
            const label = folders.length > 1 ? `${folder.name} (${i + 1}/${folders.length}): ` : '';
            progress.report({ message: `${label}${done} of ${total} files` });
            this.update({ ...this.state, done, total });
          });
          if (!result) continue;
          files += result.stats.filesSeen;
          analysed += result.stats.filesAnalysed;
          fromCache += result.stats.filesFromCache ?? 0;
          findings += result.files.reduce((n, f) => n + f.findings.length, 0);
        }
        cancelled = token.isCancellationRequested;
      });
    } catch (err) {
      log.error('workspace scan failed', err);
      void vscode.window.showErrorMessage(`llmsec: the workspace scan failed: ${(err as Error).message}`, 'Show Log').then((pick) => pick && log.show());
    }
    const elapsedMs = performance.now() - started;
    this.service.workspaceScanned = true;
    this.update({ running: false, done: this.state.done, total: this.state.total, lastScan: { finishedAt: new Date().toISOString(), files, elapsedMs, cancelled } });
    log.info(`workspace scan ${cancelled ? 'cancelled' : 'finished'}: ${files} files, ${findings} findings, ${Math.round(elapsedMs)} ms; ${analysed} analysed, ${fromCache} of them unchanged (result cache)`);
    return { files, findings, analysed, fromCache, elapsedMs, cancelled };
  }

  private async scanFolder(folder: vscode.WorkspaceFolder, token: vscode.CancellationToken, onProgress: (done: number, total: number) => void): Promise<ScanResult | undefined> {
    const setup = this.service.setupFor(folder.uri);
    if (!setup.settings.enable) {
      this.service.store.retainDiskEntries(folder.uri.toString(), new Set());
      return undefined;
    }
    const root = folder.uri.fsPath;
    const config = { ...setup.config, exclude: [...setup.config.exclude, ...setup.filesExclude] };
    const pool = this.service.createScanPool(setup);
    let result: ScanResult;
    try {
      result = await scanPathsWithCache([root], config, { root, pool, onProgress, isCancelled: () => token.isCancellationRequested, cache: this.resultCache });
    } finally {
      void pool.close();
    }
    for (const n of result.notices) if (n.level !== 'info') log.warn(n.message);
    const folderKey = folder.uri.toString();
    const keep = new Set<string>();
    for (const fileResult of result.files) {
      const uri = vscode.Uri.file(fileResult.file);
      keep.add(uri.toString());
      if (this.service.isTracked(uri)) continue; // the open document's own result is newer
      this.service.store.set({ uri, file: fileResult.file, version: undefined, origin: 'disk', result: fileResult, folderKey });
    }
    // A cancelled scan saw only part of the tree: keep what it did not get to.
    if (!token.isCancellationRequested) this.service.store.retainDiskEntries(folderKey, keep);
    return result;
  }

  /** Keeps scanned results current: changed and new files are analysed again, deleted ones dropped. */
  watch(): void {
    const sources = vscode.workspace.createFileSystemWatcher(SOURCE_GLOB);
    const onFile = (uri: vscode.Uri) => {
      if (!this.service.workspaceScanned || this.service.isTracked(uri)) return;
      const key = uri.toString();
      clearTimeout(this.pendingFiles.get(key));
      this.pendingFiles.set(key, setTimeout(() => {
        this.pendingFiles.delete(key);
        void this.service.analyzeFromDisk(uri);
      }, 300));
    };
    sources.onDidChange(onFile, undefined, this.subscriptions);
    sources.onDidCreate(onFile, undefined, this.subscriptions);
    sources.onDidDelete((uri) => {
      if (!this.service.isTracked(uri)) this.service.store.delete(uri);
    }, undefined, this.subscriptions);
    // A folder created or deleted in one go (unpacked, moved, checked out) is reported as the
    // folder alone: look inside it.
    const tree = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    tree.onDidCreate((uri) => {
      if (!this.service.workspaceScanned || uri.scheme !== 'file') return;
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder || !isDirectory(uri.fsPath)) return;
      const setup = this.service.setupFor(uri);
      const found = discoverFiles([uri.fsPath], { root: folder.uri.fsPath, exclude: [...setup.config.exclude, ...setup.filesExclude] });
      for (const file of found.files) onFile(vscode.Uri.file(file));
    }, undefined, this.subscriptions);
    tree.onDidDelete((uri) => {
      const prefix = uri.toString().replace(/\/?$/, '/');
      for (const entry of this.service.store.all()) {
        if (entry.origin === 'disk' && entry.uri.toString().startsWith(prefix)) this.service.store.delete(entry.uri);
      }
    }, undefined, this.subscriptions);
    this.subscriptions.push(tree);
    const configs = vscode.workspace.createFileSystemWatcher(CONFIG_GLOB);
    const onConfig = () => void this.configChanged();
    configs.onDidChange(onConfig, undefined, this.subscriptions);
    configs.onDidCreate(onConfig, undefined, this.subscriptions);
    configs.onDidDelete(onConfig, undefined, this.subscriptions);
    this.subscriptions.push(sources, configs);
  }

  /** After settings, config or trust changed: apply them, and re-scan if the workspace was scanned. */
  async configChanged(): Promise<void> {
    await this.service.reload();
    if (this.service.workspaceScanned) await this.scan({ silent: true });
  }

  private update(state: ScanState): void {
    this.state = state;
    this.changed.fire(state);
  }

  dispose(): void {
    for (const t of this.pendingFiles.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
