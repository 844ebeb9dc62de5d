/**
 * The engine's output. Every face (diagnostics, code actions, hover, risk panel, CLI text/JSON,
 * SARIF, HTML report, AI-BOM) reads these plain, JSON-serialisable objects, so they cross a
 * worker-thread boundary unchanged.
 */
import type { LanguageId } from './ir';
import type { LineRange } from './span';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export const SEVERITY_ORDER: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export function severityRank(s: Severity): number {
  return SEVERITY_ORDER.indexOf(s);
}

/** A location in a file; `file` is the path as given to the scan (absolute in the editor). */
export interface Location {
  file: string;
  range: LineRange;
  /** Offsets in the file text (UTF-16), for fixes and excerpts. */
  startOffset: number;
  endOffset: number;
}

export interface FlowStep {
  location: Location;
  /** What happens at this step, in plain words: "request parameter read", "passed to summarize()". */
  note: string;
  kind: 'source' | 'step' | 'sink';
}

export interface TextEdit {
  startOffset: number;
  endOffset: number;
  newText: string;
}

export interface Fix {
  title: string;
  /** Edits to the finding's file. Non-overlapping, in any order. */
  edits: TextEdit[];
  /** The preferred fix for the finding (shown first, applied by "fix all"). */
  isPreferred: boolean;
  /** True when newText contains snippet placeholders (`${1:...}`) the user must fill. */
  isSnippet?: boolean;
}

/** Standards tags, all from the project's verified catalogue (rules/standards.yaml). */
export interface StandardsTags {
  owasp2025: string[];
  owasp2026: string[];
  iso42001: string[];
  /** One sentence: why these ISO/IEC 42001 controls apply. */
  isoRationale: string;
  cwe: string[];
  atlas: string[];
}

export interface Suppression {
  kind: 'inline' | 'register';
  justification: string;
  /** For register entries: owner and dates, as written in the register. */
  owner?: string;
  acceptedOn?: string;
  reviewBy?: string;
}

export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  /** One or two sentences: what flows where, ending with the standards in brackets. */
  message: string;
  location: Location;
  language: LanguageId;
  /** Source-to-sink path, first step the source, last the sink. Empty for non-flow rules. */
  flow: FlowStep[];
  tags: StandardsTags;
  /** Link to the rule's documentation. */
  helpUri: string;
  fixes: Fix[];
  /** Stable across unrelated edits: hash of rule id, file path relative to the root, the
   * normalised text of the sink line and of the source line, and an occurrence counter. */
  fingerprint: string;
  /** Set when an inline comment or the accepted-risk register suppresses it. */
  suppression?: Suppression;
  /** Text that must never be shown (a hardcoded secret): reports mask it in excerpts. */
  redact?: { startOffset: number; endOffset: number };
}

/** A problem with the scan itself (unreadable file, file too large, parse timeout, bad rule). */
export interface ScanNotice {
  level: 'error' | 'warning' | 'info';
  message: string;
  file?: string;
  /** Machine-readable reason: 'too-large', 'binary', 'not-utf8', 'timeout', 'parse-memory' (the parse needed too much
   * parser memory), 'parse-error', 'unreadable', 'rule-error', 'config-error',
   * 'syntax-error', 'symlink-loop', 'register-error', 'register-stale', 'register-review-overdue', 'register-placeholder-reason',
   * 'fixes-timeout' (quick fixes cut short by the file's budget), 'internal-error', 'outside-root' (a symbolic link out of the
   * scanned folder, not followed), 'cache-unavailable' (the result cache directory cannot be used safely). */
  reason: string;
}

/** An LLM call site: the inventory behind the panel and the AI-BOM. */
export interface LlmCallSite {
  provider: string;
  /** The SDK module the call was resolved through (`openai`, `@anthropic-ai/sdk`, `langchain_openai`). */
  sdk: string;
  /** Canonical qualified name of the call (`openai.OpenAI().chat.completions.create`). */
  api: string;
  /** Model name when it is a constant (`gpt-4o`), else null. */
  model: string | null;
  /** Custom endpoint when given as a constant (`base_url`, `baseURL`, `host`). */
  endpoint: string | null;
  streaming: boolean;
  location: Location;
}

/** A model artefact referenced from code: Hub ids, local weight files. */
export interface ModelSource {
  /** `huggingface-hub`, `local-file`, `url`. */
  kind: string;
  /** Model or dataset id / path / URL, when constant. */
  name: string | null;
  /** The API used (`transformers.AutoModel.from_pretrained`, `torch.load`). */
  api: string;
  /** Revision as written, when constant. */
  revision: string | null;
  /** True only when revision is a full 40-hex commit SHA. */
  pinned: boolean;
  trustRemoteCode: boolean;
  location: Location;
}

export interface FileResult {
  file: string;
  language: LanguageId;
  findings: Finding[];
  callSites: LlmCallSite[];
  modelSources: ModelSource[];
  notices: ScanNotice[];
  /** Milliseconds spent on this file (parse + analysis). */
  elapsedMs: number;
}

export interface ScanResult {
  /** The root that relative paths in reports are computed from. */
  root: string;
  files: FileResult[];
  /** Scan-level notices (rule and config errors, skipped files). */
  notices: ScanNotice[];
  /** Files looked at, analysed, skipped; with a result cache, how many analysed files it answered. */
  stats: { filesSeen: number; filesAnalysed: number; filesSkipped: number; elapsedMs: number; filesFromCache?: number };
}
