// llmsec's diagnostics and hovers in the real extension host, compared with the engine's own
// findings (the CLI's JSON for the same file): codes, ranges, severities, messages ending with
// the OWASP id and ISO/IEC 42001 control, the flow as related information; analysis as you
// type and on save; the settings that change what is shown.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../../../src/engine/findings';
import type { LlmsecApi } from '../../../src/extension/extension';
import { diagnosticMessage } from '../../../src/extension/text/finding-text';
import { log } from './helpers';
import { cliFindings, cliFindingsForText, closeScratch, codeOf, diagnosticsWhere, llmsecApi, llmsecDiagnostics, markdownOf, openScratch, rangeOf, sameRange, setSetting, workspaceRoot, workspaceUri } from './oracle';

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  critical: vscode.DiagnosticSeverity.Error,
  high: vscode.DiagnosticSeverity.Error,
  medium: vscode.DiagnosticSeverity.Warning,
  low: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

const SAMPLE = `from openai import OpenAI

client = OpenAI()


def answer(question):
    reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])
    text = reply.choices[0].message.content
    return text
`;

suite('llmsec diagnostics and hovers', () => {
  let api: LlmsecApi;
  suiteSetup(async function () {
    this.timeout(60_000);
    api = await llmsecApi();
  });

  for (const file of ['backend/analysis.py', 'backend/models.py', 'app/api/chat/route.ts', 'app/faq/[slug]/page.tsx', 'lib/providers.ts']) {
    test(`${file}: one diagnostic per open finding, with code, range, severity, message and flow`, async () => {
      const uri = workspaceUri(file);
      await vscode.workspace.openTextDocument(uri);
      await api.settled();
      const expected = cliFindings(workspaceRoot(), [file]).filter((f) => !f.suppression);
      assert.ok(expected.length > 0, `the engine finds nothing in ${file}`);
      const actual = await diagnosticsWhere(uri, `${expected.length} diagnostics on ${file}`, (d) => d.length === expected.length);
      for (const f of expected) {
        const d = actual.find((x) => codeOf(x) === f.ruleId && sameRange(x, f));
        assert.ok(d, `no diagnostic for ${f.ruleId} at ${f.location.range.start.line + 1}:${f.location.range.start.character + 1}`);
        assert.equal(d.severity, SEVERITY[f.severity], `${f.ruleId} severity`);
        assert.equal(d.message, diagnosticMessage(f, '2025'));
        assert.match(d.message, / \[LLM\d\d:2025( · LLM\d\d:2025)* · ISO 42001 A\.[\d.]+(, A\.[\d.]+)*\]$/);
        const code = d.code as { value: string; target: vscode.Uri };
        assert.equal(code.target.toString(true), vscode.Uri.parse(f.helpUri).toString(true));
        // The path up to the sink; the sink is the diagnostic itself.
        const sink = f.flow.at(-1);
        if (sink) {
          assert.equal(sink.kind, 'sink', `${f.ruleId}: the flow ends at its sink`);
          assert.ok(sameRange(d, { location: sink.location }), `${f.ruleId}: the sink step is the diagnostic's own range`);
        }
        const path = f.flow.slice(0, -1);
        assert.equal(d.relatedInformation?.length ?? 0, path.length, `${f.ruleId}: one related item per flow step before the sink`);
        path.forEach((step, i) => {
          const info = d.relatedInformation![i];
          assert.equal(info.location.uri.toString(), uri.toString());
          assert.deepEqual(
            [info.location.range.start.line, info.location.range.start.character, info.location.range.end.line, info.location.range.end.character],
            [step.location.range.start.line, step.location.range.start.character, step.location.range.end.line, step.location.range.end.character],
          );
          assert.ok(info.message.includes(step.note), info.message);
          assert.doesNotMatch(info.message, /^Sink: /);
        });
        if (path.length) assert.match(d.relatedInformation![0].message, /^Source: /);
      }
    });
  }

  test('the eval in backend/analysis.py reads as the issue asks', async () => {
    const uri = workspaceUri('backend/analysis.py');
    const d = llmsecDiagnostics(uri).find((x) => codeOf(x) === 'llm-output-code-execution');
    assert.ok(d);
    assert.ok(d.message.endsWith('[LLM05:2025 · ISO 42001 A.6.2.4, A.6.2.5]'), d.message);
    assert.match(d.message, /LLM output .* is passed to eval\(\)/);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
  });

  test('hover: risk, flow with clickable locations, OWASP, ISO control and rationale, CWE, ATLAS, fix', async () => {
    const uri = workspaceUri('backend/analysis.py');
    const f = cliFindings(workspaceRoot(), ['backend/analysis.py']).find((x) => x.ruleId === 'llm-output-code-execution')!;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, rangeOf(f).start.translate(0, 1));
    const md = markdownOf(hovers);
    assert.match(md, /\*\*LLM output executed as code\*\*|\*\*.+\*\*/);
    assert.match(md, /\*\*Data flow\*\*/);
    assert.equal((md.match(/\]\(command:llmsec\.openLocation\?/g) ?? []).length, f.flow.length, 'one link per flow step');
    assert.match(md, /\[LLM05:2025 Improper Output Handling\]\(https:\/\/genai\.owasp\.org\//);
    assert.match(md, /A\\\.6\\\.2\\\.4\*\* AI system verification and validation/);
    assert.match(md, /\*Generated output/, 'the ISO rationale');
    assert.match(md, /cwe\.mitre\.org\/data\/definitions\/95\.html/);
    assert.match(md, /atlas\.mitre\.org\/(techniques|mitigations)\/AML\./);
    assert.match(md, /\*\*How to fix\.\*\*/);
    // The flow links run llmsec.openLocation: following the first one opens the source line.
    const target = /\]\(command:llmsec\.openLocation\?([^)]+)\)/.exec(md)![1];
    const args = JSON.parse(decodeURIComponent(target)) as [string, number, number];
    assert.equal(await vscode.commands.executeCommand('llmsec.openLocation', ...args), true);
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, f.flow[0].location.range.start.line);
  });

  test('as the user types, the new text is analysed (debounced) and findings follow the edits', async () => {
    const editor = await openScratch(SAMPLE, 'python');
    try {
      await api.settled();
      assert.equal(llmsecDiagnostics(editor.document.uri).filter((d) => codeOf(d) === 'llm-output-code-execution').length, 0);
      const line = 8; // "    return text"
      // The API's publish event comes with the version analysed, the diagnostics already set.
      const published: { version: number | undefined; evalSet: boolean }[] = [];
      const sub = await api.onDidPublishDiagnostics((e) => {
        if (e.uri.toString() === editor.document.uri.toString()) published.push({ version: e.version, evalSet: llmsecDiagnostics(e.uri).some((x) => codeOf(x) === 'llm-output-code-execution') });
      });
      const started = Date.now();
      await editor.edit((e) => e.insert(new vscode.Position(line, 0), '    eval(text)\n'));
      const d = await diagnosticsWhere(editor.document.uri, 'the typed eval to be flagged', (ds) => ds.some((x) => codeOf(x) === 'llm-output-code-execution'));
      const latency = Date.now() - started;
      sub.dispose();
      assert.ok(published.some((p) => p.version === editor.document.version && p.evalSet), JSON.stringify(published));
      const evalDiag = d.find((x) => codeOf(x) === 'llm-output-code-execution')!;
      assert.equal(evalDiag.range.start.line, line);
      const expected = cliFindingsForText('scratch.py', editor.document.getText()).filter((f) => !f.suppression);
      assert.deepEqual(llmsecDiagnostics(editor.document.uri).map((x) => `${codeOf(x)}@${x.range.start.line}`).sort(), expected.map((f: Finding) => `${f.ruleId}@${f.location.range.start.line}`).sort());
      // Typing above it moves it down; deleting it removes it.
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# header\n'));
      await diagnosticsWhere(editor.document.uri, 'the finding to move down a line', (ds) => ds.some((x) => codeOf(x) === 'llm-output-code-execution' && x.range.start.line === line + 1));
      await editor.edit((e) => e.delete(new vscode.Range(line + 1, 0, line + 2, 0)));
      await diagnosticsWhere(editor.document.uri, 'the finding to go away', (ds) => !ds.some((x) => codeOf(x) === 'llm-output-code-execution'));
      log(`      (typed eval flagged ${latency} ms after the edit, typing delay 300 ms included)`);
    } finally {
      await closeScratch(editor);
    }
  });

  // A string left open while typing: Tree-sitter's recovery puts the rest of the file inside the
  // broken function, and the findings below it must stay (error isolation, dataflow tests).
  test('a string left open in one function keeps the diagnostics of the function below it, typed or opened so', async () => {
    const text = [
      'import subprocess',
      'from openai import OpenAI',
      'client = OpenAI()',
      '',
      'def greet(name):',
      '    r = client.responses.create(model="m", input="Hello " + name)',
      '    return r.output_text',
      '',
      'def run(task):',
      '    r = client.responses.create(model="m", input=task)',
      '    subprocess.run(r.output_text, shell=True)',
      '',
    ].join('\n');
    const shellLine = 10;
    const shellAt = (line: number) => (ds: vscode.Diagnostic[]) => ds.some((x) => codeOf(x) === 'llm-output-shell-command' && x.range.start.line === line);
    // Named scratch files: a nameless one would be Untitled-1 again in the next test, and code-server
    // then opens it with this test's text restored from its backup (measured), not the text asked for.
    const editor = await openScratch(text, 'python', 'typed.py');
    let opened: vscode.TextEditor | undefined;
    try {
      await diagnosticsWhere(editor.document.uri, 'the shell command flagged', shellAt(shellLine));
      const column = editor.document.lineAt(5).text.indexOf('Hello ') + 'Hello '.length;
      await editor.edit((e) => e.insert(new vscode.Position(5, column), '\n'));
      await diagnosticsWhere(editor.document.uri, 'the shell command still flagged, a line down, with the string left open', shellAt(shellLine + 1));
      const broken = editor.document.getText();
      assert.ok(cliFindingsForText('broken.py', broken).some((f) => f.ruleId === 'llm-output-shell-command'), 'the CLI finds it in the broken text too');
      opened = await openScratch(broken, 'python', 'opened.py');
      await diagnosticsWhere(opened.document.uri, 'the shell command flagged on opening the broken text', shellAt(shellLine + 1));
    } finally {
      await closeScratch(editor);
      if (opened) await closeScratch(opened);
    }
  });

  test('an edit that only moves findings moves their diagnostics; one that changes none does not set them again', async () => {
    const text = SAMPLE.replace('    return text\n', '    return eval(text)\n');
    const editor = await openScratch(text, 'python');
    const uri = editor.document.uri;
    // Rule, range and the range of each flow step before the sink (the diagnostic itself), of the diagnostics shown and of the CLI's findings for the same text.
    const shown = () => llmsecDiagnostics(uri).map((d) => `${codeOf(d)} ${JSON.stringify(d.range)} ${JSON.stringify((d.relatedInformation ?? []).map((r) => r.location.range))}`).sort();
    const expected = () =>
      cliFindingsForText('scratch.py', editor.document.getText())
        .filter((f) => !f.suppression)
        .map((f) => `${f.ruleId} ${JSON.stringify(rangeOf(f))} ${JSON.stringify(f.flow.slice(0, -1).map((s) => new vscode.Range(s.location.range.start.line, s.location.range.start.character, s.location.range.end.line, s.location.range.end.character)))}`)
        .sort();
    const publishedFor = async (edit: (e: vscode.TextEditorEdit) => void): Promise<boolean> => {
      let resolve!: (changed: boolean) => void;
      const done = new Promise<boolean>((r) => (resolve = r));
      const sub = await api.onDidPublishDiagnostics((e) => {
        if (e.uri.toString() === uri.toString() && e.version === editor.document.version) resolve(e.diagnosticsChanged);
      });
      try {
        assert.ok(await editor.edit(edit));
        return await done;
      } finally {
        sub.dispose();
      }
    };
    try {
      await diagnosticsWhere(uri, 'the eval to be flagged', (ds) => ds.some((x) => codeOf(x) === 'llm-output-code-execution'));
      assert.deepEqual(shown(), expected());
      const before = llmsecDiagnostics(uri);
      // A comment typed at the end of the import line: no finding is on it, no line moves.
      assert.equal(await publishedFor((e) => e.insert(new vscode.Position(0, 25), '  # the client')), false);
      assert.deepEqual(shown(), expected());
      assert.deepEqual(llmsecDiagnostics(uri), before);
      // A line added at the top moves every finding and flow step down one line.
      assert.equal(await publishedFor((e) => e.insert(new vscode.Position(0, 0), '# header\n')), true);
      assert.deepEqual(shown(), expected());
      assert.ok(llmsecDiagnostics(uri).every((d) => d.range.start.line >= 1));
      // Moved, not made again: the same diagnostic objects with new ranges (VS Code hands back the ones set).
      const kept = new Set(before);
      assert.ok(llmsecDiagnostics(uri).every((d) => kept.has(d)), 'a moved finding got a new diagnostic');
      // A new import re-analyses the whole file: new finding objects, matched to the diagnostics by rule and fingerprint.
      assert.equal(await publishedFor((e) => e.insert(new vscode.Position(1, 0), 'import os\n')), true);
      assert.deepEqual(shown(), expected());
      assert.ok(llmsecDiagnostics(uri).every((d) => kept.has(d) && d.range.start.line >= 2), 'a finding the new analysis only moved got a new diagnostic');
    } finally {
      await closeScratch(editor);
    }
  });

  test('a suppression without a reason is itself reported', async () => {
    const text = SAMPLE.replace('    return text\n', '    # llmsec-ignore[llm-output-code-execution]:\n    return eval(text)\n');
    const editor = await openScratch(text, 'python');
    try {
      await diagnosticsWhere(editor.document.uri, 'the reasonless suppression to be reported', (ds) => ds.some((x) => codeOf(x) === 'suppression-without-reason'));
    } finally {
      await closeScratch(editor);
    }
  });

  suite('settings', () => {
    teardown(async () => {
      for (const key of ['llmsec.owaspEdition', 'llmsec.rules.disabled', 'llmsec.rules.severity', 'llmsec.run', 'llmsec.enable', 'files.autoSave']) await setSetting(key, undefined);
      await api.settled();
    });
    const uri = () => workspaceUri('backend/analysis.py');
    const evalDiag = () => llmsecDiagnostics(uri()).find((x) => codeOf(x) === 'llm-output-code-execution');

    test('llmsec.owaspEdition: 2026 changes the cited ids in messages and hovers', async () => {
      await setSetting('llmsec.owaspEdition', '2026');
      const ds = await diagnosticsWhere(uri(), 'messages citing 2026', (d) => d.length > 0 && d.every((x) => /:2026/.test(x.message) && !/:2025/.test(x.message)));
      assert.ok(ds.find((x) => codeOf(x) === 'llm-output-code-execution')!.message.endsWith('[LLM10:2026 · ISO 42001 A.6.2.4, A.6.2.5]'));
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri(), evalDiag()!.range.start.translate(0, 1));
      assert.match(markdownOf(hovers), /OWASP Top 10 for LLM Applications 2026: \[LLM10:2026 Improper Output Handling\]/);
    });

    test('llmsec.rules.disabled and llmsec.rules.severity change what is reported', async () => {
      await setSetting('llmsec.rules.severity', { 'llm-output-code-execution': 'medium' });
      await diagnosticsWhere(uri(), 'the eval finding as a warning', () => evalDiag()?.severity === vscode.DiagnosticSeverity.Warning);
      await setSetting('llmsec.rules.disabled', ['llm-output-code-execution']);
      await diagnosticsWhere(uri(), 'the eval finding to go', () => evalDiag() === undefined);
    });

    test('llmsec.enable: false clears the diagnostics of open files', async () => {
      await setSetting('llmsec.enable', false);
      await diagnosticsWhere(uri(), 'no llmsec diagnostics', (d) => d.length === 0);
      await setSetting('llmsec.enable', undefined);
      await diagnosticsWhere(uri(), 'diagnostics back', (d) => d.length > 0);
    });

    test('llmsec.run: onSave analyses on save, not while typing', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmsec-onsave-'));
      const file = vscode.Uri.file(path.join(dir, 'app.py'));
      fs.writeFileSync(file.fsPath, SAMPLE);
      await setSetting('llmsec.run', 'onSave');
      await setSetting('files.autoSave', 'off'); // VS Code in a browser saves after a delay by default
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      try {
        await api.settled();
        await editor.edit((e) => e.insert(new vscode.Position(8, 0), '    eval(text)\n'));
        await new Promise((r) => setTimeout(r, 1_500));
        assert.ok(!llmsecDiagnostics(file).some((x) => codeOf(x) === 'llm-output-code-execution'), 'analysed before saving');
        await editor.document.save();
        await diagnosticsWhere(file, 'the eval to be flagged after saving', (d) => d.some((x) => codeOf(x) === 'llm-output-code-execution'));
      } finally {
        await vscode.window.showTextDocument(editor.document);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
