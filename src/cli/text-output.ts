/** Human-readable scan output: one block per finding, then a summary. Colour only on a TTY. */
import * as path from 'node:path';
import type { Finding, ScanResult, Severity } from '../engine/findings';
import { SEVERITY_ORDER } from '../engine/findings';

const COLOURS: Record<Severity, string> = { critical: '\x1b[1;31m', high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m', info: '\x1b[2m' };

export interface TextOptions {
  colour: boolean;
  owaspEdition: '2025' | '2026';
  showSuppressed: boolean;
}

export function formatText(result: ScanResult, options: TextOptions): string {
  const c = (code: string, s: string): string => (options.colour ? `${code}${s}\x1b[0m` : s);
  const rel = (file: string): string => path.relative(result.root, file) || path.basename(file);
  const all = result.files.flatMap((f) => f.findings);
  const open = all.filter((f) => !f.suppression);
  const shown = options.showSuppressed ? all : open;
  const lines: string[] = [];
  for (const f of sortFindings(shown)) {
    const where = `${rel(f.location.file)}:${f.location.range.start.line + 1}:${f.location.range.start.character + 1}`;
    const sev = c(COLOURS[f.severity], f.severity.toUpperCase().padEnd(8));
    const tags = owaspTags(f, options.owaspEdition);
    lines.push(`${c('\x1b[1m', where)}  ${sev} ${f.ruleId}${f.suppression ? c('\x1b[2m', ` (suppressed: ${f.suppression.justification})`) : ''}`);
    lines.push(`  ${replaceOwasp(f.message, tags, options.owaspEdition)}`);
    if (f.flow.length > 1) {
      lines.push(`  ${c('\x1b[2m', 'flow:')}`);
      for (const s of f.flow) lines.push(`    ${c('\x1b[2m', `${rel(s.location.file)}:${s.location.range.start.line + 1}`)}  ${s.note}`);
    }
    lines.push(`  ${c('\x1b[2m', `${[...tags, ...f.tags.iso42001.map((i) => `ISO 42001 ${i}`), ...f.tags.cwe].join(' · ')}  ${f.helpUri}`)}`);
    lines.push('');
  }
  for (const n of result.notices) {
    if (n.level === 'info' && n.reason !== 'too-large') continue;
    lines.push(c('\x1b[2m', `${n.level}: ${n.file ? n.message.replace(n.file, rel(n.file)) : n.message}`));
  }
  lines.push(summary(result, open, all.length - open.length));
  return lines.join('\n') + '\n';
}

function summary(result: ScanResult, open: Finding[], suppressed: number): string {
  const counts = SEVERITY_ORDER.slice()
    .reverse()
    .map((s) => [s, open.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const files = new Set(open.map((f) => f.location.file)).size;
  const head = open.length ? `${open.length} finding${open.length === 1 ? '' : 's'} (${counts.join(', ')}) in ${files} file${files === 1 ? '' : 's'}` : 'No findings';
  const s = result.stats;
  return `${head}; ${suppressed} suppressed. Scanned ${s.filesSeen} file${s.filesSeen === 1 ? '' : 's'} (${s.filesAnalysed} analysed, ${s.filesSkipped} skipped) in ${(s.elapsedMs / 1000).toFixed(2)} s.`;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.slice().sort((a, b) => (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : a.location.startOffset - b.location.startOffset || a.ruleId.localeCompare(b.ruleId)));
}

function owaspTags(f: Finding, edition: '2025' | '2026'): string[] {
  return edition === '2026' ? f.tags.owasp2026 : f.tags.owasp2025;
}

/** The message ends with the 2025 ids; show the chosen edition's instead. */
function replaceOwasp(message: string, tags: string[], edition: '2025' | '2026'): string {
  if (edition === '2025') return message;
  return message.replace(/\[(?:LLM\d\d:2025 · )+/, `[${tags.map((t) => `${t} · `).join('')}`);
}
