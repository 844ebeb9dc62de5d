/**
 * The rules a report describes: the rules given, plus a minimal description for any rule id a
 * finding carries that is not among them (a user rule loaded elsewhere), so every result has
 * rule metadata.
 *
 *   reportRules(rules: readonly RuleInfo[], findings: readonly Finding[]): RuleInfo[]   sorted by id
 *   friendlyRuleName(id: string): string      'prompt-injection-user-input' -> 'PromptInjectionUserInput'
 *   asSentence(text: string): string          trimmed, ending with '.', '!' or '?'
 */
import type { Finding } from '../engine/findings';
import type { RuleInfo } from '../engine/rules/model';
import { compareStrings } from './order';

function fromFinding(f: Finding): RuleInfo {
  return {
    id: f.ruleId,
    title: f.title,
    severity: f.severity,
    languages: f.language === 'python' ? ['python'] : ['javascript'],
    docs: { why: asSentence(f.title), fix: 'See the rule documentation.' },
    standards: { ...f.tags },
    helpUri: f.helpUri,
    origin: 'unknown',
  };
}

export function reportRules(rules: readonly RuleInfo[], findings: readonly Finding[]): RuleInfo[] {
  const byId = new Map<string, RuleInfo>();
  for (const r of rules) if (!byId.has(r.id)) byId.set(r.id, r);
  for (const f of findings) if (!byId.has(f.ruleId)) byId.set(f.ruleId, fromFinding(f));
  return [...byId.values()].sort((a, b) => compareStrings(a.id, b.id));
}

export function friendlyRuleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

export function asSentence(text: string): string {
  const t = text.trim();
  if (t === '') return t;
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
