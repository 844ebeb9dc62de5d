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

const PREFIX = 'llmsec-ignore[';
/** Markers looked at in one comment: a real comment has one. */
const MAX_MARKERS = 16;

/**
 * `llmsec-ignore[ids]`, then either nothing or `: reason` on one line, then optional white space
 * and a closing `*\/`. Parsed with indexOf and trim, not one regular expression: the expression
 * `llmsec-ignore\[([^\]]*)\](?:\s*:\s*(.*?))?\s*(?:\*\/)?\s*$` backtracks cubically on a
 * long run of spaces (a 3,000-space comment took 40 s).
 */
export function parseMarker(text: string): { ids: string; reason: string } | undefined {
  let from = 0;
  for (let n = 0; n < MAX_MARKERS; n++) {
    const at = text.indexOf(PREFIX, from);
    if (at < 0) return undefined;
    const close = text.indexOf(']', at + PREFIX.length);
    if (close < 0) return undefined;
    const ids = text.slice(at + PREFIX.length, close);
    from = close + 1;
    let rest = text.slice(close + 1).trimEnd();
    if (rest.endsWith('*/')) rest = rest.slice(0, -2).trimEnd();
    rest = rest.trimStart();
    if (rest === '') return { ids, reason: '' };
    if (rest[0] !== ':') continue;
    const reason = rest.slice(1).trim();
    // The reason is one line.
    if (/[\n\r\u2028\u2029]/.test(reason)) continue;
    return { ids, reason };
  }
  return undefined;
}

export function parseSuppressions(comments: Comment[], lines: LineIndex): InlineSuppression[] {
  const out: InlineSuppression[] = [];
  for (const c of comments) {
    const m = parseMarker(c.text);
    if (!m) continue;
    const ruleIds = m.ids.split(',').map((s) => s.trim()).filter(Boolean);
    const reason = m.reason;
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

/** Suppressions by line, built once per parsed list: a linear search per finding is quadratic. */
const byLineOf = new WeakMap<InlineSuppression[], Map<number, InlineSuppression[]>>();

export function suppressionFor(list: InlineSuppression[], ruleId: string, line: number): InlineSuppression | undefined {
  let byLine = byLineOf.get(list);
  if (!byLine) {
    byLine = new Map();
    for (const s of list) {
      const same = byLine.get(s.line);
      if (same) same.push(s);
      else byLine.set(s.line, [s]);
    }
    byLineOf.set(list, byLine);
  }
  return byLine.get(line)?.find((s) => s.ruleIds.includes(ruleId));
}
