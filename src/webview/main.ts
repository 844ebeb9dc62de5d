/**
 * The risk panel's script (bundled to out/webview.js; the page's CSP lets only it run). It
 * draws the state the extension sends, keeps the filters and the last state with setState so a
 * reload shows the panel at once, and sends back typed requests: open a location, scan, export.
 */
import type { HostMessage, PanelLocation, PanelState, PersistedState, WebviewMessage } from './protocol';
import { clear, h } from './dom';
import type { Actions } from './views/common';
import { DEFAULT_FILTERS, findingsSection, type Filters } from './views/findings';
import { inventoryCard } from './views/inventory';
import { isoCard } from './views/iso';
import { owaspCard } from './views/owasp';
import { scoreCard, severityCard } from './views/summary';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): PersistedState | undefined;
  setState(state: PersistedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
const saved = vscode.getState();
let filters: Filters = { ...DEFAULT_FILTERS, ...saved?.filters };
let state: PanelState | undefined = saved?.last;

const actions: Actions = {
  open: (l: PanelLocation) => vscode.postMessage({ type: 'openLocation', uri: l.uri, line: l.line, character: l.character }),
  scan: () => vscode.postMessage({ type: 'scanWorkspace' }),
  exportSarif: () => vscode.postMessage({ type: 'exportSarif' }),
  exportAiBom: () => vscode.postMessage({ type: 'exportAiBom' }),
  showRule: (ruleId: string) => vscode.postMessage({ type: 'showRuleDocumentation', ruleId }),
};

function persist(): void {
  vscode.setState({ filters, ...(state ? { last: state } : {}) });
}

function setFilters(next: Filters): void {
  filters = next;
  persist();
  // Keep the focus where it was (typing in the search box re-renders the list).
  const focused = document.activeElement;
  const focusKey = focused instanceof HTMLElement ? focused.getAttribute('data-testid') ?? (focused instanceof HTMLInputElement ? focused.type : null) : null;
  const caret = focused instanceof HTMLInputElement ? focused.selectionStart : null;
  render();
  if (focusKey) {
    const again = app.querySelector<HTMLElement>(`[data-testid="${focusKey}"], .filters input[type="${focusKey}"]`);
    again?.focus();
    if (again instanceof HTMLInputElement && caret !== null && again.type === 'search') again.setSelectionRange(caret, caret);
  }
}

function header(s: PanelState): HTMLElement {
  const scanning = s.scan.running;
  const last = s.scan.lastScan;
  return h(
    'header',
    { class: 'top' },
    h(
      'div',
      { class: 'title' },
      h('span', { class: 'brand' }, 'llmsec'),
      h('h1', {}, 'Risk overview'),
      h('span', { class: 'muted' }, s.workspaceName, ' · OWASP edition ', s.edition, last ? ` · last scan ${new Date(last.finishedAt).toLocaleTimeString()} (${last.files} files, ${(last.elapsedMs / 1000).toFixed(1)} s${last.cancelled ? ', cancelled' : ''})` : ''),
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', 'data-testid': 'scan', disabled: scanning, onclick: actions.scan }, scanning ? 'Scanning…' : 'Scan workspace'),
      h('button', { type: 'button', class: 'secondary', 'data-testid': 'export-sarif', onclick: actions.exportSarif }, 'Export SARIF'),
      h('button', { type: 'button', class: 'secondary', onclick: actions.exportAiBom }, 'Export AI-BOM'),
    ),
  );
}

function banners(s: PanelState): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (s.scan.running) {
    const progress = h('progress', { max: Math.max(1, s.scan.total), value: s.scan.done, 'aria-label': 'Scan progress' });
    out.push(h('div', { class: 'banner info', role: 'status' }, h('span', {}, `Scanning the workspace: ${s.scan.done} of ${s.scan.total || '…'} files`), progress));
  } else if (!s.scan.lastScan) {
    out.push(h('div', { class: 'banner info' }, h('span', {}, 'Showing open files only. Scan the workspace to include every file.')));
  }
  if (s.restricted) out.push(h('div', { class: 'banner warn' }, h('span', {}, 'Restricted mode: only the built-in rules run. The workspace .llmsec.yaml and rule directories apply once you trust this workspace.')));
  for (const p of s.problems) out.push(h('div', { class: 'banner error' }, h('span', {}, p)));
  return out;
}

function render(): void {
  clear(app);
  if (!state) {
    app.append(h('p', { class: 'loading' }, 'Loading the risk overview…'));
    return;
  }
  const s = state;
  const pickCategory = (id: string) => {
    setFilters({ ...filters, category: id });
    document.getElementById('findings')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };
  app.append(
    header(s),
    ...banners(s),
    h('div', { class: 'grid summary' }, scoreCard(s), severityCard(s), owaspCard(s, pickCategory)),
    findingsSection(s, filters, setFilters, actions),
    isoCard(s, actions),
    inventoryCard(s, actions),
  );
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (!message || typeof message !== 'object') return;
  if (message.type === 'state') {
    state = message.state;
    persist();
    render();
  } else if (message.type === 'ping') {
    const rendered = app.querySelectorAll('[data-testid="finding"]').length;
    vscode.postMessage({ type: 'pong', token: message.token, openTotal: state?.openTotal ?? 0, rendered });
  }
});

render();
vscode.postMessage({ type: 'ready' });
