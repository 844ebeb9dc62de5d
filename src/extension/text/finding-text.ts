/**
 * The words the editor shows for a finding: the diagnostic message (with the OWASP edition
 * chosen in settings), severity names, and the hover. Pure: locations become links through a
 * function the caller passes, so this is tested in plain Node.
 */
import type { Finding, FlowStep, Severity, StandardsTags } from '../../engine/findings';
import type { RuleInfo } from '../../engine/rules/model';
import { ATLAS_NAMES, CWE_NAMES, ISO_42001_CONTROLS, OWASP_2026_LIST_URL, atlasUrl, cweUrl, owaspName, owaspUrl } from '../../engine/standards';
import type { OwaspEdition } from '../settings/engine-config';
import { escapeMarkdown, escapeProse, inlineCode, link } from './markdown';

export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

export function owaspIds(tags: StandardsTags, edition: OwaspEdition): string[] {
  return edition === '2026' ? tags.owasp2026 : tags.owasp2025;
}

/** `[LLM05:2025 · ISO 42001 A.6.2.4, A.6.2.5]`, the way the engine ends its messages. */
export function standardsSuffix(tags: StandardsTags, edition: OwaspEdition): string {
  const parts = [...owaspIds(tags, edition)];
  if (tags.iso42001.length) parts.push(`ISO 42001 ${tags.iso42001.join(', ')}`);
  return `[${parts.join(' · ')}]`;
}

/**
 * The engine's message ends with the 2025 ids; for the 2026 edition that suffix is swapped.
 * A message without the suffix (a user rule's) gets one, so every diagnostic names both.
 */
export function diagnosticMessage(finding: Finding, edition: OwaspEdition): string {
  const engineSuffix = standardsSuffix(finding.tags, '2025');
  const wanted = standardsSuffix(finding.tags, edition);
  const message = finding.message.trimEnd();
  if (message.endsWith(engineSuffix)) return `${message.slice(0, -engineSuffix.length).trimEnd()} ${wanted}`;
  if (message.endsWith(wanted)) return message;
  return `${message} ${wanted}`;
}

/** The message without the bracketed standards, for places that show the standards apart. */
export function plainMessage(finding: Finding): string {
  const suffix = standardsSuffix(finding.tags, '2025');
  const message = finding.message.trimEnd();
  return message.endsWith(suffix) ? message.slice(0, -suffix.length).trimEnd() : message;
}

export function flowStepLabel(step: FlowStep, index: number, total: number): string {
  const role = step.kind === 'source' ? 'Source' : step.kind === 'sink' ? 'Sink' : `Step ${index}`;
  return total > 1 ? `${role}: ${step.note}` : step.note;
}

/** How a flow step's location is linked: returns a link target (command: or file URI). */
export type LocationLinker = (step: FlowStep) => { label: string; target: string };

export interface HoverInput {
  finding: Finding;
  rule?: RuleInfo;
  edition: OwaspEdition;
  linkStep: LocationLinker;
  /** Target of the "rule documentation" link. */
  docsTarget: string;
}

/** The hover for one finding, as markdown (trusted only for the llmsec commands it links). */
export function hoverMarkdown(input: HoverInput): string {
  const { finding, rule, edition } = input;
  const out: string[] = [];
  out.push(`**${escapeMarkdown(finding.title)}**  `);
  out.push(`${SEVERITY_LABEL[finding.severity]} severity · llmsec ${inlineCode(finding.ruleId)}${finding.suppression ? ` · suppressed: ${escapeMarkdown(finding.suppression.justification)}` : ''}`);
  // The editor shows the diagnostic's message just above an open finding's hover; a
  // suppressed finding has no diagnostic, so its hover says what it is about.
  if (finding.suppression) out.push('', escapeMarkdown(plainMessage(finding)));
  if (rule) out.push('', `**How to fix.** ${escapeProse(rule.docs.fix)}`);
  out.push('', ...standardsLines(finding.tags, edition));
  if (rule) out.push('', `**Why it matters.** ${escapeProse(rule.docs.why)}`);
  if (finding.flow.length) {
    out.push('', '**Data flow**', '');
    finding.flow.forEach((step, i) => {
      const where = input.linkStep(step);
      const role = step.kind === 'source' ? '*source* · ' : step.kind === 'sink' ? '*sink* · ' : '';
      out.push(`${i + 1}. ${role}${link(where.label, where.target)} ${escapeMarkdown(step.note)}`);
    });
  }
  out.push('', `${link('Rule documentation', input.docsTarget)} · ${link('Online reference', finding.helpUri)}`);
  return out.join('\n');
}

/** OWASP, ISO/IEC 42001 (with the rationale), CWE and ATLAS, one line each, linked. */
export function standardsLines(tags: StandardsTags, edition: OwaspEdition): string[] {
  const lines: string[] = [];
  const owasp = owaspIds(tags, edition).map((id) => link(`${id} ${owaspName(id) ?? ''}`.trim(), edition === '2025' ? owaspUrl(id) : OWASP_2026_LIST_URL));
  if (owasp.length) lines.push(`OWASP Top 10 for LLM Applications ${edition}: ${owasp.join(' · ')}  `);
  if (tags.iso42001.length) {
    const controls = tags.iso42001.map((id) => `**${escapeMarkdown(id)}** ${escapeMarkdown(ISO_42001_CONTROLS[id] ?? '')}`.trim());
    lines.push(`ISO/IEC 42001 Annex A: ${controls.join(' · ')}  `);
    if (tags.isoRationale) lines.push(`*${escapeProse(tags.isoRationale)}*  `);
  }
  if (tags.cwe.length) lines.push(`CWE: ${tags.cwe.map((id) => link(`${id} ${CWE_NAMES[id] ?? ''}`.trim(), cweUrl(id))).join(' · ')}  `);
  if (tags.atlas.length) lines.push(`MITRE ATLAS: ${tags.atlas.map((id) => link(`${id} ${ATLAS_NAMES[id] ?? ''}`.trim(), atlasUrl(id))).join(' · ')}  `);
  return lines;
}

/** The page "Show documentation" opens: everything the rule says, with the standards linked. */
export function ruleDocumentMarkdown(rule: RuleInfo, edition: OwaspEdition): string {
  const tags: StandardsTags = { ...rule.standards, atlas: rule.standards.atlas ?? [] };
  return [
    `# ${escapeMarkdown(rule.title)}`,
    '',
    `Rule ${inlineCode(rule.id)} · default severity **${SEVERITY_LABEL[rule.severity]}** · languages: ${rule.languages.map(escapeMarkdown).join(', ')}${rule.origin === 'builtin' ? '' : ` · from ${inlineCode(rule.origin)}`}`,
    '',
    '## Why it matters',
    '',
    escapeProse(rule.docs.why),
    '',
    '## How to fix',
    '',
    escapeProse(rule.docs.fix),
    '',
    '## Standards',
    '',
    ...standardsLines(tags, edition),
    '',
    '## Suppressing a finding',
    '',
    `When the code is safe for a reason the analysis cannot see, put ${inlineCode(`llmsec-ignore[${rule.id}]: <why this is safe>`)} in a comment on the line above. A suppression without a reason is itself reported.`,
    '',
    `Online reference: ${link(rule.helpUri, rule.helpUri)}`,
    '',
  ].join('\n');
}
