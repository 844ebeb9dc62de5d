/**
 * Findings as editor diagnostics: source "llmsec", code { value: rule id, target: the rule's
 * documentation }, severity from the rule (after overrides), the message in plain words ending
 * with the OWASP id (edition from settings) and the ISO/IEC 42001 controls, and the data-flow
 * path (source, each hop) as related information: the sink is the diagnostic itself. Suppressed
 * findings are not shown.
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
  const steps = relatedSteps(finding);
  if (steps.length) {
    d.relatedInformation = steps.map(
      (step, i) =>
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(step.location.file === entry.file ? entry.uri : vscode.Uri.file(step.location.file), toRange(step.location.range)),
          flowStepLabel(step, i, finding.flow.length),
        ),
    );
  }
  return d;
}

/**
 * The flow steps shown as related information: all but a last (sink) step at the finding's own
 * place, which the diagnostic already is (its message names the sink). Every data-flow finding
 * ends so, and a quarter fewer related items is a quarter less for VS Code to convert and send
 * on every set. The hover still lists the whole path.
 */
export function relatedSteps(finding: Finding): Finding['flow'] {
  return endsAtFinding(finding) ? finding.flow.slice(0, -1) : finding.flow;
}

/** Whether the flow's last step is a sink at exactly the finding's own place (left out of the related information). */
function endsAtFinding(finding: Finding): boolean {
  const last = finding.flow.at(-1);
  return !!last && last.kind === 'sink' && last.location.file === finding.location.file && last.location.startOffset === finding.location.startOffset && last.location.endOffset === finding.location.endOffset;
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
  /** Of publishMs: making the diagnostics from the findings. */
  convertMs: number;
  /** Of publishMs: DiagnosticCollection.set (0 when the diagnostics were unchanged and not set again). */
  setMs: number;
}

export interface PublishedDiagnostics {
  uri: vscode.Uri;
  version: number | undefined;
  /** False when the new result changed no diagnostic, so they were not set again. */
  diagnosticsChanged: boolean;
  stages?: AnalysisStages;
}

/** Called once the diagnostics are set. */
function stagesOf(timing: AnalysisTiming, analysisMs: number, parts: { convertMs: number; setMs: number }): AnalysisStages {
  const now = performance.now();
  return {
    ...(timing.changedAt !== undefined ? { waitMs: timing.sentAt - timing.changedAt } : {}),
    analysisMs,
    transportMs: timing.answeredAt - timing.sentAt - analysisMs,
    publishMs: now - timing.answeredAt,
    ...parts,
  };
}

/** What a document's diagnostics were last set to: by index, each diagnostic, its finding and that finding's identity. */
interface Shown {
  edition: string;
  diagnostics: vscode.Diagnostic[];
  findings: Finding[];
  identities: string[];
}

/** A diagnostic made for a finding, with the finding's identity (rule and fingerprint, which survive moving code). */
interface Made {
  edition: string;
  diagnostic: vscode.Diagnostic;
  identity: string;
}

/** Gives a diagnostic the ranges of its finding's new place; true if any changed. */
function moveDiagnostic(diagnostic: vscode.Diagnostic, finding: Finding): boolean {
  let moved = false;
  if (!sameRange(diagnostic.range, finding.location.range)) {
    diagnostic.range = toRange(finding.location.range);
    moved = true;
  }
  const related = diagnostic.relatedInformation;
  if (!related) return moved;
  // In place: a moved file of a thousand findings would otherwise make ~8,000 objects per edit.
  // The related items are the flow's first steps (relatedSteps), one for one.
  related.forEach((info, i) => {
    const step = finding.flow[i];
    if (sameRange(info.location.range, step.location.range)) return;
    info.location.range = toRange(step.location.range);
    moved = true;
  });
  return moved;
}

const identityOf = (f: Finding): string => `${f.ruleId}\0${f.fingerprint}`;

/** Everything a diagnostic shows besides its ranges is the same (an edit above the finding moved it). */
function onlyMoved(a: Finding, b: Finding): boolean {
  if (a.message !== b.message || a.severity !== b.severity || a.helpUri !== b.helpUri || a.flow.length !== b.flow.length || a.location.file !== b.location.file) return false;
  if (endsAtFinding(a) !== endsAtFinding(b)) return false;
  return a.flow.every((step, i) => step.note === b.flow[i].note && step.kind === b.flow[i].kind && step.location.file === b.flow[i].location.file);
}

