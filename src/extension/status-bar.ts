/** The status-bar item: open findings by severity at a glance; a click opens the risk panel. */
import * as vscode from 'vscode';
import type { Severity } from '../engine/findings';
import { computeRiskScore } from '../report/risk-score';
import type { AnalysisService } from './analysis/service';
import { COMMANDS } from './commands';

const ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('llmsec.status', vscode.StatusBarAlignment.Left, 50);
  private timer?: ReturnType<typeof setTimeout>;
  private readonly subscription: vscode.Disposable;
  private restricted = !vscode.workspace.isTrusted;

  constructor(private readonly service: AnalysisService) {
    this.item.name = 'llmsec';
    this.item.command = COMMANDS.openRiskPanel;
    this.subscription = service.store.onDidChange(() => this.schedule());
    this.render();
    this.item.show();
  }

  setRestricted(restricted: boolean): void {
    this.restricted = restricted;
    this.render();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.render(), 100);
  }

  private render(): void {
    const risk = computeRiskScore(this.service.store.all().flatMap((e) => e.result.findings));
    const total = ORDER.reduce((n, s) => n + risk.open[s], 0);
    const shown = ORDER.filter((s) => risk.open[s] > 0).slice(0, 3);
    const counts = shown.map((s) => `${risk.open[s]} ${s}`).join(' · ');
    this.item.text = `$(shield) ${total === 0 ? 'llmsec' : counts}${this.restricted ? ' $(lock)' : ''}`;
    this.item.backgroundColor = risk.open.critical > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : risk.open.high > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**llmsec** · risk score **${risk.score}**/100 (${risk.rating})\n\n`);
    tooltip.appendMarkdown(total === 0 ? 'No open findings in the analysed files.\n\n' : `${ORDER.map((s) => `${s} ${risk.open[s]}`).join(' · ')}\n\n`);
    if (risk.suppressed + risk.accepted > 0) tooltip.appendMarkdown(`${risk.suppressed + risk.accepted} suppressed or accepted\n\n`);
    if (this.restricted) tooltip.appendMarkdown('$(lock) Restricted mode: built-in rules only until the workspace is trusted.\n\n');
    tooltip.appendMarkdown('Click to open the risk panel.');
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `llmsec: ${total} open findings, risk score ${risk.score}` };
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.item.dispose();
  }
}
