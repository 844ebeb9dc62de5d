/**
 * Turns the analysis facts of one file into findings: keeps the flows a rule cares about,
 * writes the message and the path, adds the built-in checks, applies inline suppressions,
 * computes fingerprints and fixes.
 *
 * In two stages, so the editor can redo only what an edit changed: drafts (per part of the file:
 * from facts, and from the syntax for the built-in checks), then findings from all drafts of the
 * file. The result does not depend on the order drafts arrive in.
 */
import { createHash } from 'node:crypto';
import type { LanguageId, ModuleIR, Stmt } from './ir';
import type { Finding, FlowStep, LlmCallSite, Location, ModelSource, StandardsTags } from './findings';
import { LineIndex, type Span } from './span';
import type { Facts, SinkHit } from './analysis/facts';
import type { RuleSet, CompiledRule } from './analysis/ruleset';
import type { RuleSpec } from './rules/model';
import type { Engine } from './engine';
import { findSecrets, type SecretHit } from './builtins/secrets';
import { parseSuppressions, suppressionFor, type InlineSuppression } from './suppressions';
import { fingerprinter, normaliseLine } from './fingerprint';
import { fixesFor, suppressFix, type FixContext } from './fixes';
import type { AnalysisBudget } from './budget';

export interface BuildInput {
  file: string;
  text: string;
  module: ModuleIR;
  facts: Facts;
  rules: RuleSet;
  engine: Engine;
  relativePath: string;
  /** Once the file's budget has run out, findings get only the suppression fix. */
  budget?: AnalysisBudget;
}

/** A finding before it has a location, fingerprint, suppression and fixes. */
export interface Draft {
  rule: RuleSpec;
  span: Span;
  message: string;
  severity: Finding['severity'];
  flow: { span: Span; note: string; kind: FlowStep['kind'] }[];
  detail?: string;
  redact?: Span;
  callSpan?: Span;
}

export interface Built {
  findings: Finding[];
  callSites: LlmCallSite[];
  modelSources: ModelSource[];
  fixesSkipped: number;
}

/** The whole file at once (the CLI and workspace scans). */
export function buildFindings(input: BuildInput): Built {
  const { file, text, module, facts, rules, engine } = input;
  const lines = new LineIndex(text);
  const drafts = [...factDrafts(facts, rules, engine), ...secretDrafts(findSecrets(module), rules, engine)];
  const suppressions = parseSuppressions(module.comments, lines);
  drafts.push(...suppressionDrafts(suppressions, rules, engine));
  const finished = finishFindings({ file, text, lines, language: module.language, drafts, suppressions, engine, relativePath: input.relativePath, fixes: { module, budget: input.budget } });
  return { findings: finished.findings, ...inventory(facts, file, lines), fixesSkipped: finished.fixesSkipped };
}

// ------------------------------------------------------------------ drafts

/** Drafts from analysis facts: flows a rule cares about, call checks, unpinned Hub models. */
export function factDrafts(facts: Facts, rules: RuleSet, engine: Engine): Draft[] {
  const drafts = flowDrafts(facts.hits, rules, engine);
  const byId = new Map(rules.rules.map((r) => [r.spec.id, r]));
  for (const c of facts.checks) {
    const rule = byId.get(c.ruleId)?.spec;
    if (!rule) continue;
    drafts.push({ rule, span: c.span, message: fill(rule.message, { detail: c.detail }), severity: engine.severityOf(rule), flow: [], detail: c.detail, callSpan: c.callSpan });
  }
  const unpinned = builtinRule(rules, 'hf-unpinned');
  if (unpinned) {
    for (const m of facts.modelSources) {
      if (m.kind !== 'huggingface-hub' || m.pinned || m.isLocal || m.revisionUnknown) continue;
      const detail = m.revision === null ? 'no revision is given' : /^[0-9a-f]{7,39}$/.test(m.revision) ? `revision '${m.revision}' is a short SHA` : `revision '${m.revision}' is a branch or tag, not a commit SHA`;
      const name = m.name ? `'${m.name}'` : 'the model';
      drafts.push({ rule: unpinned, span: m.span, message: fill(unpinned.message, { detail: `${name}: ${detail}` }), severity: engine.severityOf(unpinned), flow: [], callSpan: m.callSpan });
    }
  }
  return drafts;
}

