/**
 * Reads a source file for analysis, refusing what should not be analysed: files over the size
 * limit, binary files, and (with a notice, still analysed) text that is not valid UTF-8.
 */
import * as fs from 'node:fs';
import type { ScanNotice } from './findings';

export type SourceRead = { text: string; notices: ScanNotice[] } | { skipped: ScanNotice };

const decoder = new TextDecoder('utf-8', { fatal: true });

export function readSourceFile(file: string, maxBytes: number): SourceRead {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (err) {
    return { skipped: { level: 'warning', reason: 'unreadable', file, message: `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}), skipped` } };
  }
  if (size > maxBytes) {
    return { skipped: { level: 'warning', reason: 'too-large', file, message: `${file}: ${formatBytes(size)} is over the ${formatBytes(maxBytes)} limit, skipped` } };
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    return { skipped: { level: 'warning', reason: 'unreadable', file, message: `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}), skipped` } };
  }
  return decodeSource(file, bytes);
}

export function decodeSource(file: string, bytes: Uint8Array): SourceRead {
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) return { skipped: { level: 'info', reason: 'binary', file, message: `${file}: binary content (NUL bytes), skipped` } };
  try {
    return { text: stripBom(decoder.decode(bytes)), notices: [] };
  } catch {
    // Latin-1 keeps every byte as one character, so offsets and findings stay usable.
    const text = Buffer.from(bytes).toString('latin1');
    return { text, notices: [{ level: 'info', reason: 'not-utf8', file, message: `${file}: not valid UTF-8, read as Latin-1` }] };
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} bytes`;
}
