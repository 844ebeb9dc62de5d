/**
 * The risk panel's numbers, computed from the same findings the diagnostics show: the risk
 * score (src/report/risk-score.ts, shared with the HTML report), counts by severity and by
 * OWASP category, the ISO/IEC 42001 controls with open and suppressed counts, the inventory of
 * LLM call sites and model sources, and the findings list. Pure: no `vscode`.
 */
import type { FileResult, Finding, Severity } from '../../engine/findings';
import { severityRank } from '../../engine/findings';
import type { RuleInfo } from '../../engine/rules/model';
import { OWASP_2026_LIST_URL } from '../../engine/standards';
import { computeRiskScore, RISK_SCORE_EXPLANATION, RISK_WEIGHTS } from '../../report/risk-score';
import { isoControlRows } from '../../report/iso-controls';
import { owaspCategories, owaspName, owaspUrl } from '../../report/standards';
import type { PanelFinding, PanelLocation, PanelState } from '../../webview/protocol';
import type { OwaspEdition } from '../settings/engine-config';
import { owaspIds, plainMessage } from '../text/finding-text';

export interface PanelEntry {
  uri: string;
  /** Path shown to the user (relative to its workspace folder). */
  displayPath: string;
  result: FileResult;
}

export interface PanelInput {
  workspaceName: string;
  edition: OwaspEdition;
  entries: PanelEntry[];
  rules: RuleInfo[];
  scan: PanelState['scan'];
  restricted: boolean;
  problems: string[];
}

const zero = (): Record<Severity, number> => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });

export function buildPanelState(input: PanelInput): PanelState {
  const entries = [...input.entries].sort((a, b) => compare(a.displayPath, b.displayPath));
  const findings = entries.flatMap((e) => e.result.findings);
  const risk = computeRiskScore(findings);
  const openTotal = Object.values(risk.open).reduce((a, b) => a + b, 0);

  const owasp = owaspCategories(input.edition).map((id) => ({
    id,
    name: owaspName(id) ?? id,
    ...(input.edition === '2025' ? { url: owaspUrl(id) } : { url: OWASP_2026_LIST_URL }),
    open: zero(),
    openTotal: 0,
  }));
  const byId = new Map(owasp.map((c) => [c.id, c]));
  for (const f of findings) {
    if (f.suppression) continue;
    for (const id of owaspIds(f.tags, input.edition)) {
      const c = byId.get(id);
      if (!c) continue;
      c.open[f.severity]++;
      c.openTotal++;
    }
  }

  const iso = isoControlRows(findings, input.rules, '/').map((row) => ({
    id: row.id,
    name: row.name,
    objective: `${row.objective} ${row.objectiveName}`,
    open: row.openTotal,
    suppressed: row.suppressedInline + row.accepted.length,
    rules: row.rules,
    rationale: row.rationales.join(' '),
  }));

  const location = (e: PanelEntry, loc: { range: { start: { line: number; character: number } } }): PanelLocation => ({
    uri: e.uri,
    file: e.displayPath,
    line: loc.range.start.line,
    character: loc.range.start.character,
  });

  const panelFindings: PanelFinding[] = entries
    .flatMap((e) => e.result.findings.map((f) => toPanelFinding(e, f, input.edition, location(e, f.location))))
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || compare(a.file, b.file) || a.line - b.line || compare(a.ruleId, b.ruleId));

  return {
    workspaceName: input.workspaceName,
    edition: input.edition,
    score: { score: risk.score, rating: risk.rating, points: risk.points, explanation: RISK_SCORE_EXPLANATION, weights: { ...RISK_WEIGHTS } },
    open: risk.open,
    openTotal,
    suppressed: risk.suppressed,
    accepted: risk.accepted,
    owasp,
    iso,
    callSites: entries.flatMap((e) =>
      e.result.callSites.map((c) => ({ ...location(e, c.location), provider: c.provider, api: c.api, model: c.model, streaming: c.streaming })),
    ),
    modelSources: entries.flatMap((e) =>
      e.result.modelSources.map((m) => ({
        ...location(e, m.location),
        kind: m.kind,
        name: m.name,
        api: m.api,
        revision: m.revision,
        pinned: m.pinned,
        trustRemoteCode: m.trustRemoteCode,
      })),
    ),
    findings: panelFindings,
    filesAnalysed: entries.length,
    scan: input.scan,
    restricted: input.restricted,
    problems: input.problems,
  };
}

function toPanelFinding(e: PanelEntry, f: Finding, edition: OwaspEdition, where: PanelLocation): PanelFinding {
  return {
    ...where,
    key: `${e.uri}#${f.fingerprint}#${f.location.startOffset}`,
    ruleId: f.ruleId,
    title: f.title,
    severity: f.severity,
    message: plainMessage(f),
    owasp: owaspIds(f.tags, edition),
    iso: f.tags.iso42001,
    ...(f.suppression ? { suppressed: f.suppression.justification || '(no reason given)' } : {}),
    flowSteps: f.flow.length,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
