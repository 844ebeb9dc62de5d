// Quick fixes in the real extension host: each preferred fix the engine computes for the
// example files, applied through the code action the editor offers, gives exactly the text the
// engine's edits describe; "Suppress with justification" and "Show documentation" are offered
// for every finding; a fix is refused once the text changed; "fix all" on each rule fixture
// gives its .fixed file.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../../../src/engine/findings';
import { applyEdits } from '../../../src/engine/fixes/apply';
import type { LlmsecApi } from '../../../src/extension/extension';
import { snippetToPlainText } from '../../../src/extension/text/snippets';
import { extensionUnderTest, log, waitFor } from './helpers';
import { cliFindings, closeScratch, codeOf, diagnosticsWhere, LANGUAGE_BY_EXTENSION, llmsecApi, openScratch, rangeOf, sameRange, workspaceRoot } from './oracle';

const EXAMPLE_FILES = ['backend/analysis.py', 'backend/main.py', 'backend/models.py', 'lib/providers.ts', 'lib/local-widget.ts', 'app/api/chat/route.ts', 'app/faq/[slug]/page.tsx'];

/** llmsec's quick fixes for one finding (recognised by their arguments and titles). */
async function actionsFor(uri: vscode.Uri, f: Finding): Promise<vscode.CodeAction[]> {
  const all = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, rangeOf(f), vscode.CodeActionKind.QuickFix.value);
  return all.filter((a) => {
    const args = a.command?.arguments?.[0] as { ruleId?: string; startOffset?: number } | string | undefined;
    if (a.command?.command === 'llmsec.applyFix') return typeof args === 'object' && args.ruleId === f.ruleId && args.startOffset === f.location.startOffset;
    return a.command?.command === 'llmsec.showRuleDocumentation' && args === f.ruleId;
  });
}

