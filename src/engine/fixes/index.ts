/**
 * Fix generators: each rule family may offer a preferred fix, computed here as text edits on
 * the finding's file. Every finding also gets "Suppress with justification".
 */
import type { Finding, Fix } from '../findings';
import type { LanguageId, ModuleIR } from '../ir';
import type { LineIndex, Span } from '../span';
import { ruleFixes } from './registry';

export interface FixContext {
  finding: Finding;
  text: string;
  lines: LineIndex;
  module: ModuleIR;
  language: LanguageId;
  /** The whole call, for fixes that add or change arguments. */
  callSpan?: Span;
}

export function fixesFor(ctx: FixContext): Fix[] {
  const fixes: Fix[] = [];
  try {
    fixes.push(...ruleFixes(ctx));
  } catch {
    // A fix generator must never cost the user the finding itself.
  }
  fixes.push(suppressFix(ctx));
  return fixes;
}

/** Inserts `llmsec-ignore[rule]: <reason>` above the finding's line, at its indentation. */
export function suppressFix(ctx: FixContext): Fix {
  const line = ctx.finding.location.range.start.line;
  const lineText = ctx.lines.lineText(line);
  const indent = /^\s*/.exec(lineText)?.[0] ?? '';
  const marker = ctx.language === 'python' ? '#' : '//';
  const offset = ctx.lines.lineStart(line);
  return {
    title: `Suppress ${ctx.finding.ruleId} with a justification`,
    edits: [{ startOffset: offset, endOffset: offset, newText: `${indent}${marker} llmsec-ignore[${ctx.finding.ruleId}]: \${1:reason this is safe}\n` }],
    isPreferred: false,
    isSnippet: true,
  };
}
