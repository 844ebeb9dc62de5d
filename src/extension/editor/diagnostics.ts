/**
 * Findings as editor diagnostics: source "llmsec", code { value: rule id, target: the rule's
 * documentation }, severity from the rule (after overrides), the message in plain words ending
 * with the OWASP id (edition from settings) and the ISO/IEC 42001 controls, and the data-flow
 * path (source, each hop, sink) as related information. Suppressed findings are not shown.
 */
import * as vscode from 'vscode';
import type { Finding, Severity } from '../../engine/findings';
import type { AnalysisService } from '../analysis/service';
import type { AnalysisTiming, ResultEntry } from '../analysis/results';
import { diagnosticMessage, flowStepLabel } from '../text/finding-text';

export const DIAGNOSTIC_SOURCE = 'llmsec';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  critical: vscode.DiagnosticSeverity.Error,
  high: vscode.DiagnosticSeverity.Error,
  medium: vscode.DiagnosticSeverity.Warning,
  low: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toRange(range: Finding['location']['range']): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export function toDiagnostic(entry: ResultEntry, finding: Finding, edition: '2025' | '2026'): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(finding.location.range), diagnosticMessage(finding, edition), SEVERITY[finding.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: finding.ruleId, target: vscode.Uri.parse(finding.helpUri) };
  if (finding.flow.length) {
    d.relatedInformation = finding.flow.map(
      (step, i) =>
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(step.location.file === entry.file ? entry.uri : vscode.Uri.file(step.location.file), toRange(step.location.range)),
          flowStepLabel(step, i, finding.flow.length),
        ),
    );
  }
  return d;
}

/** Where the time of a document's analysis went, from its first change to its diagnostics set (ms). */
export interface AnalysisStages {
  /** From the first change to sending it (the typing delay, and waiting for the analysis before). */
  waitMs?: number;
  /** The engine's own time in the worker (parse, lower, analyse). */
  analysisMs: number;
  /** The rest of the round trip: messages both ways, copying, computing and applying the result's difference. */
  transportMs: number;
  /** From the answer to the diagnostics set: the store's listeners, converting, setting. */
  publishMs: number;
}

export interface PublishedDiagnostics {
  uri: vscode.Uri;
  version: number | undefined;
  stages?: AnalysisStages;
}

/** Called once the diagnostics are set. */
function stagesOf(timing: AnalysisTiming, analysisMs: number): AnalysisStages {
  const now = performance.now();
  return {
    ...(timing.changedAt !== undefined ? { waitMs: timing.sentAt - timing.changedAt } : {}),
    analysisMs,
    transportMs: timing.answeredAt - timing.sentAt - analysisMs,
    publishMs: now - timing.answeredAt,
  };
}

export class DiagnosticsPublisher implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly subscriptions: vscode.Disposable[] = [];
  /**
   * The diagnostic made for each finding: an edit's new result keeps the finding objects the
   * edit did not touch (result-delta.ts), so only the changed ones are converted again.
   */
  private readonly made = new WeakMap<Finding, { edition: string; diagnostic: vscode.Diagnostic }>();
  private readonly published = new vscode.EventEmitter<PublishedDiagnostics>();
  /**
   * Fires as soon as a document's diagnostics are set (VS Code's own onDidChangeDiagnostics
   * comes up to 50 ms later: it is debounced).
   */
  readonly onDidPublish = this.published.event;

  constructor(private readonly service: AnalysisService) {
    this.subscriptions.push(service.store.onDidChange((uris) => this.publish(uris)));
  }

  private publish(uris: vscode.Uri[]): void {
    for (const uri of uris) {
      const entry = this.service.store.get(uri);
      if (!entry) {
        this.collection.delete(uri);
        continue;
      }
      const edition = this.service.setupFor(uri).owaspEdition;
      const diagnostics = entry.result.findings.filter((f) => !f.suppression).map((f) => this.diagnosticOf(entry, f, edition));
      this.collection.set(uri, diagnostics);
      this.published.fire({ uri, version: entry.version, ...(entry.timing ? { stages: stagesOf(entry.timing, entry.result.elapsedMs) } : {}) });
    }
  }

  private diagnosticOf(entry: ResultEntry, finding: Finding, edition: '2025' | '2026'): vscode.Diagnostic {
    const known = this.made.get(finding);
    if (known && known.edition === edition) return known.diagnostic;
    const diagnostic = toDiagnostic(entry, finding, edition);
    this.made.set(finding, { edition, diagnostic });
    return diagnostic;
  }

  dispose(): void {
    this.collection.dispose();
    this.published.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
