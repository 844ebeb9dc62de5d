/**
 * Inline suppressions: `# llmsec-ignore[rule-id]: reason` (or `//`) on the line of a finding or on
 * the line above it. Several ids may be listed, separated by commas. A suppression without a
 * reason still suppresses, but is reported itself (rule `suppression-without-reason`).
 */
import type { Comment } from './ir';
import type { LineIndex, Span } from './span';

export interface InlineSuppression {
  ruleIds: string[];
  reason: string;
  /** The line the suppression applies to. */
  line: number;
  span: Span;
}

const MARKER = /llmsec-ignore\[([^\]]*)\](?:\s*:\s*(.*?))?\s*(?:\*\/)?\s*$/;

export function parseSuppressions(comments: Comment[], lines: LineIndex): InlineSuppression[] {
  const out: InlineSuppression[] = [];
  for (const c of comments) {
    const m = MARKER.exec(c.text);
    if (!m) continue;
    const ruleIds = m[1].split(',').map((s) => s.trim()).filter(Boolean);
    const reason = (m[2] ?? '').trim();
    const commentLine = lines.position(c.span.start).line;
    const before = lines.lineText(commentLine).slice(0, lines.position(c.span.start).character);
    const line = before.trim() === '' ? nextCodeLine(lines, commentLine) : commentLine;
    out.push({ ruleIds, reason, line, span: c.span });
  }
  return out;
}

/** The first line after `from` that is not blank and not only a comment. */
function nextCodeLine(lines: LineIndex, from: number): number {
  for (let l = from + 1; l < Math.min(lines.lineCount, from + 8); l++) {
    const t = lines.lineText(l).trim();
    if (t && !t.startsWith('#') && !t.startsWith('//')) return l;
  }
  return from + 1;
}

export function suppressionFor(list: InlineSuppression[], ruleId: string, line: number): InlineSuppression | undefined {
  return list.find((s) => s.line === line && s.ruleIds.includes(ruleId));
}
