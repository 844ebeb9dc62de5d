/**
 * Hosts the risk panel in two places: a view in llmsec's own activity-bar container, and an
 * editor tab opened by "llmsec: Open Risk Panel" (restored after a reload by its serializer).
 * Both get the same HTML shell and the same state, pushed whenever the findings or the scan
 * change. Messages from the webview are validated before anything is done with them.
 */
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { HostMessage, PanelState, WebviewMessage } from '../../webview/protocol';
import type { AnalysisService } from '../analysis/service';
import type { WorkspaceScanner } from '../scan/workspace-scan';
import { COMMANDS, RISK_PANEL_VIEW_TYPE } from '../commands';
import { log } from '../log';
import { panelHtml } from './html';
import { isInsideFolders, parseWebviewMessage } from './messages';
import { buildPanelState } from './panel-model';

interface Attached {
  webview: vscode.Webview;
  ready: boolean;
}

export interface PanelPong {
  openTotal: number;
  rendered: number;
}

export class RiskPanel implements vscode.WebviewViewProvider, vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly attached = new Set<Attached>();
  private panel?: vscode.WebviewPanel;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer?: ReturnType<typeof setTimeout>;
  private readonly pings = new Map<string, (pong: PanelPong) => void>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly service: AnalysisService,
    private readonly scanner: WorkspaceScanner,
  ) {
    this.subscriptions.push(
      service.store.onDidChange(() => this.schedule()),
      service.onDidChangeSetup(() => this.schedule()),
      scanner.onDidChangeState(() => this.schedule()),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.attach(view.webview, view.onDidDispose);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    this.adoptPanel(panel);
  }

  /** Opens (or reveals) the panel in the editor area. */
  open(): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.reveal();
      return this.panel;
    }
    const panel = vscode.window.createWebviewPanel(RISK_PANEL_VIEW_TYPE, 'llmsec: Risk', vscode.ViewColumn.Active, this.options());
    this.adoptPanel(panel);
    return panel;
  }

  private adoptPanel(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'shield.svg');
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    this.attach(panel.webview, panel.onDidDispose);
  }

  private options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      // Only the bundle folder (webview.js) and media/ (the stylesheet, icons).
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'out'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private attach(webview: vscode.Webview, onDispose: vscode.Event<void>): void {
    const attached: Attached = { webview, ready: false };
    this.attached.add(attached);
    webview.options = this.options();
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'out', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css')).toString(),
    });
    const listener = webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(attached, raw));
    onDispose(() => {
      listener.dispose();
      this.attached.delete(attached);
    });
    // The panel is about the workspace: the first time it is shown, scan it.
    if (!this.service.workspaceScanned && !this.scanner.state.running) void this.scanner.scan({ silent: true });
  }

  private async onMessage(attached: Attached, raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      log.warn(`risk panel: ignored an invalid message (${parsed.error})`);
      return;
    }
    const message: WebviewMessage = parsed.message;
    switch (message.type) {
      case 'ready':
        attached.ready = true;
        await this.post(attached, { type: 'state', state: await this.state() });
        return;
      case 'openLocation':
        await this.openLocation(message.uri, message.line, message.character);
        return;
      case 'scanWorkspace':
        await vscode.commands.executeCommand(COMMANDS.scanWorkspace);
        return;
      case 'exportSarif':
        await vscode.commands.executeCommand(COMMANDS.exportSarif);
        return;
      case 'exportAiBom':
        await vscode.commands.executeCommand(COMMANDS.exportAiBom);
        return;
      case 'showRuleDocumentation':
        await vscode.commands.executeCommand(COMMANDS.showRuleDocumentation, message.ruleId);
        return;
      case 'pong':
        this.pings.get(message.token)?.({ openTotal: message.openTotal, rendered: message.rendered });
        this.pings.delete(message.token);
        return;
    }
  }

  /** Opens a location the panel asked for, only if it is a file inside a workspace folder. */
  async openLocation(uriText: string, line: number, character: number): Promise<boolean> {
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(uriText, true);
    } catch {
      log.warn('risk panel: refused to open a malformed URI');
      return false;
    }
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === uri.scheme).map((f) => f.uri.fsPath);
    const inside = uri.scheme === 'file' && vscode.workspace.getWorkspaceFolder(uri) !== undefined && isInsideFolders(uri.fsPath, folders, path);
    if (!inside) {
      log.warn(`risk panel: refused to open ${uri.toString()} (not inside the workspace)`);
      return false;
    }
    const position = new vscode.Position(line, character);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: false });
    return true;
  }

  /** Sends a ping through every ready webview and waits for the first answer (tests use this). */
  async ping(timeoutMs = 10_000): Promise<PanelPong> {
    const token = randomUUID();
    const answer = new Promise<PanelPong>((resolve, reject) => {
      this.pings.set(token, resolve);
      setTimeout(() => reject(new Error('the risk panel did not answer')), timeoutMs);
    });
    const deadline = Date.now() + timeoutMs;
    while (![...this.attached].some((a) => a.ready) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // The current state first: the webview handles messages in order, so it answers the ping
    // after drawing it.
    clearTimeout(this.timer);
    await this.pushState();
    for (const a of this.attached) if (a.ready) await this.post(a, { type: 'ping', token });
    return answer;
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pushState(), 150);
  }

  private async pushState(): Promise<void> {
    if (!this.attached.size) return;
    const state = await this.state();
    for (const a of this.attached) if (a.ready) await this.post(a, { type: 'state', state });
  }

  async state(): Promise<PanelState> {
    const setups = this.service.allSetups();
    const state = buildPanelState({
      workspaceName: vscode.workspace.name ?? 'Workspace',
      edition: setups[0]?.owaspEdition ?? '2025',
      entries: this.service.entriesWithPaths().map(({ entry, displayPath }) => ({ uri: entry.uri.toString(), displayPath, result: entry.result })),
      rules: await this.service.allRules(),
      scan: this.scanner.state,
      restricted: !vscode.workspace.isTrusted,
      problems: this.service.problems(),
    });
    return state;
  }

  private async post(attached: Attached, message: HostMessage): Promise<void> {
    try {
      await attached.webview.postMessage(message);
    } catch (err) {
      log.error('risk panel: could not post a message', err);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.panel?.dispose();
  }
}