function sameRange(r: vscode.Range, range: Finding['location']['range']): boolean {
  return r.start.line === range.start.line && r.start.character === range.start.character && r.end.line === range.end.line && r.end.character === range.end.character;
}

/**
 * The diagnostics last shown that no finding of the new result kept, by identity, for the findings
 * that are new objects (moved by an edit, or from a whole new analysis); null where two share an
 * identity (neither is reused).
 */
function reusableByIdentity(before: Shown, kept: readonly (vscode.Diagnostic | undefined)[]): Map<string, number | null> {
  const taken = new Set(kept);
  const byIdentity = new Map<string, number | null>();
  before.identities.forEach((identity, i) => {
    if (taken.has(before.diagnostics[i])) return;
    byIdentity.set(identity, byIdentity.has(identity) ? null : i);
  });
  return byIdentity;
}

export class DiagnosticsPublisher implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly subscriptions: vscode.Disposable[] = [];
  /**
   * The diagnostic made for each finding: an edit's new result keeps the finding objects the
   * edit did not touch (result-delta.ts), so only the changed ones are converted again.
   */
  private readonly made = new WeakMap<Finding, Made>();
  /**
   * Per document (URI string): its diagnostics as last set. Findings an edit only moved keep their
   * diagnostic with new ranges, and a result that changes no diagnostic (typing inside a line
   * without findings) is not set again: `set` hands every diagnostic of the file to VS Code.
   */
  private readonly shown = new Map<string, Shown>();
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
      const key = uri.toString();
      const entry = this.service.store.get(uri);
      if (!entry) {
        this.shown.delete(key);
        this.collection.delete(uri);
        continue;
      }
      const started = performance.now();
      const edition = this.service.setupFor(uri).owaspEdition;
      const last = this.shown.get(key);
      // Another OWASP edition changes every message.
      const now = this.diagnosticsFor(entry, edition, last?.edition === edition ? last : undefined);
      this.shown.set(key, now.shown);
      const converted = performance.now();
      if (now.changed) this.collection.set(uri, now.shown.diagnostics);
      const parts = { convertMs: converted - started, setMs: now.changed ? performance.now() - converted : 0 };
      this.published.fire({ uri, version: entry.version, diagnosticsChanged: now.changed, ...(entry.timing ? { stages: stagesOf(entry.timing, entry.result.elapsedMs, parts) } : {}) });
    }
  }

  /**
   * The diagnostics of a result, and whether they differ from those shown before. First the
   * findings an edit kept as they were take their diagnostic back (one lookup each: this runs on
   * every keystroke over every finding of the file); then the others reuse, by identity, a
   * diagnostic no finding kept, with new ranges if only their place changed, or get a new one.
   */
  private diagnosticsFor(entry: ResultEntry, edition: '2025' | '2026', before: Shown | undefined): { shown: Shown; changed: boolean } {
    const findings = entry.result.findings.filter((f) => !f.suppression);
    const diagnostics: (vscode.Diagnostic | undefined)[] = new Array(findings.length);
    const identities: string[] = new Array(findings.length);
    const others: number[] = [];
    findings.forEach((finding, i) => {
      const known = this.made.get(finding);
      if (known && known.edition === edition) {
        diagnostics[i] = known.diagnostic;
        identities[i] = known.identity;
      } else others.push(i);
    });
    let changed = !before || before.diagnostics.length !== findings.length;
    const reusable = before && others.length ? reusableByIdentity(before, diagnostics) : undefined;
    for (const i of others) {
      const finding = findings[i];
      const identity = identityOf(finding);
      const previous = reusable?.get(identity);
      // One diagnostic, one finding: not reused twice.
      reusable?.delete(identity);
      let diagnostic: vscode.Diagnostic;
      if (typeof previous === 'number' && onlyMoved(before!.findings[previous], finding)) {
        diagnostic = before!.diagnostics[previous];
        changed = moveDiagnostic(diagnostic, finding) || changed;
      } else {
        diagnostic = toDiagnostic(entry, finding, edition);
        changed = true;
      }
      diagnostics[i] = diagnostic;
      identities[i] = identity;
      this.made.set(finding, { edition, diagnostic, identity });
    }
    const shown: Shown = { edition, diagnostics: diagnostics as vscode.Diagnostic[], findings, identities };
    if (!changed) changed = shown.diagnostics.some((d, i) => before!.diagnostics[i] !== d);
    return { shown, changed };
  }

  dispose(): void {
    this.collection.dispose();
    this.published.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