/** Secrets found in some statements (the editor asks per top-level statement and caches). */
export function secretsIn(body: Stmt[], language: LanguageId): SecretHit[] {
  return findSecrets({ language, body, comments: [], syntaxErrors: [] });
}

export function secretDrafts(secrets: SecretHit[], rules: RuleSet, engine: Engine): Draft[] {
  const spec = builtinRule(rules, 'secrets');
  if (!spec) return [];
  return secrets.map((s) => ({ rule: spec, span: s.span, message: fill(spec.message, { detail: `${s.provider} key ${s.preview}` }), severity: engine.severityOf(spec), flow: [], redact: s.span }));
}

/** A suppression without a reason is reported itself. */
export function suppressionDrafts(suppressions: InlineSuppression[], rules: RuleSet, engine: Engine): Draft[] {
  const spec = builtinRule(rules, 'suppression-reason');
  if (!spec) return [];
  return suppressions.filter((s) => !s.reason).map((s) => ({ rule: spec, span: s.span, message: fill(spec.message, { detail: s.ruleIds.join(', ') }), severity: engine.severityOf(spec), flow: [] }));
}

function builtinRule(rules: RuleSet, builtin: RuleSpec['builtin']): RuleSpec | undefined {
  return rules.rules.find((r) => r.spec.builtin === builtin)?.spec;
}

/** Flow hits a rule cares about: its source labels, not neutralised by a sanitizer it accepts. */
function flowDrafts(hits: SinkHit[], rules: RuleSet, engine: Engine): Draft[] {
  const byId = new Map<string, CompiledRule>(rules.rules.map((r) => [r.spec.id, r]));
  const out: Draft[] = [];
  for (const hit of hits) {
    const rule = byId.get(hit.ruleId);
    if (!rule || !rule.sources.has(hit.taint.label)) continue;
    if (hit.taint.cleared.some((k) => rule.neutralisedBy.has(k))) continue;
    const steps = hit.taint.steps;
    const source = steps[0]?.note ?? 'untrusted data';
    const flow: Draft['flow'] = steps.map((s, i) => ({ span: s.span, note: s.note, kind: i === 0 ? 'source' : 'step' }));
    flow.push({ span: hit.sinkSpan, note: hit.sinkNote, kind: 'sink' });
    out.push({
      rule: rule.spec,
      span: hit.sinkSpan,
      message: fill(rule.spec.message, { source, sink: hit.sinkNote, detail: hit.sinkLabel ?? '' }),
      severity: engine.severityOf(rule.spec, hit.position),
      flow,
    });
  }
  return out;
}

// ------------------------------------------------------------------ findings

export interface FinishInput {
  file: string;
  text: string;
  lines: LineIndex;
  language: LanguageId;
  drafts: Draft[];
  suppressions: InlineSuppression[];
  engine: Engine;
  relativePath: string;
  /** Compute quick fixes now (the CLI); without it findings have none (the editor asks later). */
  fixes?: { module: ModuleIR; budget?: AnalysisBudget };
  /** What was worked out for each draft, kept between edits by the editor (see DraftEntry). */
  entries?: WeakMap<Draft, DraftEntry>;
}

/**
 * What a finding needs of its draft's place in the text: the finding without its fingerprint
 * (which counts identical lines across the file) and without its suppression, and the texts the
 * fingerprint hashes. It stays valid while the lines it was read from do not change.
 */
export interface DraftEntry {
  base: Finding;
  sinkLine: number;
  /** Rule id with the trimmed sink and source line texts: identical ones are counted. */
  occurrenceKey: string;
  sinkText: string;
  sourceText: string;
  fingerprints: Map<number, string>;
}

export interface Finished {
  findings: Finding[];
  /** The draft behind each finding (same order), for fixes computed later. */
  drafts: Draft[];
  fixesSkipped: number;
}

