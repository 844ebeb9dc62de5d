/**
 * llmsec's VS Code extension: activation. Thin on purpose: findings come from the engine (on
 * worker threads, src/engine/pool.ts); ./core translates them into diagnostics, code actions,
 * hovers, the risk panel and the status bar, and editor events into engine calls.
 *
 * Activation stays short: every command and provider is registered here at once (so the palette
 * and the editor always know them), and ./core, which pulls in the engine client, is imported
 * right after activate() returns. An activation failure is logged and shown by the extension.
 */
import * as vscode from 'vscode';
import { COMMANDS, RISK_PANEL_VIEW_TYPE, RISK_VIEW_ID, RULE_DOC_SCHEME, type CommandId } from './commands';
import type { Core } from './core';
import type { ApplyFixArgs, FixAllArgs } from './editor/code-actions';
import type { PublishedDiagnostics } from './editor/diagnostics';
import type { PanelPong } from './panel/panel-host';
import type { ScanSummary } from './scan/workspace-scan';
import { errorText, log, logChannel } from './log';

const SELECTOR: vscode.DocumentSelector = ['python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact'].flatMap((language) => [
  { language, scheme: 'file' },
  { language, scheme: 'untitled' },
]);

/** What activate() returns: a small API for tests and other extensions. */
export interface LlmsecApi {
  /** Setting keys the extension has read ("llmsec.x"), so tests can check none is unused. */
  settingKeys(): string[];
  /** Milliseconds activate() took, and loading the rest afterwards. */
  timings: { activateMs: number; coreLoadMs?: number };
  /** Resolves once the extension is fully started. */
  ready(): Promise<void>;
  /** Resolves when every open document's current version has been analysed. */
  settled(timeoutMs?: number): Promise<void>;
  scanWorkspace(): Promise<ScanSummary | undefined>;
  /** A message round trip through the risk panel's webview (it must be open). */
  pingRiskPanel(timeoutMs?: number): Promise<PanelPong>;
  /** Open (not suppressed) findings per file URI, as the diagnostics show them. */
  openFindingCounts(): Promise<Record<string, number>>;
  /** The document version whose findings the diagnostics show (undefined: none yet, or from disk). */
  analysedVersion(uri: vscode.Uri): number | undefined;
  /** Calls `listener` each time llmsec sets a document's diagnostics, with the version analysed and where the time went. */
  onDidPublishDiagnostics(listener: (e: PublishedDiagnostics) => void): Promise<vscode.Disposable>;
}

let core: Core | undefined;
let loading: Promise<Core> | undefined;

export function activate(context: vscode.ExtensionContext): LlmsecApi {
  const started = performance.now();
  const timings: LlmsecApi['timings'] = { activateMs: 0 };
  context.subscriptions.push(logChannel());
  const load = (): Promise<Core> => {
    loading ??= new Promise<void>((resolve) => setTimeout(resolve, 0))
      .then(() => import('./core.js'))
      .then((m): Core => {
        const t = performance.now();
        const instance = m.start(context);
        core = instance;
        timings.coreLoadMs = performance.now() - started;
        log.info(`started in ${timings.coreLoadMs.toFixed(0)} ms after activation began (core start ${(performance.now() - t).toFixed(0)} ms)`);
        return instance;
      })
      .catch((err: unknown): never => {
        log.error('llmsec failed to start', err);
        void vscode.window.showErrorMessage(`llmsec failed to start: ${err instanceof Error ? err.message : String(err)}`, 'Show Log').then((pick) => pick && log.show());
        throw err;
      });
    return loading;
  };
  try {
    registerCommands(context, load);
    registerProviders(context, load);
  } catch (err) {
    log.error('llmsec failed to activate', err);
    void vscode.window.showErrorMessage(`llmsec failed to activate: ${errorText(err).split('\n')[0]}`, 'Show Log').then((pick) => pick && log.show());
  }
  void load().catch(() => undefined);
  timings.activateMs = performance.now() - started;
  log.info(`activated in ${timings.activateMs.toFixed(1)} ms`);
  return {
    settingKeys: () => core?.settingKeys() ?? [],
    timings,
    ready: async () => {
      await load();
    },
    settled: async (timeoutMs) => (await load()).service.settled(timeoutMs),
    scanWorkspace: async () => (await load()).scanner.scan(),
    pingRiskPanel: async (timeoutMs) => (await load()).panel.ping(timeoutMs),
    openFindingCounts: async () => Object.fromEntries((await load()).service.store.all().map((e) => [e.uri.toString(), e.result.findings.filter((f) => !f.suppression).length])),
    analysedVersion: (uri) => core?.service.store.get(uri)?.version,
    onDidPublishDiagnostics: async (listener) => (await load()).diagnostics.onDidPublish(listener),
  };
}

export function deactivate(): void {
  core = undefined;
  loading = undefined;
}

/** Every contributed command, registered at activation; each waits for the core to be started. */
function registerCommands(context: vscode.ExtensionContext, load: () => Promise<Core>): void {
  const handlers: Record<CommandId, (c: Core, ...args: unknown[]) => unknown> = {
    [COMMANDS.scanWorkspace]: (c) => c.scanner.scan(),
    [COMMANDS.openRiskPanel]: (c) => {
      c.panel.open();
    },
    [COMMANDS.exportSarif]: (c, target) => c.exportReport('sarif', target instanceof vscode.Uri ? target : undefined),
    [COMMANDS.exportAiBom]: (c, target) => c.exportReport('aibom', target instanceof vscode.Uri ? target : undefined),
    [COMMANDS.showRuleDocumentation]: (c, ruleId) => c.docs.show(ruleId),
    [COMMANDS.showLog]: () => log.show(),
    [COMMANDS.clearCache]: (c) => c.scanner.clearCache(),
    [COMMANDS.applyFix]: (c, args) => c.applyFix(args as ApplyFixArgs),
    [COMMANDS.fixAllInFile]: (c, args) => c.fixAll(args as FixAllArgs | undefined),
    [COMMANDS.openLocation]: (c, uri, line, character) =>
      typeof uri === 'string' && Number.isInteger(line) && Number.isInteger(character) ? c.panel.openLocation(uri, line as number, character as number) : false,
  };
  for (const [id, handler] of Object.entries(handlers)) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(await load(), ...args);
        } catch (err) {
          log.error(`command ${id} failed`, err);
          void vscode.window.showErrorMessage(`llmsec: ${err instanceof Error ? err.message : String(err)}`, 'Show Log').then((pick) => pick && log.show());
          return undefined;
        }
      }),
    );
  }
}

/** Providers, registered now and answered by the core once it is loaded. */
function registerProviders(context: vscode.ExtensionContext, load: () => Promise<Core>): void {
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(
      SELECTOR,
      { provideCodeActions: (document, range, ctx, token) => core?.codeActions.provideCodeActions(document, range, ctx, token) ?? [] },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.SourceFixAll.append('llmsec')] },
    ),
    vscode.languages.registerHoverProvider(SELECTOR, { provideHover: (document, position) => core?.hover.provideHover(document, position) }),
    vscode.workspace.registerTextDocumentContentProvider(RULE_DOC_SCHEME, { provideTextDocumentContent: async (uri) => (await load()).docs.provideTextDocumentContent(uri) }),
    vscode.window.registerWebviewViewProvider(RISK_VIEW_ID, { resolveWebviewView: async (view) => (await load()).panel.resolveWebviewView(view) }),
    vscode.window.registerWebviewPanelSerializer(RISK_PANEL_VIEW_TYPE, { deserializeWebviewPanel: async (panel) => (await load()).panel.deserializeWebviewPanel(panel) }),
  );
}