async function run(action: vscode.CodeAction): Promise<unknown> {
  assert.ok(action.command, `${action.title} has no command`);
  return vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/** The fix's edits as the editor leaves them when no tab stop is edited. */
function plain(f: Finding, fixIndex: number): { edits: { startOffset: number; endOffset: number; newText: string }[] } {
  const fix = f.fixes[fixIndex];
  return { edits: fix.edits.map((e) => ({ ...e, newText: fix.isSnippet ? snippetToPlainText(e.newText) : e.newText })) };
}

suite('llmsec quick fixes', () => {
  let api: LlmsecApi;
  suiteSetup(async function () {
    this.timeout(60_000);
    api = await llmsecApi();
  });

  let checked = 0;
  for (const file of EXAMPLE_FILES) {
    test(`${file}: every preferred fix applies as the engine computed it`, async function () {
      this.timeout(120_000);
      const original = fs.readFileSync(path.join(workspaceRoot(), file), 'utf8');
      const findings = cliFindings(workspaceRoot(), [file]).filter((f) => !f.suppression);
      const language = LANGUAGE_BY_EXTENSION[path.extname(file)];
      for (const f of findings) {
        const preferredIndex = f.fixes.findIndex((x) => x.isPreferred);
        const editor = await openScratch(original, language, file);
        try {
          await api.settled();
          await diagnosticsWhere(editor.document.uri, `${f.ruleId} on the copy`, (ds) => ds.some((d) => codeOf(d) === f.ruleId && sameRange(d, f)));
          const actions = await actionsFor(editor.document.uri, f);
          const titles = actions.map((a) => a.title);
          assert.ok(titles.some((t) => t.startsWith(`Suppress ${f.ruleId}`)), `no suppression offered for ${f.ruleId}: ${titles.join(' | ')}`);
          assert.ok(titles.includes(`Show documentation for ${f.ruleId}`), `no documentation action for ${f.ruleId}`);
          if (preferredIndex < 0) continue;
          const preferred = actions.find((a) => a.isPreferred);
          assert.ok(preferred, `no preferred action for ${f.ruleId}: ${titles.join(' | ')}`);
          assert.equal(preferred.title, f.fixes[preferredIndex].title);
          assert.equal(preferred.kind?.value, vscode.CodeActionKind.QuickFix.value);
          assert.equal(actions[0], preferred, 'the preferred fix comes first');
          assert.equal(await run(preferred), true);
          assert.equal(editor.document.getText(), applyEdits(original, plain(f, preferredIndex).edits), `${f.ruleId}: "${preferred.title}"`);
          checked++;
        } finally {
          await closeScratch(editor);
        }
      }
    });
  }

  test('the fixes the issue names are among those checked', () => {
    log(`      (${checked} preferred fixes applied and compared)`);
    assert.ok(checked >= 8, `only ${checked} preferred fixes were checked`);
  });

  test('"Suppress with justification" writes llmsec-ignore above the line and the finding goes', async () => {
    const file = 'backend/analysis.py';
    const original = fs.readFileSync(path.join(workspaceRoot(), file), 'utf8');
    const f = cliFindings(workspaceRoot(), [file]).find((x) => x.ruleId === 'llm-output-shell-command')!;
    const editor = await openScratch(original, 'python');
    try {
      await api.settled();
      await diagnosticsWhere(editor.document.uri, 'the shell finding', (ds) => ds.some((d) => codeOf(d) === f.ruleId));
      const suppress = (await actionsFor(editor.document.uri, f)).find((a) => a.title.startsWith('Suppress'))!;
      assert.equal(await run(suppress), true);
      const line = f.location.range.start.line;
      assert.match(editor.document.lineAt(line).text, /^\s*# llmsec-ignore\[llm-output-shell-command\]: reason this is safe$/);
      await diagnosticsWhere(editor.document.uri, 'the suppressed finding to go', (ds) => !ds.some((d) => codeOf(d) === f.ruleId));
    } finally {
      await closeScratch(editor);
    }
  });

  test('a fix is not applied once the text changed since it was computed', async () => {
    const file = 'backend/models.py';
    const original = fs.readFileSync(path.join(workspaceRoot(), file), 'utf8');
    const f = cliFindings(workspaceRoot(), [file]).find((x) => x.ruleId === 'unsafe-model-deserialization')!;
    const editor = await openScratch(original, 'python');
    try {
      await api.settled();
      await diagnosticsWhere(editor.document.uri, 'the torch.load finding', (ds) => ds.some((d) => codeOf(d) === f.ruleId));
      const preferred = (await actionsFor(editor.document.uri, f)).find((a) => a.isPreferred)!;
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# edited\n'));
      const expected = editor.document.getText();
      assert.equal(await run(preferred), false);
      assert.equal(editor.document.getText(), expected, 'the stale fix changed the text');
    } finally {
      await closeScratch(editor);
    }
  });

  test('"Show documentation" opens the rule page', async () => {
    await vscode.commands.executeCommand('llmsec.showRuleDocumentation', 'hf-trust-remote-code');
    const doc = await waitFor('the rule page', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'llmsec-rule' && d.uri.path.includes('hf-trust-remote-code')));
    assert.match(doc.getText(), /## How to fix/);
    assert.match(doc.getText(), /LLM03:2025/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('"fix all" on each rule fixture gives its .fixed file', async function () {
    this.timeout(180_000);
    const rulesDir = path.join(extensionUnderTest().extensionPath, 'rules');
    const pairs: Array<[string, string]> = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        const m = /^(.*)\.fixed(\.[a-z]+)$/.exec(e.name);
        if (m && fs.existsSync(path.join(dir, m[1] + m[2]))) pairs.push([path.join(dir, m[1] + m[2]), p]);
      }
    };
    walk(rulesDir);
    if (!pairs.length) {
      log('      (no <rule>.fixed.<ext> fixtures in rules/ yet)');
      this.skip();
    }
    for (const [source, fixed] of pairs) {
      const language = LANGUAGE_BY_EXTENSION[path.extname(source)];
      const editor = await openScratch(fs.readFileSync(source, 'utf8'), language, path.basename(source));
      try {
        await api.settled();
        const applied = await vscode.commands.executeCommand<number>('llmsec.fixAllInFile', { uri: editor.document.uri.toString(), version: editor.document.version });
        assert.ok(applied > 0, `${path.basename(source)}: nothing was fixed`);
        // A .fixed file writes snippet fixes in snippet syntax (\${1:...}); the editor leaves the
        // placeholder's text for the user to replace.
        const snippets = cliFindings(path.dirname(source), [path.basename(source)]).some((f) => f.fixes.some((x) => x.isPreferred && x.isSnippet));
        const expected = fs.readFileSync(fixed, 'utf8');
        assert.equal(editor.document.getText(), snippets ? snippetToPlainText(expected) : expected, `${path.basename(source)} after fix all`);
      } finally {
        await closeScratch(editor);
      }
    }
    log(`      (${pairs.length} fixture(s) compared with their .fixed file)`);
  });
});
