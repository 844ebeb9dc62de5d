// Diagnostics on the example workspace (examples/chat-app, opened by the runner) have the shape
// design.md asks for: source "llmsec", a code { value: rule id, target: documentation Uri },
// and the data-flow path in relatedInformation.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, log, waitFor } from './helpers';

const sources = '**/*.{py,js,jsx,mjs,cjs,ts,tsx,mts,cts}';
const excluded = '**/{node_modules,.venv,venv,dist,build,out,__pycache__}/**';

type Found = [vscode.Uri, vscode.Diagnostic[]];

function llmsecDiagnostics(): Found[] {
  return vscode.languages
    .getDiagnostics()
    .map(([uri, diagnostics]): Found => [uri, diagnostics.filter((d) => d.source === 'llmsec')])
    .filter(([, diagnostics]) => diagnostics.length > 0);
}

function count(found: Found[]): number {
  return found.reduce((sum, [, diagnostics]) => sum + diagnostics.length, 0);
}

suite('diagnostics on the example workspace', () => {
  let found: Found[] = [];

  suiteSetup(async function () {
    this.timeout(120_000);
    await activate();
    const files = await vscode.workspace.findFiles(sources, excluded, 200);
    assert.ok(files.length > 0, 'no source file in the workspace (the runner opens examples/chat-app by default)');
    for (const file of files) await vscode.workspace.openTextDocument(file);
    await waitFor('llmsec diagnostics on an example file', () => (llmsecDiagnostics().length > 0 ? true : undefined), 60_000);
    // Analysis runs file by file: wait until the count has not moved for two seconds.
    let last = -1;
    let stableSince = Date.now();
    await waitFor('the diagnostics to settle', () => {
      const now = count(llmsecDiagnostics());
      if (now !== last) {
        last = now;
        stableSince = Date.now();
      }
      return Date.now() - stableSince >= 2_000 ? true : undefined;
    }, 60_000);
    found = llmsecDiagnostics();
    log(`      (${count(found)} llmsec diagnostic(s) in ${found.length} of ${files.length} file(s))`);
  });

  test('appear with source "llmsec" on at least one example file', () => {
    assert.ok(count(found) > 0);
  });

  test('each has a code object: value is the rule id, target its documentation Uri', () => {
    for (const [uri, diagnostics] of found) {
      for (const d of diagnostics) {
        const where = `${vscode.workspace.asRelativePath(uri)}:${d.range.start.line + 1}`;
        assert.ok(typeof d.code === 'object' && d.code !== null, `${where}: code is not an object (${String(d.code)})`);
        const code = d.code as { value: string | number; target: vscode.Uri };
        assert.equal(typeof code.value, 'string', `${where}: code.value`);
        assert.ok(String(code.value).length > 0, `${where}: empty rule id`);
        assert.ok(code.target instanceof vscode.Uri, `${where}: code.target is not a Uri`);
        assert.ok(['https', 'http', 'file', 'command', 'vscode'].includes(code.target.scheme), `${where}: target ${code.target}`);
      }
    }
  });

  test('each has a message and a range inside its document', async () => {
    for (const [uri, diagnostics] of found) {
      const document = await vscode.workspace.openTextDocument(uri);
      for (const d of diagnostics) {
        assert.ok(d.message.trim().length > 0, `${uri.path}: empty message`);
        assert.ok(d.range.end.line < document.lineCount, `${uri.path}: range ends past the last line`);
        assert.deepEqual(document.validateRange(d.range), d.range, `${uri.path}: range outside the text`);
      }
    }
  });

  test('data-flow findings carry their path in relatedInformation', () => {
    const withPath = found.flatMap(([, diagnostics]) => diagnostics).filter((d) => (d.relatedInformation?.length ?? 0) > 0);
    assert.ok(withPath.length > 0, 'no llmsec diagnostic has relatedInformation (the source -> sink steps)');
    for (const d of withPath) {
      for (const step of d.relatedInformation ?? []) {
        assert.ok(step.message.trim().length > 0, 'a flow step without a message');
        assert.ok(vscode.workspace.getWorkspaceFolder(step.location.uri), `flow step outside the workspace: ${step.location.uri}`);
      }
    }
  });
});
