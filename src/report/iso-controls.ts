/**
 * The ISO/IEC 42001 Annex A view of a scan: for each control the rules map to, the open findings,
 * the accepted risks (register) and the rules' rationale for the mapping. Shared by the HTML
 * report and the risk panel.
 *
 *   isoControlRows(findings: readonly Finding[], rules: readonly RuleInfo[], root: string): IsoControlRow[]
 *   acceptedRisks(findings: readonly Finding[], root: string): AcceptedRisk[]
 */
import type { Finding, Severity } from '../engine/findings';
import type { RuleInfo } from '../engine/rules/model';
import { compareFindings, compareStrings } from './order';
import { displayPath } from './paths';
import { isoControlName, isoControlOrder, isoObjectiveName } from './standards';

export interface AcceptedRisk {
  ruleId: string;
  title: string;
  severity: Severity;
  file: string;
  line: number;
  fingerprint: string;
  reason: string;
  owner?: string;
  acceptedOn?: string;
  reviewBy?: string;
}

export interface IsoControlRow {
  id: string;
  name: string;
  objective: string;
  objectiveName: string;
  open: Record<Severity, number>;
  openTotal: number;
  suppressedInline: number;
  accepted: AcceptedRisk[];
  /** Rule ids mapped to the control, sorted. */
  rules: string[];
  /** Distinct rationale sentences of those rules. */
  rationales: string[];
}

function accepted(f: Finding, root: string): AcceptedRisk {
  const s = f.suppression;
  return {
    ruleId: f.ruleId,
    title: f.title,
    severity: f.severity,
    file: displayPath(root, f.location.file),
    line: f.location.range.start.line + 1,
    fingerprint: f.fingerprint,
    reason: s?.justification ?? '',
    ...(s?.owner !== undefined ? { owner: s.owner } : {}),
    ...(s?.acceptedOn !== undefined ? { acceptedOn: s.acceptedOn } : {}),
    ...(s?.reviewBy !== undefined ? { reviewBy: s.reviewBy } : {}),
  };
}

export function acceptedRisks(findings: readonly Finding[], root: string): AcceptedRisk[] {
  return [...findings]
    .filter((f) => f.suppression?.kind === 'register')
    .sort(compareFindings)
    .map((f) => accepted(f, root));
}

export function isoControlRows(findings: readonly Finding[], rules: readonly RuleInfo[], root: string): IsoControlRow[] {
  const rows = new Map<string, IsoControlRow>();
  const row = (id: string): IsoControlRow => {
    let r = rows.get(id);
    if (!r) {
      const objective = id.split('.').slice(0, 2).join('.');
      r = {
        id,
        name: isoControlName(id) ?? id,
        objective,
        objectiveName: isoObjectiveName(objective) ?? objective,
        open: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
        openTotal: 0,
        suppressedInline: 0,
        accepted: [],
        rules: [],
        rationales: [],
      };
      rows.set(id, r);
    }
    return r;
  };
  const addRule = (r: IsoControlRow, ruleId: string, rationale: string) => {
    if (!r.rules.includes(ruleId)) r.rules.push(ruleId);
    if (rationale && !r.rationales.includes(rationale)) r.rationales.push(rationale);
  };
  for (const rule of rules) for (const c of rule.standards.iso42001) addRule(row(c), rule.id, rule.standards.isoRationale);
  for (const f of [...findings].sort(compareFindings)) {
    for (const c of f.tags.iso42001) {
      const r = row(c);
      addRule(r, f.ruleId, f.tags.isoRationale);
      if (f.suppression?.kind === 'register') r.accepted.push(accepted(f, root));
      else if (f.suppression) r.suppressedInline++;
      else {
        r.open[f.severity]++;
        r.openTotal++;
      }
    }
  }
  for (const r of rows.values()) {
    r.rules.sort(compareStrings);
    r.rationales.sort(compareStrings);
  }
  return [...rows.values()].sort((a, b) => isoControlOrder(a.id) - isoControlOrder(b.id) || compareStrings(a.id, b.id));
}
