/**
 * "Show documentation": a read-only markdown page per rule (llmsec-rule:/<id>.md), built from
 * the rule's own text and standards, opened in the markdown preview. Works offline; the page
 * links the online reference too.
 */
import * as vscode from 'vscode';
import type { AnalysisService } from './analysis/service';
import { RULE_DOC_SCHEME } from './commands';
import { ruleDocumentMarkdown } from './text/finding-text';

export class RuleDocumentation implements vscode.TextDocumentContentProvider {
  constructor(private readonly service: AnalysisService) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = ruleIdOf(uri);
    const rules = await this.service.allRules();
    const rule = rules.find((r) => r.id === id);
    if (!rule) return `# Unknown rule\n\nNo rule named \`${id.replace(/`/g, '')}\` is loaded.\n`;
    const edition = this.service.allSetups()[0]?.owaspEdition ?? '2025';
    return ruleDocumentMarkdown(rule, edition);
  }

  /** Opens the page for a rule (asks which rule when none is given). */
  async show(ruleId?: unknown): Promise<void> {
    let id = typeof ruleId === 'string' && /^[a-z0-9-]+$/.test(ruleId) ? ruleId : undefined;
    if (!id) {
      const rules = await this.service.allRules();
      const pick = await vscode.window.showQuickPick(
        rules.map((r) => ({ label: r.id, description: r.severity, detail: r.title })),
        { title: 'llmsec: rule documentation', placeHolder: 'Choose a rule' },
      );
      id = pick?.label;
    }
    if (!id) return;
    const uri = vscode.Uri.from({ scheme: RULE_DOC_SCHEME, path: `/${id}.md` });
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    }
  }
}

export function ruleIdOf(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '').replace(/\.md$/, '');
}
