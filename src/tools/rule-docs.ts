/**
 * Rule documentation pages (docs/rules/<id>.md), generated from the rule files so the text a
 * user reads in a hover, the report and the docs is the same. `npm run docs` rewrites them.
 */
import type { RuleSpec } from '../engine/rules/model';
import { ATLAS_NAMES, CWE_NAMES, ISO_42001_CONTROLS, OWASP_2026, atlasUrl, cweUrl, owaspName, owaspUrl } from '../engine/standards';

export function ruleDoc(rule: RuleSpec): string {
  const s = rule.standards;
  const lines = [
    `# ${rule.id}`,
    '',
    `**${rule.title}** · severity ${rule.severity}${rule.systemPositionSeverity ? ` (${rule.systemPositionSeverity} in the system position)` : ''} · ${rule.languages.map(languageName).join(', ')}`,
    '',
    '## Why it matters',
    '',
    rule.docs.why,
    '',
    '## How to fix it',
    '',
    rule.docs.fix,
    '',
    '## Standards',
    '',
  ];
  for (const id of s.owasp2025) lines.push(`- OWASP Top 10 for LLM Applications [${id} ${owaspName(id)}](${owaspUrl(id)})`);
  for (const id of s.owasp2026) lines.push(`- OWASP Top 10 for LLM Applications 2026: ${id} ${OWASP_2026[id]?.name ?? ''}`);
  for (const id of s.iso42001) lines.push(`- ISO/IEC 42001:2023 Annex A ${id} ${ISO_42001_CONTROLS[id] ?? ''}`);
  lines.push(`- Why these controls: ${s.isoRationale}`);
  for (const id of s.cwe) lines.push(`- [${id} ${CWE_NAMES[id] ?? ''}](${cweUrl(id)})`);
  for (const id of s.atlas) lines.push(`- MITRE ATLAS [${id} ${ATLAS_NAMES[id] ?? ''}](${atlasUrl(id)})`);
  lines.push('', '## Suppressing', '', 'On the line above the finding, with the reason it is safe:', '', '```', `# llmsec-ignore[${rule.id}]: <reason>`, '```', '');
  lines.push(`Examples that must fire and must stay silent: the fixtures beside the rule file in \`rules/\`.`, '');
  return lines.join('\n');
}

function languageName(l: string): string {
  return l === 'python' ? 'Python' : 'JavaScript / TypeScript';
}
