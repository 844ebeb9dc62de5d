/**
 * The CLI's `--format json` document: the scan result flattened for scripts (`jq`), with paths
 * relative to the root, in a fixed order, keys sorted, and no timings unless asked for, so the
 * same input gives byte-identical output.
 *
 *   toJsonReport(result: ScanResult, options?: JsonReportOptions): JsonReport
 *   serializeJsonReport(report: JsonReport): string      canonical JSON (sorted keys) + newline
 *   canonicalJson(value: unknown, indent?: number): string
 *
 * Suppressed findings are included with their `suppression` (filter on it to get new findings).
 */
import type { Finding, LlmCallSite, Location, ModelSource, ScanNotice, ScanResult, Severity } from '../engine/findings';
import { displayPath } from './paths';
import { compareLocations, sortedFiles, sortedFindings, sortedNotices } from './order';
import { computeRiskScore, type RiskRating } from './risk-score';
import { TOOL_NAME, TOOL_VERSION } from './tool-info';

export interface JsonReportOptions {
  /** Include per-scan elapsed time (makes the output differ between runs). Default false. */
  includeTimings?: boolean;
  toolVersion?: string;
}

export interface JsonReport {
  formatVersion: 1;
  tool: { name: string; version: string };
  root: string;
  summary: {
    riskScore: number;
    riskRating: RiskRating;
    open: Record<Severity, number>;
    suppressed: number;
    accepted: number;
    filesSeen: number;
    filesAnalysed: number;
    filesSkipped: number;
    elapsedMs?: number;
  };
  findings: Finding[];
  callSites: LlmCallSite[];
  modelSources: ModelSource[];
  notices: ScanNotice[];
}

export function toJsonReport(result: ScanResult, options: JsonReportOptions = {}): JsonReport {
  const rel = (file: string) => displayPath(result.root, file);
  const relLoc = (l: Location): Location => ({ ...l, file: rel(l.file) });
  const findings = sortedFindings(result).map((f) => ({
    ...f,
    location: relLoc(f.location),
    flow: f.flow.map((s) => ({ ...s, location: relLoc(s.location) })),
  }));
  const files = sortedFiles(result);
  const callSites = files.flatMap((f) => f.callSites).map((c) => ({ ...c, location: relLoc(c.location) })).sort((a, b) => compareLocations(a.location, b.location));
  const modelSources = files.flatMap((f) => f.modelSources).map((m) => ({ ...m, location: relLoc(m.location) })).sort((a, b) => compareLocations(a.location, b.location));
  const notices = sortedNotices(result).map((n) => (n.file ? { ...n, file: rel(n.file) } : n));
  const risk = computeRiskScore(findings);
  return {
    formatVersion: 1,
    tool: { name: TOOL_NAME, version: options.toolVersion ?? TOOL_VERSION },
    root: result.root,
    summary: {
      riskScore: risk.score,
      riskRating: risk.rating,
      open: risk.open,
      suppressed: risk.suppressed,
      accepted: risk.accepted,
      filesSeen: result.stats.filesSeen,
      filesAnalysed: result.stats.filesAnalysed,
      filesSkipped: result.stats.filesSkipped,
      ...(options.includeTimings ? { elapsedMs: result.stats.elapsedMs } : {}),
    },
    findings,
    callSites,
    modelSources,
    notices,
  };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function canonicalJson(value: unknown, indent = 2): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

export function serializeJsonReport(report: JsonReport): string {
  return `${canonicalJson(report)}\n`;
}
