/**
 * Source text for excerpts and snippets. The ScanResult carries no file text, so reports read it
 * through a SourceReader (from disk in the CLI, from a map in tests), then redact secrets.
 *
 *   type SourceReader = (file: string) => string | undefined
 *   diskSourceReader(root: string, maxBytes?: number): SourceReader
 *   class RedactedSources(reader: SourceReader, result: ScanResult)
 *     .text(file: string): string | undefined     redacted, cached
 *     .lineIndex(file: string): LineIndex | undefined
 *   excerptLines(index: LineIndex, range: LineRange, context?: number): ExcerptLine[]
 */
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { ScanResult } from '../engine/findings';
import { LineIndex, type LineRange } from '../engine/span';
import { SECRET_RULE_IDS, redactSpans } from './redact';

export type SourceReader = (file: string) => string | undefined;

/** Reads files as UTF-8, relative paths against the root; unreadable or huge files give undefined. */
export function diskSourceReader(root: string, maxBytes = 4 * 1024 * 1024): SourceReader {
  return (file) => {
    const absolute = path.resolve(root, file);
    try {
      if (statSync(absolute).size > maxBytes) return undefined;
      return readFileSync(absolute, 'utf8');
    } catch {
      return undefined;
    }
  };
}

export class RedactedSources {
  private readonly cache = new Map<string, LineIndex | null>();
  private readonly secretSpans = new Map<string, Array<{ start: number; end: number }>>();

  constructor(
    private readonly reader: SourceReader,
    result: ScanResult,
  ) {
    for (const file of result.files) {
      for (const f of file.findings) {
        // The engine marks secrets with `redact`; older results only by rule id.
        const span = f.redact
          ? { start: f.redact.startOffset, end: f.redact.endOffset }
          : SECRET_RULE_IDS.has(f.ruleId)
            ? { start: f.location.startOffset, end: f.location.endOffset }
            : undefined;
        if (!span) continue;
        const spans = this.secretSpans.get(f.location.file) ?? [];
        spans.push(span);
        this.secretSpans.set(f.location.file, spans);
      }
    }
  }

  lineIndex(file: string): LineIndex | undefined {
    let index = this.cache.get(file);
    if (index === undefined) {
      const raw = this.reader(file);
      index = raw === undefined ? null : new LineIndex(redactSpans(raw, this.secretSpans.get(file) ?? []));
      this.cache.set(file, index);
    }
    return index ?? undefined;
  }

  text(file: string): string | undefined {
    return this.lineIndex(file)?.text;
  }
}

export interface ExcerptLine {
  /** 1-based line number. */
  line: number;
  text: string;
  highlight: boolean;
}

const MAX_LINE = 240;

/** Long (minified) lines are cut to a window around the column of interest. */
function clip(text: string, column: number | undefined): string {
  if (text.length <= MAX_LINE) return text;
  const from = column === undefined ? 0 : Math.max(0, Math.min(column - MAX_LINE / 2, text.length - MAX_LINE));
  const body = text.slice(from, from + MAX_LINE);
  return `${from > 0 ? '…' : ''}${body}${from + MAX_LINE < text.length ? '…' : ''}`;
}

/** The last line a range really covers: a range ending at column 0 stops on the line before. */
export function lastLineOf(range: LineRange): number {
  if (range.end.line > range.start.line && range.end.character === 0) return range.end.line - 1;
  return Math.max(range.start.line, range.end.line);
}

const MAX_HIGHLIGHT_LINES = 8;

export function excerptLines(index: LineIndex, range: LineRange, context = 2): ExcerptLine[] {
  const lastLine = index.lineCount - 1;
  const highlightEnd = Math.min(lastLineOf(range), range.start.line + MAX_HIGHLIGHT_LINES - 1);
  const first = Math.max(0, range.start.line - context);
  const last = Math.min(lastLine, highlightEnd + context);
  const lines: ExcerptLine[] = [];
  for (let line = first; line <= last; line++) {
    const highlight = line >= range.start.line && line <= highlightEnd;
    const column = line === range.start.line ? range.start.character : undefined;
    lines.push({ line: line + 1, text: clip(index.lineText(line), column), highlight });
  }
  return lines;
}
