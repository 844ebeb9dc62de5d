/**
 * Fingerprints that survive unrelated edits: they hash the rule, the file's path relative to the
 * scan root, and the whitespace-normalised text of the sink line and the source line, plus an
 * occurrence counter for identical lines. Moving code up or down keeps them; changing the flagged
 * line itself gives a new one.
 */
import { createHash } from 'node:crypto';

export function fingerprintOf(ruleId: string, relativePath: string, sinkLine: string, sourceLine: string, occurrence: number): string {
  const normalise = (s: string): string => s.replace(/\s+/g, ' ').trim();
  return createHash('sha256')
    .update([ruleId, relativePath.replace(/\\/g, '/'), normalise(sinkLine), normalise(sourceLine), String(occurrence)].join('\0'))
    .digest('hex')
    .slice(0, 32);
}
