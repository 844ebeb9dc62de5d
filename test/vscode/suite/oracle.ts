// What the engine says, independently of the extension: the CLI (out/cli.js, the same engine)
// run over files or text, for the host suites to compare the editor's diagnostics, hovers and
// fixes with. Also small helpers shared by llmsec's own host suites.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../../../src/engine/findings';
import type { LlmsecApi } from '../../../src/extension/extension';
import { activate, extensionUnderTest, waitFor } from './helpers';

export async function llmsecApi(): Promise<LlmsecApi> {
  const api = (await activate()) as LlmsecApi;
  await api.ready();
  return api;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder (the runner opens examples/chat-app)');
  return folder.uri.fsPath;
}

export function workspaceUri(relative: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), relative));
}

/** Findings from `llmsec scan --format json` (paths in location.file are relative to root). */
export function cliFindings(root: string, paths: string[]): Finding[] {
  const cli = path.join(extensionUnderTest().extensionPath, 'out', 'cli.js');
  const out = execFileSync(process.execPath, [cli, 'scan', ...paths, '--root', root, '--format', 'json', '--no-progress', '--workers', '0'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return (JSON.parse(out) as { findings: Finding[] }).findings;
}

/** Findings for a piece of text, as if it were a file with this name. */
export function cliFindingsForText(fileName: string, text: string): Finding[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmsec-oracle-'));
  try {
    fs.writeFileSync(path.join(dir, fileName), text);
    return cliFindings(dir, [fileName]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function llmsecDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'llmsec');
}

export function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
}

export function sameRange(d: vscode.Diagnostic | vscode.Range, f: Pick<Finding, 'location'>): boolean {
  const r = 'range' in d ? d.range : d;
  const e = f.location.range;
  return r.start.line === e.start.line && r.start.character === e.start.character && r.end.line === e.end.line && r.end.character === e.end.character;
}

export function rangeOf(f: Finding): vscode.Range {
  const r = f.location.range;
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export const LANGUAGE_BY_EXTENSION: Record<string, string> = { '.py': 'python', '.js': 'javascript', '.jsx': 'javascriptreact', '.ts': 'typescript', '.tsx': 'typescriptreact' };

let scratchCount = 0;

/**
 * An unsaved copy of a text in an editor, so fixes can be tried without touching the disk.
 * With `fileName`, the untitled document carries that name (framework conventions such as
 * Next.js `route.ts` depend on it); otherwise it is a nameless document of `languageId`.
 */
export async function openScratch(text: string, languageId: string, fileName?: string): Promise<vscode.TextEditor> {
  if (!fileName) {
    const document = await vscode.workspace.openTextDocument({ language: languageId, content: text });
    return vscode.window.showTextDocument(document, { preview: false });
  }
  const uri = vscode.Uri.file(path.join(os.tmpdir(), 'llmsec-scratch', String(++scratchCount), fileName)).with({ scheme: 'untitled' });
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  await editor.edit((e) => e.insert(new vscode.Position(0, 0), text));
  if (editor.document.languageId !== languageId) await vscode.languages.setTextDocumentLanguage(editor.document, languageId);
  return editor;
}

export async function closeScratch(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document, { preview: false });
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/** Waits until the document's llmsec diagnostics satisfy `probe`. */
export function diagnosticsWhere(uri: vscode.Uri, what: string, probe: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  return waitFor(what, () => {
    const d = llmsecDiagnostics(uri);
    return probe(d) ? d : undefined;
  }, timeoutMs);
}

/** Sets a setting in the (throwaway) user settings of the test profile; undefined removes it. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  const [section, ...rest] = key.split('.');
  await vscode.workspace.getConfiguration(section).update(rest.join('.'), value, vscode.ConfigurationTarget.Global);
}

export function markdownOf(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}
