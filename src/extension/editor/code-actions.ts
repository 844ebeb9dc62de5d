/**
 * Quick fixes. The engine computes each fix as text edits for the exact text it analysed, when
 * the editor asks for the findings under the cursor (the analysis worker keeps what it needs);
 * the actions offered here carry that document version, and `llmsec.applyFix` applies a fix
 * only if the document is still at that version (a fix is never applied to text that changed).
 * Every finding also offers its engine-made "Suppress with justification" and "Show
 * documentation".
 */
import * as vscode from 'vscode';
import type { Finding, Fix } from '../../engine/findings';
import { combineFixes } from '../../engine/fixes/apply';
import { fixKindByRule } from '../../engine/fixes/registry';
import type { AnalysisService } from '../analysis/service';
import { findingForDiagnostic } from '../analysis/results';
import { COMMANDS } from '../commands';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { isSnippetText, snippetToPlainText } from '../text/snippets';
import { log } from '../log';

/** "Fix all": every open finding's preferred fix in one edit (source.fixAll.llmsec). */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('llmsec');

/** The arguments of llmsec.applyFix: which fix of which finding, computed for which version. */
export interface ApplyFixArgs {
  uri: string;
  version: number;
  fingerprint: string;
  startOffset: number;
  ruleId: string;
  fix: Fix;
}

/** The arguments of llmsec.fixAllInFile. */
export interface FixAllArgs {
  uri: string;
  version: number;
}

export class LlmsecCodeActions implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  constructor(private readonly service: AnalysisService) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext, _token?: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const entry = this.service.store.get(document.uri);
    // Fixes are offsets into the analysed text: only offer them for the text on screen.
    if (!entry || entry.version !== document.version) return [];
    const version = entry.version;
    const fixAllArgs: FixAllArgs = { uri: document.uri.toString(), version };
    const fixable = entry.result.findings.filter((f) => !f.suppression && hasFixGenerator(f.ruleId)).length;
    if (context.only && FIX_ALL_KIND.intersects(context.only)) {
      if (!fixable) return [];
      const all = new vscode.CodeAction('Fix all llmsec problems that have a preferred fix', FIX_ALL_KIND);
      all.command = { command: COMMANDS.fixAllInFile, title: all.title, arguments: [fixAllArgs] };
      return [all];
    }
    const wanted: { finding: Finding; diagnostic: vscode.Diagnostic }[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = findingForDiagnostic(entry, diagnostic);
      if (finding) wanted.push({ finding, diagnostic });
    }
    if (!wanted.length) return [];
    const fixes = (await this.service.fixesFor(entry, wanted.map((w) => w.finding))) ?? [];
    // The document may have changed while the fixes were computed: offer nothing stale.
    if (document.version !== version) return [];
    const actions: vscode.CodeAction[] = [];
    const documented = new Set<string>();
    wanted.forEach(({ finding, diagnostic }, i) => {
      for (const fix of fixes[i] ?? []) actions.push(this.fixAction(document, version, finding, fix, diagnostic));
      if (!documented.has(finding.ruleId)) {
        documented.add(finding.ruleId);
        const docs = new vscode.CodeAction(`Show documentation for ${finding.ruleId}`, vscode.CodeActionKind.QuickFix);
        docs.diagnostics = [diagnostic];
        docs.command = { command: COMMANDS.showRuleDocumentation, title: docs.title, arguments: [finding.ruleId] };
        actions.push(docs);
      }
    });
    if (fixable > 1 && actions.length) {
      const all = new vscode.CodeAction(`Fix all llmsec problems in this file that have a preferred fix`, vscode.CodeActionKind.QuickFix);
      all.command = { command: COMMANDS.fixAllInFile, title: all.title, arguments: [fixAllArgs] };
      actions.push(all);
    }
    // Preferred fixes first, then the others, then suppressions, "fix all" and documentation.
    return actions.sort((a, b) => rank(a) - rank(b));
  }

  private fixAction(document: vscode.TextDocument, version: number, finding: Finding, fix: Fix, diagnostic: vscode.Diagnostic): vscode.CodeAction {
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.isPreferred = fix.isPreferred;
    const args: ApplyFixArgs = { uri: document.uri.toString(), version, fingerprint: finding.fingerprint, startOffset: finding.location.startOffset, ruleId: finding.ruleId, fix };
    action.command = { command: COMMANDS.applyFix, title: fix.title, arguments: [args] };
    return action;
  }
}

