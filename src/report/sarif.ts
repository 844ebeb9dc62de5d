/**
 * SARIF 2.1.0 output for CI (GitHub code scanning, Azure DevOps) and audits. The log passes the
 * SARIF Multitool validator (`sarif-multitool validate`) with no errors or warnings.
 *
 *   toSarif(result: ScanResult, rules: readonly RuleInfo[], options?: SarifOptions): SarifLog
 *   serializeSarif(log: SarifLog): string     pretty JSON with a final newline
 *   SARIF_FINGERPRINT_KEY: string             the partialFingerprints key carrying Finding.fingerprint
 *   securitySeverity(s: Severity): string     GitHub's 0.0..10.0 scale
 *   sarifLevel(s: Severity): SarifLevel
 *
 * Deterministic: results, rules and notifications are sorted, and no time is written unless
 * options.timestamps is given, so the same scan gives byte-identical output.
 * URIs are relative to the scan root (uriBaseId SRCROOT, declared in originalUriBaseIds).
 * Suppressed findings stay in the log with a `suppressions` entry (inline: inSource, register:
 * external) carrying the justification.
 */
import type { Finding, FlowStep, Location, ScanNotice, ScanResult, Severity } from '../engine/findings';
import type { RuleInfo } from '../engine/rules/model';
import { directoryUri, fileUri, relativeToRoot, uriReference } from './paths';
import { RedactedSources, lastLineOf, type SourceReader } from './source';
import { sortedFindings, sortedNotices } from './order';
import { asSentence, friendlyRuleName, reportRules } from './rule-index';
import { atlasUrl, cweUrl, isoControlName, owaspName, owaspUrl, standardsTagList } from './standards';
import { TOOL_INFORMATION_URI, TOOL_NAME, TOOL_VERSION } from './tool-info';
import type {
  SarifArtifactLocation,
  SarifCodeFlow,
  SarifLevel,
  SarifLocation,
  SarifLog,
  SarifNotification,
  SarifPhysicalLocation,
  SarifRegion,
  SarifReportingDescriptor,
  SarifResult,
  SarifSuppression,
} from './sarif-types';

export type { SarifLog } from './sarif-types';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SARIF_FINGERPRINT_KEY = 'llmsecFingerprint/v1';
const ROOT_BASE_ID = 'SRCROOT';

export interface SarifOptions {
  /** Reads file text for region snippets and context regions; without it they are left out. */
  readSource?: SourceReader;
  /** Write the absolute root URI into originalUriBaseIds (default true). Off for logs shared across machines. */
  includeRootUri?: boolean;
  toolVersion?: string;
  informationUri?: string;
  /** run.automationDetails.id: the category GitHub and Azure DevOps group runs by (default 'llmsec/'). */
  automationId?: string;
  /** Start and end of the run (ISO 8601). Written only when given, to keep runs reproducible. */
  timestamps?: { start: string; end: string };
}

export function sarifLevel(s: Severity): SarifLevel {
  if (s === 'critical' || s === 'high') return 'error';
  if (s === 'medium') return 'warning';
  return 'note';
}