export function finishFindings(input: FinishInput): Finished {
  const { file, lines, engine } = input;
  const loc = (span: Span): Location => ({ file, range: lines.range(span), startOffset: span.start, endOffset: span.end });
  const kept = dedupe(input.drafts);
  const occurrences = new Map<string, number>();
  // Line texts are read, trimmed and normalised once per line, and their fingerprint hash once
  // per rule and pair of lines: a minified file puts thousands of findings on one 2 MB line.
  const lineTexts = new Map<number, { key: string; normalised: string }>();
  const lineText = (line: number): { key: string; normalised: string } => {
    let t = lineTexts.get(line);
    if (!t) {
      const raw = lines.lineText(line);
      lineTexts.set(line, (t = { key: lineKey(raw.trim()), normalised: normaliseLine(raw) }));
    }
    return t;
  };
  const fingerprinters = new Map<string, (occurrence: number) => string>();
  const perRule = new Map<string, { tags: StandardsTags; suffix: string; helpUri: string }>();
  const ruleInfo = (rule: RuleSpec): { tags: StandardsTags; suffix: string; helpUri: string } => {
    let info = perRule.get(rule.id);
    if (!info) {
      const tags = tagsOf(rule);
      const suffix = ` [${[...tags.owasp2025, `ISO 42001 ${tags.iso42001.join(', ')}`].join(' · ')}]`;
      perRule.set(rule.id, (info = { tags, suffix, helpUri: engine.ruleInfos.find((r) => r.id === rule.id)?.helpUri ?? '' }));
    }
    return info;
  };
  const entryOf = (d: Draft): DraftEntry => {
    const { tags, suffix, helpUri } = ruleInfo(d.rule);
    const range = lines.range(d.span);
    const sinkLine = range.start.line;
    const sourceLine = d.flow.length ? lines.position(d.flow[0].span.start).line : sinkLine;
    const sink = lineText(sinkLine);
    const source = lineText(sourceLine);
    const base: Finding = {
      ruleId: d.rule.id,
      title: d.rule.title,
      severity: d.severity,
      message: d.message + suffix,
      location: { file, range, startOffset: d.span.start, endOffset: d.span.end },
      language: input.language,
      flow: d.flow.map((s) => ({ location: loc(s.span), note: s.note, kind: s.kind })),
      tags,
      helpUri,
      fixes: [],
      fingerprint: '',
    };
    if (d.redact) base.redact = { startOffset: d.redact.start, endOffset: d.redact.end };
    return { base, sinkLine, occurrenceKey: `${d.rule.id}\0${sink.key}\0${source.key}`, sinkText: sink.normalised, sourceText: source.normalised, fingerprints: new Map() };
  };
  const findings: Finding[] = [];
  let fixesSkipped = 0;
  for (const d of kept) {
    let entry = input.entries?.get(d);
    if (!entry) {
      entry = entryOf(d);
      input.entries?.set(d, entry);
    }
    const occurrence = occurrences.get(entry.occurrenceKey) ?? 0;
    occurrences.set(entry.occurrenceKey, occurrence + 1);
    let fingerprint = entry.fingerprints.get(occurrence);
    if (fingerprint === undefined) {
      let at = fingerprinters.get(entry.occurrenceKey);
      if (!at) fingerprinters.set(entry.occurrenceKey, (at = fingerprinter(d.rule.id, input.relativePath, entry.sinkText, entry.sourceText)));
      entry.fingerprints.set(occurrence, (fingerprint = at(occurrence)));
    }
    const finding: Finding = { ...entry.base, fingerprint };
    const suppression = input.suppressions.length ? suppressionFor(input.suppressions, d.rule.id, entry.sinkLine) : undefined;
    if (suppression) finding.suppression = { kind: 'inline', justification: suppression.reason || '(no reason given)' };
    if (input.fixes) {
      const ctx = fixContext(finding, d, input.text, lines, input.fixes.module);
      // Thousands of findings in one file can make fix generation the slow part: it stays in budget.
      if (input.fixes.budget?.expired()) {
        finding.fixes = [suppressFix(ctx)];
        fixesSkipped++;
      } else {
        finding.fixes = fixesFor(ctx);
      }
    }
    findings.push(finding);
  }
  return { findings, drafts: kept, fixesSkipped };
}

/**
 * A line's text as a key of the occurrence map: a long line by its hash, since keys made of a
 * 10 MB line are hashed again by every lookup.
 */
function lineKey(trimmed: string): string {
  return trimmed.length <= 256 ? `=${trimmed}` : `#${createHash('sha256').update(trimmed).digest('base64')}`;
}