function rank(action: vscode.CodeAction): number {
  if (action.isPreferred) return 0;
  if (action.command?.command === COMMANDS.showRuleDocumentation) return 4;
  if (action.command?.command === COMMANDS.fixAllInFile) return 3;
  return /^Suppress /.test(action.title) ? 2 : 1;
}

/** The preferred fix of every open finding, in document order (`fixes[i]` are those of `findings[i]`). */
export function preferredFixes(findings: readonly Finding[], fixes: readonly Fix[][] = findings.map((f) => f.fixes)): Fix[] {
  return findings
    .map((f, i) => ({ f, preferred: f.suppression ? undefined : fixes[i]?.find((fix) => fix.isPreferred) }))
    .filter((x): x is { f: Finding; preferred: Fix } => !!x.preferred)
    .sort((a, b) => a.f.location.startOffset - b.f.location.startOffset)
    .map((x) => x.preferred);
}

/** Rules with a fix generator besides suppression (the engine's registry). */
function hasFixGenerator(ruleId: string): boolean {
  return ruleId in fixKindByRule;
}

/** Turns a fix's offset edits into a WorkspaceEdit for this document (snippet edits keep their tab stops). */
export function fixToWorkspaceEdit(document: vscode.TextDocument, fix: Fix): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const edits = fix.edits.map((e) => {
    const range = new vscode.Range(document.positionAt(e.startOffset), document.positionAt(e.endOffset));
    if (fix.isSnippet && isSnippetText(e.newText)) return new vscode.SnippetTextEdit(range, new vscode.SnippetString(e.newText));
    return vscode.TextEdit.replace(range, e.newText);
  });
  edit.set(document.uri, edits);
  return edit;
}

/** The document and its result, if both are still at `version`; else tells the user and gives undefined. */
function atVersion(service: AnalysisService, uriText: string, version: number) {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uriText);
  const entry = document ? service.store.get(document.uri) : undefined;
  if (!document || !entry || entry.version !== version || document.version !== version) {
    log.info(`fix refused: ${uriText} is at version ${document?.version}, analysed ${entry?.version}, fix for ${version}`);
    void vscode.window.showWarningMessage('llmsec: the file changed since this fix was computed, so it was not applied. Try again once the analysis has caught up.');
    return undefined;
  }
  return { document, entry };
}

/** Applies a fix if, and only if, the document is still at the version it was computed for. */
export async function applyFix(service: AnalysisService, args: ApplyFixArgs): Promise<boolean> {
  const current = atVersion(service, args.uri, args.version);
  if (!current) return false;
  const { document, entry } = current;
  const finding = entry.result.findings.find((f) => f.fingerprint === args.fingerprint && f.ruleId === args.ruleId && f.location.startOffset === args.startOffset);
  if (!finding || !args.fix) {
    void vscode.window.showWarningMessage('llmsec: this fix is no longer available.');
    return false;
  }
  return vscode.workspace.applyEdit(fixToWorkspaceEdit(document, args.fix));
}

/**
 * Applies the preferred fix of every open finding in one edit, if the document is still at
 * `version`. Overlapping fixes are left for the next run (combineFixes); snippet tab stops
 * become their default text.
 */
export async function fixAll(service: AnalysisService, args: FixAllArgs): Promise<number> {
  const current = atVersion(service, args.uri, args.version);
  if (!current) return 0;
  const { document, entry } = current;
  const computed = await service.fixesFor(entry, entry.result.findings);
  if (!computed || document.version !== args.version) return 0;
  // Snippet tab stops cannot be edited in many places at once: keep their default text. Only
  // snippet fixes are converted (a SQL fix's "$1" placeholder is real text).
  const fixes = preferredFixes(entry.result.findings, computed).map((fix) => (fix.isSnippet ? { ...fix, edits: fix.edits.map((e) => ({ ...e, newText: snippetToPlainText(e.newText) })) } : fix));
  const { edits, applied } = combineFixes(fixes);
  log.debug(`fix all: ${entry.result.findings.length} findings, ${fixes.length} preferred fixes, ${edits.length} edits (${document.uri.toString()} v${args.version})`);
  if (!edits.length) return 0;
  const edit = new vscode.WorkspaceEdit();
  edit.set(
    document.uri,
    edits.map((e) => vscode.TextEdit.replace(new vscode.Range(document.positionAt(e.startOffset), document.positionAt(e.endOffset)), e.newText)),
  );
  const ok = await vscode.workspace.applyEdit(edit);
  if (!ok) log.warn(`fix all: the editor refused the edit for ${document.uri.toString()}`);
  return ok ? applied.length : 0;
}
