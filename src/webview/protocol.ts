/**
 * The risk panel's messages, both ways, and the state it renders. Types only: the webview
 * bundle imports nothing at run time from here, and the extension validates what comes back
 * with zod (src/extension/panel/messages.ts) before acting on it.
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export interface PanelLocation {
  /** The file's URI as the extension host knows it; only sent back to ask to open it. */
  uri: string;
  /** Path shown to the user: relative to the workspace folder. */
  file: string;
  /** Zero-based. */
  line: number;
  character: number;
}

export interface PanelFinding extends PanelLocation {
  /** Unique in this state (fingerprint + file): the list's key. */
  key: string;
  ruleId: string;
  title: string;
  severity: Severity;
  /** What flows where, in plain words (without the standards suffix). */
  message: string;
  owasp: string[];
  iso: string[];
  /** Set when suppressed inline or accepted in the register: the justification. */
  suppressed?: string;
  flowSteps: number;
}

export interface PanelOwaspCategory {
  id: string;
  name: string;
  url?: string;
  open: Record<Severity, number>;
  openTotal: number;
}

export interface PanelIsoControl {
  id: string;
  name: string;
  objective: string;
  open: number;
  suppressed: number;
  rules: string[];
  rationale: string;
}

export interface PanelCallSite extends PanelLocation {
  provider: string;
  api: string;
  model: string | null;
  streaming: boolean;
}

export interface PanelModelSource extends PanelLocation {
  kind: string;
  name: string | null;
  api: string;
  revision: string | null;
  pinned: boolean;
  trustRemoteCode: boolean;
}

export interface PanelState {
  workspaceName: string;
  edition: '2025' | '2026';
  score: { score: number; rating: 'none' | 'low' | 'moderate' | 'high' | 'critical'; points: number; explanation: string; weights: Record<Severity, number> };
  open: Record<Severity, number>;
  openTotal: number;
  suppressed: number;
  accepted: number;
  owasp: PanelOwaspCategory[];
  iso: PanelIsoControl[];
  callSites: PanelCallSite[];
  modelSources: PanelModelSource[];
  findings: PanelFinding[];
  /** Files analysed so far (open documents and scanned files). */
  filesAnalysed: number;
  scan: { running: boolean; done: number; total: number; lastScan?: { finishedAt: string; files: number; elapsedMs: number; cancelled: boolean } };
  /** Restricted mode (untrusted workspace): built-in rules only. */
  restricted: boolean;
  /** Configuration and rule problems, one line each. */
  problems: string[];
}

/** Extension -> webview. */
export type HostMessage =
  | { type: 'state'; state: PanelState }
  | { type: 'ping'; token: string };

/** Webview -> extension (validated on arrival; see src/extension/panel/messages.ts). */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'openLocation'; uri: string; line: number; character: number }
  | { type: 'scanWorkspace' }
  | { type: 'exportSarif' }
  | { type: 'exportAiBom' }
  | { type: 'showRuleDocumentation'; ruleId: string }
  | { type: 'pong'; token: string; openTotal: number; rendered: number };

/** What the webview keeps with setState across reloads. */
export interface PersistedState {
  filters: { severity: Severity | 'all'; category: string; file: string; showSuppressed: boolean; text: string };
  last?: PanelState;
}
