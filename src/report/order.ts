/**
 * A fixed order for everything a report lists, so the same input gives byte-identical output
 * whatever order the workers finished in.
 *
 *   sortedFiles(result: ScanResult): FileResult[]          by path relative to the root
 *   compareLocations(a: Location, b: Location): number
 *   compareFindings(a: Finding, b: Finding): number         file, line, column, rule, fingerprint
 *   sortedFindings(result: ScanResult): Finding[]
 *   sortedNotices(result: ScanResult): ScanNotice[]         scan-level and per-file notices, each once
 *   compareStrings(a: string, b: string): number            code-unit order (not locale)
 */
import type { FileResult, Finding, Location, ScanNotice, ScanResult } from '../engine/findings';
import { displayPath } from './paths';

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareLocations(a: Location, b: Location): number {
  return (
    compareStrings(a.file, b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.range.end.line - b.range.end.line ||
    a.range.end.character - b.range.end.character
  );
}

export function compareFindings(a: Finding, b: Finding): number {
  return compareLocations(a.location, b.location) || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.fingerprint, b.fingerprint);
}

export function sortedFiles(result: ScanResult): FileResult[] {
  return [...result.files].sort(
    (a, b) => compareStrings(displayPath(result.root, a.file), displayPath(result.root, b.file)) || compareStrings(a.file, b.file),
  );
}

export function sortedFindings(result: ScanResult): Finding[] {
  return sortedFiles(result).flatMap((f) => [...f.findings].sort(compareFindings));
}

function compareNotices(a: ScanNotice, b: ScanNotice): number {
  return compareStrings(a.file ?? '', b.file ?? '') || compareStrings(a.reason, b.reason) || compareStrings(a.level, b.level) || compareStrings(a.message, b.message);
}

/** A skipped file's notice is both the scan's and its result's (scan.ts): reports list it once. */
export function sortedNotices(result: ScanResult): ScanNotice[] {
  const all = [...result.notices, ...result.files.flatMap((f) => f.notices)].sort(compareNotices);
  return all.filter((n, i) => i === 0 || compareNotices(all[i - 1], n) !== 0);
}
