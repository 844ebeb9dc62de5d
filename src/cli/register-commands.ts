/** `llmsec bom`, `llmsec baseline` and applying the accepted-risk register to a scan. */
import type { ScanResult } from '../engine/findings';
import { buildAiBom, serializeBom } from '../report/bom';
import { manifestDirsFor, readManifests } from '../report/manifests';

export function runBom(result: ScanResult): string {
  const manifests = readManifests(result.root, manifestDirsFor(result));
  return serializeBom(buildAiBom(result, manifests));
}

// Wired to src/engine/register.ts once the register lands.
export function applyRegisterTo(_result: ScanResult, _root: string): void {}

export function runBaseline(_result: ScanResult, _root: string, _options: { owner?: string; reviewDays: number }): string {
  return 'llmsec: baseline is not available yet\n';
}