/** GitHub code scanning bands: critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9. */
export function securitySeverity(s: Severity): string {
  return { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' }[s];
}

function problemSeverity(s: Severity): string {
  return s === 'critical' || s === 'high' ? 'error' : s === 'medium' ? 'warning' : 'recommendation';
}

function link(id: string, url: string | undefined, name?: string): string {
  const label = name ? `${id} ${name}` : id;
  return url ? `[${label}](${url})` : label;
}

function standardsMarkdown(rule: RuleInfo): string[] {
  const s = rule.standards;
  const lines = [
    `- OWASP Top 10 for LLM Applications 2025: ${s.owasp2025.map((id) => link(id, owaspUrl(id), owaspName(id))).join(', ')}`,
    `- OWASP Top 10 for LLM Applications 2026: ${s.owasp2026.map((id) => link(id, undefined, owaspName(id))).join(', ')}`,
    `- ISO/IEC 42001:2023 Annex A: ${s.iso42001.map((id) => link(id, undefined, isoControlName(id))).join(', ')}. ${asSentence(s.isoRationale)}`,
    `- CWE: ${s.cwe.map((id) => link(id, cweUrl(id))).join(', ')}`,
  ];
  if (s.atlas.length > 0) lines.push(`- MITRE ATLAS: ${s.atlas.map((id) => link(id, atlasUrl(id))).join(', ')}`);
  return lines;
}

function describeRule(rule: RuleInfo): SarifReportingDescriptor {
  const s = rule.standards;
  const why = asSentence(rule.docs.why);
  const fix = asSentence(rule.docs.fix);
  const plainStandards = [
    `OWASP: ${[...s.owasp2025, ...s.owasp2026].join(', ')}.`,
    `ISO/IEC 42001 Annex A: ${s.iso42001.join(', ')}. ${asSentence(s.isoRationale)}`,
    `CWE: ${s.cwe.join(', ')}.`,
    ...(s.atlas.length > 0 ? [`MITRE ATLAS: ${s.atlas.join(', ')}.`] : []),
  ];
  return {
    id: rule.id,
    name: friendlyRuleName(rule.id),
    shortDescription: { text: asSentence(rule.title) },
    fullDescription: { text: why },
    help: {
      text: [why, `Fix: ${fix}`, ...plainStandards].join('\n'),
      markdown: ['## Why it matters', '', why, '', '## How to fix', '', fix, '', '## Standards', '', ...standardsMarkdown(rule)].join('\n'),
    },
    helpUri: rule.helpUri,
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: {
      tags: ['security', ...standardsTagList(s)],
      'security-severity': securitySeverity(rule.severity),
      'problem.severity': problemSeverity(rule.severity),
      precision: 'high',
    },
  };
}

class LocationWriter {
  constructor(
    private readonly root: string,
    private readonly sources: RedactedSources | undefined,
  ) {}

  artifact(file: string): SarifArtifactLocation {
    const rel = relativeToRoot(this.root, file);
    return rel === null ? { uri: fileUri(file) } : { uri: uriReference(rel), uriBaseId: ROOT_BASE_ID };
  }

  physical(loc: Location): SarifPhysicalLocation {
    const { start, end } = loc.range;
    const region: SarifRegion = {
      startLine: start.line + 1,
      startColumn: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
    };
    const physical: SarifPhysicalLocation = { artifactLocation: this.artifact(loc.file), region };
    const index = this.sources?.lineIndex(loc.file);
    if (!index) return physical;
    const snippet = index.text.slice(loc.startOffset, loc.endOffset);
    if (snippet.length > 0) region.snippet = { text: snippet };
    // Two lines either side, whole lines; only when that is strictly larger than the region.
    const regionLast = lastLineOf(loc.range);
    const first = Math.max(0, start.line - 2);
    const last = Math.min(index.lineCount - 1, regionLast + 2);
    if (first < start.line || last > regionLast) {
      const lines: string[] = [];
      for (let l = first; l <= last; l++) lines.push(index.lineText(l));
      physical.contextRegion = { startLine: first + 1, endLine: last + 1, snippet: { text: `${lines.join('\n')}\n` } };
    }
    return physical;
  }

  location(loc: Location, message?: string): SarifLocation {
    const out: SarifLocation = { physicalLocation: this.physical(loc) };
    if (message !== undefined) out.message = { text: message };
    return out;
  }
}

const STEP_LABEL: Record<FlowStep['kind'], string> = { source: 'Source', step: 'Step', sink: 'Sink' };

function codeFlow(f: Finding, locations: LocationWriter): SarifCodeFlow {
  return {
    message: { text: asSentence(`${f.title}: ${f.flow.length} steps from source to sink`) },
    threadFlows: [
      {
        locations: f.flow.map((step, i) => ({
          location: locations.location(step.location, asSentence(`${STEP_LABEL[step.kind]}: ${step.note}`)),
          importance: step.kind === 'step' ? 'important' : 'essential',
          executionOrder: i + 1,
        })),
      },
    ],
  };
}

function suppression(f: Finding): SarifSuppression[] | undefined {
  const s = f.suppression;
  if (!s) return undefined;
  const out: SarifSuppression = { kind: s.kind === 'inline' ? 'inSource' : 'external', status: 'accepted', justification: s.justification };
  const props: Record<string, string> = {};
  if (s.owner !== undefined) props.owner = s.owner;
  if (s.acceptedOn !== undefined) props.acceptedOn = s.acceptedOn;
  if (s.reviewBy !== undefined) props.reviewBy = s.reviewBy;
  if (s.kind === 'register') props.source = '.llmsec/accepted-risks.yaml';
  if (Object.keys(props).length > 0) out.properties = props;
  return [out];
}

function toResult(f: Finding, ruleIndex: number, locations: LocationWriter): SarifResult {
  const result: SarifResult = {
    ruleId: f.ruleId,
    ruleIndex,
    level: sarifLevel(f.severity),
    message: { text: asSentence(f.message) },
    locations: [locations.location(f.location)],
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: f.fingerprint },
  };
  if (f.flow.length > 0) result.codeFlows = [codeFlow(f, locations)];
  const suppressions = suppression(f);
  if (suppressions) result.suppressions = suppressions;
  result.properties = { severity: f.severity, 'security-severity': securitySeverity(f.severity), tags: standardsTagList(f.tags) };
  return result;
}

function notification(n: ScanNotice, locations: LocationWriter): SarifNotification {
  const out: SarifNotification = {
    level: n.level === 'info' ? 'note' : n.level,
    message: { text: asSentence(n.message) },
    properties: { reason: n.reason },
  };
  if (n.file) out.locations = [{ physicalLocation: { artifactLocation: locations.artifact(n.file) } }];
  return out;
}

export function toSarif(result: ScanResult, rules: readonly RuleInfo[], options: SarifOptions = {}): SarifLog {
  const findings = sortedFindings(result);
  const catalogue = reportRules(rules, findings);
  const ruleIndex = new Map(catalogue.map((r, i) => [r.id, i]));
  const sources = options.readSource ? new RedactedSources(options.readSource, result) : undefined;
  const locations = new LocationWriter(result.root, sources);
  const version = options.toolVersion ?? TOOL_VERSION;
  const informationUri = options.informationUri ?? TOOL_INFORMATION_URI;

  const notifications = sortedNotices(result).map((n) => notification(n, locations));
  const invocation = {
    executionSuccessful: true,
    ...(options.timestamps ? { startTimeUtc: options.timestamps.start, endTimeUtc: options.timestamps.end } : {}),
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
  };

  const rootBase: { uri?: string; description: { text: string } } = { description: { text: 'The root directory that was scanned.' } };
  if (options.includeRootUri !== false) rootBase.uri = directoryUri(result.root);

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            fullName: `${TOOL_NAME}: AI-aware secure development`,
            version,
            semanticVersion: version,
            ...(informationUri ? { informationUri } : {}),
            rules: catalogue.map(describeRule),
          },
        },
        automationDetails: { id: options.automationId ?? `${TOOL_NAME}/` },
        originalUriBaseIds: { [ROOT_BASE_ID]: rootBase },
        invocations: [invocation],
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => toResult(f, ruleIndex.get(f.ruleId) ?? 0, locations)),
      },
    ],
  };
}

export function serializeSarif(log: SarifLog): string {
  return `${JSON.stringify(log, null, 2)}\n`;
}
