// The workspace side in the real extension host: activation time, the workspace scan (findings
// of files that are not open, files.exclude, file-system changes), the risk panel's message
// round trip and its numbers against the diagnostics, the SARIF export, and the guard on
// locations the panel may open.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LlmsecApi } from '../../../src/extension/extension';
import { log, waitFor } from './helpers';
import { cliFindings, llmsecApi, llmsecDiagnostics, setSetting, workspaceRoot } from './oracle';

const TEMP_DIR = 'tmp-llmsec-host-test';
const SHELL = `import os
from openai import OpenAI

client = OpenAI()


def title(question):
    reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])
    os.system("echo " + reply.choices[0].message.content)
`;

function allLlmsecDiagnostics(): number {
  return vscode.languages.getDiagnostics().reduce((n, [, ds]) => n + ds.filter((d) => d.source === 'llmsec').length, 0);
}

suite('llmsec workspace, risk panel and exports', () => {
  let api: LlmsecApi;
  const tempDir = () => path.join(workspaceRoot(), TEMP_DIR);

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await llmsecApi();
  });
  suiteTeardown(async () => {
    fs.rmSync(tempDir(), { recursive: true, force: true });
    await setSetting('files.exclude', undefined);
  });

  test('activation is short; the rest loads after it', () => {
    log(`      (activate() took ${api.timings.activateMs.toFixed(1)} ms; fully started ${api.timings.coreLoadMs?.toFixed(0)} ms after activation began)`);
    assert.ok(api.timings.activateMs < 100, `activate() took ${api.timings.activateMs} ms`);
  });

  test('the workspace scan reports files that are not open, as the CLI does', async function () {
    this.timeout(120_000);
    const summary = await api.scanWorkspace();
    assert.ok(summary && !summary.cancelled);
    await api.settled();
    const expected = cliFindings(workspaceRoot(), ['.']).filter((f) => !f.suppression);
    const byFile = new Map<string, number>();
    for (const f of expected) byFile.set(f.location.file, (byFile.get(f.location.file) ?? 0) + 1);
    for (const [file, count] of byFile) {
      const uri = vscode.Uri.file(path.join(workspaceRoot(), file));
      assert.equal(llmsecDiagnostics(uri).length, count, `${file}: diagnostics after the scan`);
    }
    // Documents outside the folder (other suites' scratch files) are not the scan's business.
    const inWorkspace = vscode.languages.getDiagnostics().filter(([uri]) => vscode.workspace.getWorkspaceFolder(uri) !== undefined);
    const extra = inWorkspace.filter(([uri, ds]) => ds.some((d) => d.source === 'llmsec') && !byFile.has(vscode.workspace.asRelativePath(uri, false)));
    assert.deepEqual(extra.map(([uri]) => uri.toString()), [], 'llmsec diagnostics on files the CLI does not report');
    assert.equal(inWorkspace.reduce((n, [, ds]) => n + ds.filter((d) => d.source === 'llmsec').length, 0), expected.length);
    log(`      (scan: ${summary.files} files, ${summary.findings} findings, ${Math.round(summary.elapsedMs)} ms; CLI agrees on ${expected.length} open findings in ${byFile.size} files)`);
  });

  test('new, changed and deleted files are analysed again; files.exclude is honoured', async function () {
    this.timeout(120_000);
    fs.mkdirSync(tempDir(), { recursive: true });
    const file = vscode.Uri.file(path.join(tempDir(), 'titles.py'));
    fs.writeFileSync(file.fsPath, SHELL);
    await waitFor('the new file to be analysed', () => (llmsecDiagnostics(file).some((d) => String((d.code as { value: string }).value) === 'llm-output-shell-command') ? true : undefined), 30_000);
    fs.writeFileSync(file.fsPath, SHELL.replace('os.system("echo " + reply.choices[0].message.content)', 'print(reply.choices[0].message.content)'));
    await waitFor('the changed file to be clean', () => (llmsecDiagnostics(file).length === 0 ? true : undefined), 30_000);
    fs.writeFileSync(file.fsPath, SHELL);
    await waitFor('the finding back', () => (llmsecDiagnostics(file).length > 0 ? true : undefined), 30_000);
    await setSetting('files.exclude', { [`**/${TEMP_DIR}`]: true });
    await waitFor('the excluded folder to be dropped by the re-scan', () => (llmsecDiagnostics(file).length === 0 ? true : undefined), 60_000);
    await setSetting('files.exclude', undefined);
    await waitFor('the folder back after the exclusion is lifted', () => (llmsecDiagnostics(file).length > 0 ? true : undefined), 60_000);
    fs.rmSync(file.fsPath);
    await waitFor('the deleted file to lose its diagnostics', () => (llmsecDiagnostics(file).length === 0 ? true : undefined), 30_000);
  });

  test('the risk panel opens and answers a message round trip with the Problems count', async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('llmsec.openRiskPanel');
    await api.settled();
    await new Promise((r) => setTimeout(r, 500)); // the panel's state is pushed 150 ms after changes
    const pong = await api.pingRiskPanel(20_000);
    assert.equal(pong.openTotal, allLlmsecDiagnostics(), 'the panel counts what the Problems panel shows');
    assert.equal(pong.rendered, pong.openTotal, 'one row per open finding in the list');
    log(`      (panel: ${pong.openTotal} open findings, ${pong.rendered} rows drawn)`);
  });

  test('the panel can only open locations inside the workspace', async () => {
    assert.equal(await vscode.commands.executeCommand('llmsec.openLocation', vscode.Uri.file('/etc/passwd').toString(), 0, 0), false);
    assert.equal(await vscode.commands.executeCommand('llmsec.openLocation', vscode.Uri.file(path.join(workspaceRoot(), '..', 'outside.py')).toString(), 0, 0), false);
    assert.equal(await vscode.commands.executeCommand('llmsec.openLocation', 'untitled:evil', 0, 0), false);
    assert.equal(await vscode.commands.executeCommand('llmsec.openLocation', vscode.Uri.file(path.join(workspaceRoot(), 'backend', 'main.py')).toString(), 2, 0), true);
  });

  test('exports SARIF with one result per finding, open ones unsuppressed', async function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmsec-export-'));
    try {
      const target = vscode.Uri.file(path.join(dir, 'out.sarif'));
      const written = await vscode.commands.executeCommand<vscode.Uri>('llmsec.exportSarif', target);
      assert.equal(written?.fsPath, target.fsPath);
      const sarif = JSON.parse(fs.readFileSync(target.fsPath, 'utf8')) as { version: string; runs: { results: { ruleId: string; suppressions?: unknown[] }[]; tool: { driver: { rules: unknown[] } } }[] };
      assert.equal(sarif.version, '2.1.0');
      const open = sarif.runs[0].results.filter((r) => !r.suppressions?.length);
      assert.equal(open.length, allLlmsecDiagnostics());
      assert.ok(sarif.runs[0].tool.driver.rules.length > 0);
      const bom = await vscode.commands.executeCommand<vscode.Uri>('llmsec.exportAiBom', vscode.Uri.file(path.join(dir, 'bom.json')));
      const parsed = JSON.parse(fs.readFileSync(bom.fsPath, 'utf8')) as { bomFormat: string; components: unknown[] };
      assert.equal(parsed.bomFormat, 'CycloneDX');
      assert.ok(parsed.components.length > 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