/** What a fix generator needs to know about a finding. */
export function fixContext(finding: Finding, draft: Draft, text: string, lines: LineIndex, module: ModuleIR): FixContext {
  return { finding, text, lines, module, callSpan: draft.callSpan, language: module.language };
}

/** The LLM call sites and model sources, one per location. */
export function inventory(facts: Facts, file: string, lines: LineIndex): { callSites: LlmCallSite[]; modelSources: ModelSource[] } {
  const loc = (span: Span): Location => ({ file, range: lines.range(span), startOffset: span.start, endOffset: span.end });
  const callSites: LlmCallSite[] = facts.callSites.map((c) => ({ provider: c.provider, sdk: c.sdk, api: c.api, model: c.model, endpoint: c.endpoint, streaming: c.streaming, location: loc(c.span) }));
  const modelSources: ModelSource[] = facts.modelSources.map((m) => ({ kind: m.isLocal ? 'local-file' : m.kind, name: m.name, api: m.api, revision: m.revision, pinned: m.pinned, trustRemoteCode: m.trustRemoteCode, location: loc(m.span) }));
  return { callSites: onePerOffset(callSites), modelSources: onePerOffset(modelSources) };
}

/**
 * One draft per rule and location: the shortest path wins, then the higher severity, then the
 * first in a fixed order of their content, so the choice never depends on the order the
 * analysis found them in. Sorted by location.
 */
function dedupe(drafts: Draft[]): Draft[] {
  const best = new Map<string, Draft>();
  for (const d of drafts) {
    const key = `${d.rule.id}:${d.span.start}:${d.span.end}`;
    const prev = best.get(key);
    if (!prev || betterDraft(d, prev)) best.set(key, d);
  }
  const rank = ruleRanks([...new Set([...best.values()].map((d) => d.rule.id))]);
  return [...best.values()].sort((a, b) => a.span.start - b.span.start || rank.get(a.rule.id)! - rank.get(b.rule.id)! || a.span.end - b.span.end);
}

/** Rule ids in `localeCompare` order, as numbers: comparing those is what a sort of thousands does often. */
function ruleRanks(ids: string[]): Map<string, number> {
  return new Map(ids.sort((a, b) => a.localeCompare(b)).map((id, i) => [id, i]));
}

const SEVERITY_RANK: Record<string, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

function betterDraft(a: Draft, b: Draft): boolean {
  if (a.flow.length !== b.flow.length) return a.flow.length < b.flow.length;
  const bySeverity = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  if (bySeverity !== 0) return bySeverity > 0;
  return compareContent(a, b) < 0;
}

/** A fixed order of drafts by message, then path: the same choice whatever order they came in. */
function compareContent(a: Draft, b: Draft): number {
  if (a.message !== b.message) return a.message < b.message ? -1 : 1;
  for (let i = 0; i < a.flow.length; i++) {
    const x = a.flow[i];
    const y = b.flow[i];
    if (x.span.start !== y.span.start) return x.span.start - y.span.start;
    if (x.span.end !== y.span.end) return x.span.end - y.span.end;
    if (x.note !== y.note) return x.note < y.note ? -1 : 1;
  }
  return 0;
}

/** The first of the items at each offset in a fixed order of their content. */
function onePerOffset<T extends { location: Location }>(items: T[]): T[] {
  const best = new Map<number, T>();
  for (const item of items) {
    const at = item.location.startOffset;
    const prev = best.get(at);
    if (!prev || (prev !== item && JSON.stringify(item) < JSON.stringify(prev))) best.set(at, item);
  }
  return [...best.values()].sort((a, b) => a.location.startOffset - b.location.startOffset);
}

function tagsOf(rule: RuleSpec): StandardsTags {
  const s = rule.standards;
  return { owasp2025: s.owasp2025, owasp2026: s.owasp2026, iso42001: s.iso42001, isoRationale: s.isoRationale, cwe: s.cwe, atlas: s.atlas };
}

function fill(template: string, values: Record<string, string>): string {
  return template
    .replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '')
    // The look-behind starts a match only where white space starts: without it, a long run of
    // spaces in a value (a model name from the code) is rescanned from every position.
    .replace(/(?<!\s)\s+([.,;:])(?=\s|$)/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

