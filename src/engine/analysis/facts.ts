/** What the analysis of one file produces, before it becomes findings. */
import type { Span } from '../span';
import type { Taint } from './values';

/** A tainted value reached a sink of a rule. */
export interface SinkHit {
  ruleId: string;
  /** Where the finding is shown: the tainted expression at the sink. */
  sinkSpan: Span;
  /** What the sink does with it, in plain words: "passed to os.system()". */
  sinkNote: string;
  taint: Taint;
  /** For prompt sinks: where in the prompt the value lands. */
  position?: 'system' | 'user';
  sinkLabel?: string;
}

/** A call that matched a non-flow check (an unpinned model, `trust_remote_code=True`). */
export interface CheckHit {
  ruleId: string;
  span: Span;
  /** Extra words for the message: "revision 'main' is a branch, not a commit". */
  detail: string;
  /** Span of the argument the fix edits, if any. */
  argSpan?: Span;
  /** The call's span (fixes insert arguments before its closing parenthesis). */
  callSpan: Span;
}

export interface CallSiteFact {
  provider: string;
  sdk: string;
  api: string;
  model: string | null;
  endpoint: string | null;
  streaming: boolean;
  span: Span;
}

export interface ModelSourceFact {
  kind: string;
  name: string | null;
  api: string;
  revision: string | null;
  pinned: boolean;
  trustRemoteCode: boolean;
  span: Span;
  callSpan: Span;
  /** True when the name is a local path, not a Hub id. */
  isLocal: boolean;
  /** True when a revision argument is given but not a constant (unknown, so not reported). */
  revisionUnknown: boolean;
}

export interface Facts {
  hits: SinkHit[];
  checks: CheckHit[];
  callSites: CallSiteFact[];
  modelSources: ModelSourceFact[];
}
