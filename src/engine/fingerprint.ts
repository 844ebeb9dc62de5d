/**
 * Fingerprints that survive unrelated edits: they hash the rule, the file's path relative to the
 * scan root, and the whitespace-normalised text of the sink line and the source line, plus an
 * occurrence counter for identical lines. Moving code up or down keeps them; changing the flagged
 * line itself gives a new one.
 */
import { createHash } from 'node:crypto';

export function fingerprintOf(ruleId: string, relativePath: string, sinkLine: string, sourceLine: string, occurrence: number): string {
  return fingerprinter(ruleId, relativePath, normaliseLine(sinkLine), normaliseLine(sourceLine))(occurrence);
}

export function normaliseLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * The fingerprints of every occurrence of one rule on one pair of lines (already normalised):
 * the lines are hashed once and the hash state is copied per occurrence. A minified file can put
 * thousands of findings on one line of megabytes; hashing that line per finding was the slow part.
 */
export function fingerprinter(ruleId: string, relativePath: string, sinkLine: string, sourceLine: string): (occurrence: number) => string {
  const prefix = createHash('sha256').update([ruleId, relativePath.replace(/\\/g, '/'), sinkLine, sourceLine, ''].join('\0'));
  return (occurrence) => prefix.copy().update(String(occurrence)).digest('hex').slice(0, 32);
}
