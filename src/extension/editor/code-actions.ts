/**
 * Quick fixes. The engine computes each fix as text edits for the exact text it analysed; the
 * actions offered here carry that document version, and `llmsec.applyFix` applies a fix only
 * if the document is still at that version (a fix is never applied to text that changed).
 * Every finding also offers its engine-made "Suppress with justification" and "Show
 * documentation".
 */
import * as vscode from 'vscode';
import type { Finding, Fix } from '../../engine/findings';
import type { AnalysisService } from '../analysis/service';
import { findingForDiagnostic } from '../analysis/results';
import { COMMANDS } from '../commands';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** The arguments of llmsec.applyFix: which fix of which finding, computed for which version. */
export interface ApplyFixArgs {
  uri: string;
  version: number;
  fingerprint: string;
  startOffset: number;
  ruleId: string;
  fixIndex: number;
}

export class LlmsecCodeActions implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly service: AnalysisService) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const entry = this.service.store.get(document.uri);
    // Fixes are offsets into the analysed text: only offer them for the text on screen.
    if (!entry || entry.version !== document.version) return [];
    const actions: vscode.CodeAction[] = [];
    const documented = new Set<string>();
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = findingForDiagnostic(entry, diagnostic);
      if (!finding) continue;
      finding.fixes.forEach((fix, fixIndex) => actions.push(this.fixAction(document, entry.version!, finding, fix, fixIndex, diagnostic)));
      if (!documented.has(finding.ruleId)) {
        documented.add(finding.ruleId);
        const docs = new vscode.CodeAction(`Show documentation for ${finding.ruleId}`, vscode.CodeActionKind.QuickFix);
        docs.diagnostics = [diagnostic];
        docs.command = { command: COMMANDS.showRuleDocumentation, title: docs.title, arguments: [finding.ruleId] };
        actions.push(docs);
      }
    }
    // Preferred fixes first, then the others, then suppressions and documentation.
    return actions.sort((a, b) => rank(a) - rank(b));
  }

  private fixAction(document: vscode.TextDocument, version: number, finding: Finding, fix: Fix, fixIndex: number, diagnostic: vscode.Diagnostic): vscode.CodeAction {
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.isPreferred = fix.isPreferred;
    const args: ApplyFixArgs = { uri: document.uri.toString(), version, fingerprint: finding.fingerprint, startOffset: finding.location.startOffset, ruleId: finding.ruleId, fixIndex };
    action.command = { command: COMMANDS.applyFix, title: fix.title, arguments: [args] };
    return action;
  }
}

function rank(action: vscode.CodeAction): number {
  if (action.isPreferred) return 0;
  if (action.command?.command === COMMANDS.showRuleDocumentation) return 3;
  return /^Suppress /.test(action.title) ? 2 : 1;
}

/** Turns a fix's offset edits into a WorkspaceEdit for this document (snippet edits keep their tab stops). */
export function fixToWorkspaceEdit(document: vscode.TextDocument, fix: Fix): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const edits = fix.edits.map((e) => {
    const range = new vscode.Range(document.positionAt(e.startOffset), document.positionAt(e.endOffset));
    if (fix.isSnippet && /\$(\d|\{\d)/.test(e.newText)) return new vscode.SnippetTextEdit(range, new vscode.SnippetString(e.newText));
    return vscode.TextEdit.replace(range, e.newText);
  });
  edit.set(document.uri, edits);
  return edit;
}

/** Applies a fix if, and only if, the document is still at the version it was computed for. */
export async function applyFix(service: AnalysisService, args: ApplyFixArgs): Promise<boolean> {
  const uri = vscode.Uri.parse(args.uri);
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === args.uri);
  const entry = service.store.get(uri);
  if (!document || !entry || entry.version !== args.version || document.version !== args.version) {
    void vscode.window.showWarningMessage('llmsec: the file changed since this fix was computed, so it was not applied. Try the quick fix again once the analysis has caught up.');
    return false;
  }
  const finding = entry.result.findings.find((f) => f.fingerprint === args.fingerprint && f.ruleId === args.ruleId && f.location.startOffset === args.startOffset);
  const fix = finding?.fixes[args.fixIndex];
  if (!fix) {
    void vscode.window.showWarningMessage('llmsec: this fix is no longer available.');
    return false;
  }
  return vscode.workspace.applyEdit(fixToWorkspaceEdit(document, fix));
}
