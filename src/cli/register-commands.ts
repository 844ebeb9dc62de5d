/** `llmsec bom`, `llmsec baseline` and applying the accepted-risk register to a scan. */
import type { ScanResult } from '../engine/findings';
import { applyWorkspaceRegister, baselineWorkspace } from '../engine/register';
import { buildAiBom, serializeBom } from '../report/bom';
import { manifestDirsFor, readManifests } from '../report/manifests';

export function runBom(result: ScanResult): string {
  const manifests = readManifests(result.root, manifestDirsFor(result));
  return serializeBom(buildAiBom(result, manifests));
}

/** Findings accepted in .llmsec/accepted-risks.yaml become suppressed; stale and overdue entries give notices. */
export function withRegister(result: ScanResult, root: string): ScanResult {
  return applyWorkspaceRegister(result, root);
}

/** Writes the register; returns the lines to print and whether it was written. */
export function runBaseline(result: ScanResult, root: string, options: { owner?: string; reviewDays: number }): { text: string; written: boolean } {
  const outcome = baselineWorkspace(result, root, { owner: options.owner, reviewDays: options.reviewDays });
  const lines = [outcome.summary.trimEnd(), ...outcome.notices.map((n) => `llmsec: ${n.message}`)];
  return { text: lines.join('\n') + '\n', written: outcome.written };
}
