/**
 * Everything behind activation: the analysis service and the faces that read it. Loaded with a
 * dynamic import right after activate() returns, so activation itself only registers commands
 * and providers (this module pulls in the engine client, zod, yaml and the report writers).
 */
import * as vscode from 'vscode';
import { AnalysisService } from './analysis/service';
import { applyFix, fixAll, LlmsecCodeActions, type ApplyFixArgs, type FixAllArgs } from './editor/code-actions';
import { DiagnosticsPublisher } from './editor/diagnostics';
import { LlmsecHover } from './editor/hover';
import { exportReport, type ExportKind } from './exports';
import { RiskPanel } from './panel/panel-host';
import { RuleDocumentation } from './rule-docs';
import { WorkspaceScanner } from './scan/workspace-scan';
import { extensionResultCache } from './scan/result-cache-storage';
import { affectsLlmsec, settingKeysRead } from './settings/read';
import { StatusBar } from './status-bar';

export interface Core {
  service: AnalysisService;
  scanner: WorkspaceScanner;
  panel: RiskPanel;
  docs: RuleDocumentation;
  codeActions: LlmsecCodeActions;
  hover: LlmsecHover;
  diagnostics: DiagnosticsPublisher;
  applyFix(args: ApplyFixArgs): Promise<boolean>;
  fixAll(args?: FixAllArgs): Promise<number>;
  exportReport(kind: ExportKind, target?: vscode.Uri): Promise<vscode.Uri | undefined>;
  settingKeys(): string[];
}

export function start(context: vscode.ExtensionContext): Core {
  const service = new AnalysisService(context.extensionUri.fsPath);
  const scanner = new WorkspaceScanner(service, extensionResultCache(context.globalStorageUri));
  const panel = new RiskPanel(context.extensionUri, service, scanner);
  const docs = new RuleDocumentation(service);
  const statusBar = new StatusBar(service);
  const diagnostics = new DiagnosticsPublisher(service);
  context.subscriptions.push(
    service,
    scanner,
    panel,
    statusBar,
    diagnostics,
    vscode.workspace.onDidOpenTextDocument((d) => service.track(d)),
    vscode.workspace.onDidChangeTextDocument((e) => service.onDidChange(e)),
    vscode.workspace.onDidSaveTextDocument((d) => service.onDidSave(d)),
    vscode.workspace.onDidCloseTextDocument((d) => service.onDidClose(d)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsLlmsec(e)) void scanner.configChanged();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void scanner.configChanged()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      statusBar.setRestricted(false);
      void scanner.configChanged();
    }),
  );
  scanner.watch();
  for (const document of vscode.workspace.textDocuments) service.track(document);
  return {
    service,
    scanner,
    panel,
    docs,
    codeActions: new LlmsecCodeActions(service),
    hover: new LlmsecHover(service),
    diagnostics,
    applyFix: (args) => applyFix(service, args),
    fixAll: async (args) => {
      if (args) return fixAll(service, args);
      // From the palette: the active editor, at the version analysed last.
      const document = vscode.window.activeTextEditor?.document;
      const entry = document && service.store.get(document.uri);
      if (!document || !entry || entry.version === undefined) return 0;
      await service.settled();
      const latest = service.store.get(document.uri);
      return latest?.version === undefined ? 0 : fixAll(service, { uri: document.uri.toString(), version: latest.version });
    },
    exportReport: (kind, target) => exportReport(kind, service, scanner, target),
    settingKeys: settingKeysRead,
  };
}
