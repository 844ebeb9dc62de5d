/**
 * llmsec's VS Code extension: activation and wiring. Thin on purpose: findings come from the
 * engine (on worker threads, src/engine/pool.ts), this translates them into diagnostics, code
 * actions, hovers, the risk panel and the status bar, and editor events into engine calls.
 *
 * Every command is registered first, before anything that could fail, so the palette always
 * works; an activation failure is logged and shown by the extension itself.
 */
import * as vscode from 'vscode';
import { AnalysisService } from './analysis/service';
import { COMMANDS, RISK_PANEL_VIEW_TYPE, RISK_VIEW_ID, RULE_DOC_SCHEME, type CommandId } from './commands';
import { applyFix, LlmsecCodeActions, type ApplyFixArgs } from './editor/code-actions';
import { DiagnosticsPublisher } from './editor/diagnostics';
import { LlmsecHover } from './editor/hover';
import { exportReport } from './exports';
import { errorText, log, logChannel } from './log';
import { RiskPanel, type PanelPong } from './panel/panel-host';
import { RuleDocumentation } from './rule-docs';
import { WorkspaceScanner, type ScanSummary } from './scan/workspace-scan';
import { affectsLlmsec, settingKeysRead } from './settings/read';
import { StatusBar } from './status-bar';

const SELECTOR: vscode.DocumentSelector = [
  { language: 'python' },
  { language: 'javascript' },
  { language: 'javascriptreact' },
  { language: 'typescript' },
  { language: 'typescriptreact' },
].flatMap((f) => [{ ...f, scheme: 'file' }, { ...f, scheme: 'untitled' }]);

/** What activate() returns: a small API for tests and other extensions. */
export interface LlmsecApi {
  /** Setting keys the extension has read ("llmsec.x"), so tests can check none is unused. */
  settingKeys(): string[];
  /** Milliseconds activate() took. */
  activationMs: number;
  /** Resolves when every open document's current version has been analysed. */
  settled(timeoutMs?: number): Promise<void>;
  scanWorkspace(): Promise<ScanSummary | undefined>;
  /** A message round trip through the risk panel's webview (it must be open). */
  pingRiskPanel(timeoutMs?: number): Promise<PanelPong>;
  /** Open (not suppressed) findings per file URI, as the diagnostics show them. */
  openFindingCounts(): Record<string, number>;
}

interface Parts {
  service: AnalysisService;
  scanner: WorkspaceScanner;
  panel: RiskPanel;
  docs: RuleDocumentation;
}

let parts: Parts | undefined;
let startupError: unknown;

export function activate(context: vscode.ExtensionContext): LlmsecApi {
  const started = performance.now();
  context.subscriptions.push(logChannel());
  registerCommands(context);
  try {
    parts = start(context);
  } catch (err) {
    startupError = err;
    log.error('llmsec failed to start', err);
    void vscode.window.showErrorMessage(`llmsec failed to start: ${(err as Error).message ?? String(err)}`, 'Show Log').then((pick) => pick && log.show());
  }
  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(1)} ms${startupError ? ' (with errors)' : ''}`);
  return {
    settingKeys: settingKeysRead,
    activationMs,
    settled: (timeoutMs) => ready().service.settled(timeoutMs),
    scanWorkspace: () => ready().scanner.scan(),
    pingRiskPanel: (timeoutMs) => ready().panel.ping(timeoutMs),
    openFindingCounts: () => Object.fromEntries(ready().service.store.all().map((e) => [e.uri.toString(), e.result.findings.filter((f) => !f.suppression).length])),
  };
}

export function deactivate(): void {
  parts = undefined;
}

function ready(): Parts {
  if (parts) return parts;
  throw new Error(`llmsec is not running: ${startupError ? errorText(startupError) : 'not activated'}`);
}

/** Commands first: they exist even if the rest fails, and then say why they cannot run. */
function registerCommands(context: vscode.ExtensionContext): void {
  const handlers: Record<CommandId, (...args: unknown[]) => unknown> = {
    [COMMANDS.scanWorkspace]: () => ready().scanner.scan(),
    [COMMANDS.openRiskPanel]: () => {
      ready().panel.open();
    },
    [COMMANDS.exportSarif]: (target) => exportReport('sarif', ready().service, ready().scanner, target instanceof vscode.Uri ? target : undefined),
    [COMMANDS.exportAiBom]: (target) => exportReport('aibom', ready().service, ready().scanner, target instanceof vscode.Uri ? target : undefined),
    [COMMANDS.showRuleDocumentation]: (ruleId) => ready().docs.show(ruleId),
    [COMMANDS.showLog]: () => log.show(),
    [COMMANDS.applyFix]: (args) => applyFix(ready().service, args as ApplyFixArgs),
    [COMMANDS.openLocation]: (uri, line, character) =>
      typeof uri === 'string' && Number.isInteger(line) && Number.isInteger(character) ? ready().panel.openLocation(uri, line as number, character as number) : false,
  };
  for (const [id, handler] of Object.entries(handlers)) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (err) {
          log.error(`command ${id} failed`, err);
          void vscode.window.showErrorMessage(`llmsec: ${(err as Error).message ?? String(err)}`, 'Show Log').then((pick) => pick && log.show());
          return undefined;
        }
      }),
    );
  }
}

function start(context: vscode.ExtensionContext): Parts {
  const service = new AnalysisService(context.extensionUri.fsPath);
  const scanner = new WorkspaceScanner(service);
  const panel = new RiskPanel(context.extensionUri, service, scanner);
  const docs = new RuleDocumentation(service);
  const statusBar = new StatusBar(service);
  context.subscriptions.push(
    service,
    scanner,
    panel,
    statusBar,
    new DiagnosticsPublisher(service),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new LlmsecCodeActions(service), { providedCodeActionKinds: LlmsecCodeActions.providedCodeActionKinds }),
    vscode.languages.registerHoverProvider(SELECTOR, new LlmsecHover(service)),
    vscode.workspace.registerTextDocumentContentProvider(RULE_DOC_SCHEME, docs),
    vscode.window.registerWebviewViewProvider(RISK_VIEW_ID, panel),
    vscode.window.registerWebviewPanelSerializer(RISK_PANEL_VIEW_TYPE, panel),
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
  // Documents already open when the extension starts; after activate() returns, so
  // activation itself stays short (workers start and grammars load off this path).
  setTimeout(() => {
    for (const document of vscode.workspace.textDocuments) service.track(document);
  }, 0);
  return { service, scanner, panel, docs };
}
