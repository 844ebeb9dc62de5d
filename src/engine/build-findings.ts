/**
 * Turns the analysis facts of one file into findings: keeps the flows a rule cares about,
 * writes the message and the path, adds the built-in checks, applies inline suppressions,
 * computes fingerprints and fixes.
 */
import type { ModuleIR } from './ir';
import type { Finding, FlowStep, LlmCallSite, Location, ModelSource, StandardsTags } from './findings';
import { LineIndex, type Span } from './span';
import type { Facts, SinkHit } from './analysis/facts';
import type { RuleSet, CompiledRule } from './analysis/ruleset';
import type { RuleSpec } from './rules/model';
import type { Engine } from './engine';
import { findSecrets } from './builtins/secrets';
import { parseSuppressions, suppressionFor } from './suppressions';
import { fingerprinter, normaliseLine } from './fingerprint';
import { fixesFor, suppressFix } from './fixes';
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

interface Draft {
  rule: RuleSpec;
  span: Span;
  message: string;
  severity: Finding['severity'];
  flow: { span: Span; note: string; kind: FlowStep['kind'] }[];
  detail?: string;
  redact?: Span;
  callSpan?: Span;
}

export function buildFindings(input: BuildInput): { findings: Finding[]; callSites: LlmCallSite[]; modelSources: ModelSource[]; fixesSkipped: number } {
  const { file, text, module, facts, rules, engine } = input;
  const lines = new LineIndex(text);
  const loc = (span: Span): Location => ({ file, range: lines.range(span), startOffset: span.start, endOffset: span.end });
  const drafts: Draft[] = [];

  drafts.push(...flowDrafts(facts.hits, rules, engine));
  const byId = new Map(rules.rules.map((r) => [r.spec.id, r]));
  for (const c of facts.checks) {
    const rule = byId.get(c.ruleId)?.spec;
    if (!rule) continue;
    drafts.push({ rule, span: c.span, message: fill(rule.message, { detail: c.detail }), severity: engine.severityOf(rule), flow: [], detail: c.detail, callSpan: c.callSpan });
  }
  drafts.push(...builtinDrafts(input, rules, engine, lines));

  const suppressions = parseSuppressions(module.comments, lines);
  const occurrences = new Map<string, number>();
  // Line texts are read, trimmed and normalised once per line, and their fingerprint hash once
  // per rule and pair of lines: a minified file puts thousands of findings on one 2 MB line.
  const lineInfos = new Map<number, { normalised: string; id: number }>();
  const textIds = new Map<string, number>();
  const lineInfo = (line: number): { normalised: string; id: number } => {
    let info = lineInfos.get(line);
    if (!info) {
      const raw = lines.lineText(line);
      const trimmed = raw.trim();
      let id = textIds.get(trimmed);
      if (id === undefined) textIds.set(trimmed, (id = textIds.size));
      info = { normalised: normaliseLine(raw), id };
      lineInfos.set(line, info);
    }
    return info;
  };
  const fingerprinters = new Map<string, (occurrence: number) => string>();
  const findings: Finding[] = [];
  let fixesSkipped = 0;
  for (const d of dedupe(drafts)) {
    const tags = tagsOf(d.rule);
    const sinkLine = lines.position(d.span.start).line;
    const sourceLine = d.flow.length ? lines.position(d.flow[0].span.start).line : sinkLine;
    const sinkText = lineInfo(sinkLine);
    const sourceText = lineInfo(sourceLine);
    const lineKey = `${d.rule.id}\0${sinkText.id}\0${sourceText.id}`;
    const occurrence = occurrences.get(lineKey) ?? 0;
    occurrences.set(lineKey, occurrence + 1);
    let fingerprintAt = fingerprinters.get(lineKey);
    if (!fingerprintAt) fingerprinters.set(lineKey, (fingerprintAt = fingerprinter(d.rule.id, input.relativePath, sinkText.normalised, sourceText.normalised)));
    const suppression = suppressionFor(suppressions, d.rule.id, sinkLine);
    const finding: Finding = {
      ruleId: d.rule.id,
      title: d.rule.title,
      severity: d.severity,
      message: `${d.message} [${[...tags.owasp2025, `ISO 42001 ${tags.iso42001.join(', ')}`].join(' · ')}]`,
      location: loc(d.span),
      language: module.language,
      flow: d.flow.map((s) => ({ location: loc(s.span), note: s.note, kind: s.kind })),
      tags,
      helpUri: engine.ruleInfos.find((r) => r.id === d.rule.id)?.helpUri ?? '',
      fixes: [],
      fingerprint: fingerprintAt(occurrence),
    };
    if (d.redact) finding.redact = { startOffset: d.redact.start, endOffset: d.redact.end };
    if (suppression) finding.suppression = { kind: 'inline', justification: suppression.reason || '(no reason given)' };
    const fixContext = { finding, text, lines, module, callSpan: d.callSpan, language: module.language };
    // Thousands of findings in one file can make fix generation the slow part: it stays in budget.
    if (input.budget?.expired()) {
      finding.fixes = [suppressFix(fixContext)];
      fixesSkipped++;
    } else {
      finding.fixes = fixesFor(fixContext);
    }
    findings.push(finding);
  }
  findings.sort((a, b) => a.location.startOffset - b.location.startOffset || a.ruleId.localeCompare(b.ruleId));

  const callSites: LlmCallSite[] = facts.callSites.map((c) => ({ provider: c.provider, sdk: c.sdk, api: c.api, model: c.model, endpoint: c.endpoint, streaming: c.streaming, location: loc(c.span) }));
  const modelSources: ModelSource[] = facts.modelSources.map((m) => ({ kind: m.isLocal ? 'local-file' : m.kind, name: m.name, api: m.api, revision: m.revision, pinned: m.pinned, trustRemoteCode: m.trustRemoteCode, location: loc(m.span) }));
  return { findings, callSites: dedupeBy(callSites, (c) => c.location.startOffset), modelSources: dedupeBy(modelSources, (m) => m.location.startOffset), fixesSkipped };
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

function builtinDrafts(input: BuildInput, rules: RuleSet, engine: Engine, lines: LineIndex): Draft[] {
  const out: Draft[] = [];
  for (const { spec } of rules.rules) {
    switch (spec.builtin) {
      case 'secrets':
        for (const s of findSecrets(input.module)) {
          out.push({ rule: spec, span: s.span, message: fill(spec.message, { detail: `${s.provider} key ${s.preview}` }), severity: engine.severityOf(spec), flow: [], redact: s.span });
        }
        break;
      case 'hf-unpinned':
        for (const m of input.facts.modelSources) {
          if (m.kind !== 'huggingface-hub' || m.pinned || m.isLocal || m.revisionUnknown) continue;
          const detail = m.revision === null ? 'no revision is given' : /^[0-9a-f]{7,39}$/.test(m.revision) ? `revision '${m.revision}' is a short SHA` : `revision '${m.revision}' is a branch or tag, not a commit SHA`;
          const name = m.name ? `'${m.name}'` : 'the model';
          out.push({ rule: spec, span: m.span, message: fill(spec.message, { detail: `${name}: ${detail}` }), severity: engine.severityOf(spec), flow: [], callSpan: m.callSpan });
        }
        break;
      case 'suppression-reason':
        for (const s of parseSuppressions(input.module.comments, lines)) {
          if (s.reason) continue;
          out.push({ rule: spec, span: s.span, message: fill(spec.message, { detail: s.ruleIds.join(', ') }), severity: engine.severityOf(spec), flow: [] });
        }
        break;
    }
  }
  return out;
}

/** One finding per rule and location: the shortest path wins. */
function dedupe(drafts: Draft[]): Draft[] {
  const best = new Map<string, Draft>();
  for (const d of drafts) {
    const key = `${d.rule.id}:${d.span.start}:${d.span.end}`;
    const prev = best.get(key);
    if (!prev || d.flow.length < prev.flow.length || (d.flow.length === prev.flow.length && severityWins(d, prev))) best.set(key, d);
  }
  return [...best.values()];
}

function severityWins(a: Draft, b: Draft): boolean {
  const order = ['info', 'low', 'medium', 'high', 'critical'];
  return order.indexOf(a.severity) > order.indexOf(b.severity);
}

function dedupeBy<T>(items: T[], key: (t: T) => number): T[] {
  const seen = new Set<number>();
  return items.filter((i) => {
    const k = key(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
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
