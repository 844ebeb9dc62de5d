/**
 * The hover on a flagged range: the risk in plain words, the flow path with clickable
 * locations, OWASP (edition from settings), the ISO/IEC 42001 controls with their rationale,
 * CWE and MITRE ATLAS links, and how to fix it. The markdown is trusted only for llmsec's own
 * two commands; all text from the code is escaped.
 */
import * as vscode from 'vscode';
import type { AnalysisService } from '../analysis/service';
import { COMMANDS } from '../commands';
import { commandUri } from '../text/markdown';
import { hoverMarkdown } from '../text/finding-text';
import { toRange } from './diagnostics';

export class LlmsecHover implements vscode.HoverProvider {
  constructor(private readonly service: AnalysisService) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const entry = this.service.store.get(document.uri);
    if (!entry || (entry.version !== undefined && entry.version !== document.version)) return undefined;
    const findings = entry.result.findings.filter((f) => toRange(f.location.range).contains(position));
    if (!findings.length) return undefined;
    const rules = this.service.rulesFor(document.uri);
    const edition = this.service.setupFor(document.uri).owaspEdition;
    const parts = findings.map((finding) => {
      const md = new vscode.MarkdownString(
        hoverMarkdown({
          finding,
          rule: rules.get(finding.ruleId),
          edition,
          docsTarget: commandUri(COMMANDS.showRuleDocumentation, [finding.ruleId]),
          linkStep: (step) => {
            const uri = step.location.file === entry.file ? entry.uri : vscode.Uri.file(step.location.file);
            const { line, character } = step.location.range.start;
            return { label: `${vscode.workspace.asRelativePath(uri, false)}:${line + 1}`, target: commandUri(COMMANDS.openLocation, [uri.toString(), line, character]) };
          },
        }),
      );
      md.isTrusted = { enabledCommands: [COMMANDS.openLocation, COMMANDS.showRuleDocumentation] };
      md.supportHtml = false;
      return md;
    });
    const range = findings.map((f) => toRange(f.location.range)).reduce((a, b) => a.intersection(b) ?? a);
    return new vscode.Hover(parts, range);
  }
}
