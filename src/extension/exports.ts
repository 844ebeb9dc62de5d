/**
 * Exports of the workspace's findings: SARIF 2.1.0 (src/report/sarif.ts) and the CycloneDX
 * AI-BOM (src/report/bom.ts), the same writers the CLI uses. The workspace is scanned first if
 * it has not been, so the file covers more than the open documents. An existing file is only
 * replaced after the user said so: the save dialog asks, and a target passed by a caller is
 * checked here.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ScanResult } from '../engine/findings';
import { buildAiBom, serializeBom } from '../report/bom';
import { manifestDirsFor, readManifests } from '../report/manifests';
import { serializeSarif, toSarif } from '../report/sarif';
import { diskSourceReader } from '../report/source';
import type { AnalysisService } from './analysis/service';
import type { WorkspaceScanner } from './scan/workspace-scan';
import { log } from './log';

export type ExportKind = 'sarif' | 'aibom';

const FORMATS: Record<ExportKind, { name: string; fileName: string; filters: Record<string, string[]> }> = {
  sarif: { name: 'SARIF', fileName: 'llmsec.sarif', filters: { SARIF: ['sarif', 'json'] } },
  aibom: { name: 'AI-BOM', fileName: 'llmsec-ai-bom.cdx.json', filters: { 'CycloneDX JSON': ['json'] } },
};

/** The store as a ScanResult rooted at the first workspace folder. */
export function currentScanResult(service: AnalysisService): ScanResult | undefined {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  const entries = service.store.all().filter((e) => e.uri.scheme === 'file');
  const root = folder?.uri.fsPath ?? (entries[0] ? path.dirname(entries[0].file) : undefined);
  if (!root) return undefined;
  const files = entries.map((e) => e.result).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { root, files, notices: [], stats: { filesSeen: files.length, filesAnalysed: files.length, filesSkipped: 0, elapsedMs: 0 } };
}

export async function exportReport(kind: ExportKind, service: AnalysisService, scanner: WorkspaceScanner, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const format = FORMATS[kind];
  if (!service.workspaceScanned) await scanner.scan();
  const result = currentScanResult(service);
  if (!result) {
    void vscode.window.showInformationMessage(`llmsec: nothing to export yet; open a folder or a Python / JavaScript / TypeScript file.`);
    return undefined;
  }
  const destination = target ? await confirmReplace(target) : await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(path.join(result.root, format.fileName)),
    filters: format.filters,
    saveLabel: `Export ${format.name}`,
    title: `llmsec: export ${format.name}`,
  });
  if (!destination) return undefined;
  const text = kind === 'sarif' ? sarifText(service, result, await service.allRules()) : serializeBom(buildAiBom(result, readManifests(result.root, manifestDirsFor(result))));
  await vscode.workspace.fs.writeFile(destination, Buffer.from(text, 'utf8'));
  log.info(`exported ${format.name} to ${destination.toString()}`);
  void vscode.window.showInformationMessage(`llmsec: ${format.name} written to ${vscode.workspace.asRelativePath(destination)}.`, 'Open').then((pick) => {
    if (pick) void vscode.window.showTextDocument(destination);
  });
  return destination;
}

function sarifText(_service: AnalysisService, result: ScanResult, rules: Awaited<ReturnType<AnalysisService['allRules']>>): string {
  const fromDisk = diskSourceReader(result.root);
  // Unsaved editor text is what the findings were computed on: snippets come from it.
  const readSource = (file: string) => {
    const absolute = path.resolve(result.root, file);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === absolute);
    return open ? open.getText() : fromDisk(file);
  };
  return serializeSarif(toSarif(result, rules, { readSource }));
}

async function confirmReplace(target: vscode.Uri): Promise<vscode.Uri | undefined> {
  try {
    await vscode.workspace.fs.stat(target);
  } catch {
    return target; // does not exist yet
  }
  const replace = 'Replace';
  const pick = await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(target)} already exists. Replace it?`, { modal: true }, replace);
  return pick === replace ? target : undefined;
}
