/**
 * The latest analysis result of every file the editor knows about: open documents (stamped
 * with the document version they were computed for) and files analysed from disk by the
 * workspace scan. Diagnostics, code actions, hovers, the status bar and the risk panel all read
 * this one store, so they always agree.
 */
import * as vscode from 'vscode';
import type { FileResult, Finding } from '../../engine/findings';

export interface ResultEntry {
  uri: vscode.Uri;
  /** The path the engine was given (fsPath, or the URI string for unsaved documents). */
  file: string;
  /** The document version the result was computed for; undefined for results read from disk. */
  version: number | undefined;
  origin: 'document' | 'disk';
  result: FileResult;
  /** The workspace folder (URI string) whose settings applied; '' outside any folder. */
  folderKey: string;
  /** For a document's result: when (performance.now()) its first change came, its analysis was sent and answered. */
  timing?: AnalysisTiming;
}

export interface AnalysisTiming {
  changedAt?: number;
  sentAt: number;
  answeredAt: number;
}

export class ResultStore implements vscode.Disposable {
  private readonly entries = new Map<string, ResultEntry>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChange = this.changed.event;

  get(uri: vscode.Uri): ResultEntry | undefined {
    return this.entries.get(uri.toString());
  }

  all(): ResultEntry[] {
    return [...this.entries.values()];
  }

  set(entry: ResultEntry): void {
    this.entries.set(entry.uri.toString(), entry);
    this.changed.fire([entry.uri]);
  }

  delete(uri: vscode.Uri): void {
    if (this.entries.delete(uri.toString())) this.changed.fire([uri]);
  }

  /** Drops every entry from disk under a folder that `keep` does not list (files gone since the last scan). */
  retainDiskEntries(folderKey: string, keep: Set<string>): void {
    const gone: vscode.Uri[] = [];
    for (const [key, entry] of this.entries) {
      if (entry.origin === 'disk' && entry.folderKey === folderKey && !keep.has(key)) {
        this.entries.delete(key);
        gone.push(entry.uri);
      }
    }
    if (gone.length) this.changed.fire(gone);
  }

  /** Tells listeners to redraw everything (the OWASP edition changed, for one). */
  refreshAll(): void {
    this.changed.fire(this.all().map((e) => e.uri));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The finding a diagnostic was made from: same rule, same range. */
export function findingForDiagnostic(entry: ResultEntry, diagnostic: vscode.Diagnostic): Finding | undefined {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return entry.result.findings.find((f) => {
    const r = f.location.range;
    return (
      f.ruleId === code &&
      r.start.line === diagnostic.range.start.line &&
      r.start.character === diagnostic.range.start.character &&
      r.end.line === diagnostic.range.end.line &&
      r.end.character === diagnostic.range.end.character
    );
  });
}
