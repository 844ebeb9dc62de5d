/**
 * Rules and catalogue compiled for fast lookup during analysis: name matchers built once,
 * sinks indexed by the last segment of their call names so a call looks at a handful of specs.
 */
import type { ArgCondition, CallCheckSpec, RuleSpec, SinkSpec } from '../rules/model';
import type { Catalog, HandlerSpec, LlmCallSpec, ModelLoader, Provider, SourceSpec } from '../rules/catalog-model';
import { NameMatcher, lastSegment } from './qualified-names';
import { MAX_REGEX_INPUT } from '../rules/regex-probe';

export interface CompiledRule {
  spec: RuleSpec;
  sources: Set<string>;
  /** Sanitizer kinds that neutralise a flow for this rule ('validation' always does). */
  neutralisedBy: Set<string>;
}

export interface CompiledSink {
  rule: CompiledRule;
  spec: SinkSpec;
  callMatcher?: NameMatcher;
  receiverMatcher?: NameMatcher;
  receiverName?: RegExp;
}

export interface CompiledCheck {
  rule: CompiledRule;
  spec: CallCheckSpec;
  callMatcher?: NameMatcher;
  receiverMatcher?: NameMatcher;
}

export interface CompiledLlmCall {
  provider: Provider;
  spec: LlmCallSpec;
  matcher: NameMatcher;
}

export interface PromptRule {
  rule: CompiledRule;
  position: 'any' | 'system' | 'user';
}

/**
 * Index of specs by the last name segment of their patterns (`subprocess.run` -> `run`). Patterns
 * ending in a glob (`transformers.**`) are indexed by their first segment instead, and patterns
 * with globs at both ends are tried for every name.
 */
class SegmentIndex<T> {
  private readonly byLast = new Map<string, T[]>();
  private readonly byFirst = new Map<string, T[]>();
  private readonly always: T[] = [];

  add(patterns: readonly string[], item: T): void {
    for (const p of patterns) {
      const last = lastSegment(p);
      const first = firstSegment(p);
      if (!last.includes('*')) pushOnce(this.byLast, last, item);
      else if (!first.includes('*')) pushOnce(this.byFirst, first, item);
      else if (!this.always.includes(item)) this.always.push(item);
    }
  }

  /** Specs that may match `name` (the caller still tests each). */
  candidates(name: string): T[] {
    const a = this.byLast.get(lastSegment(name));
    const b = this.byFirst.get(firstSegment(name));
    if (!b && !this.always.length) return a ?? [];
    return [...(a ?? []), ...(b ?? []), ...this.always];
  }
}

function firstSegment(name: string): string {
  const dot = name.indexOf('.');
  return (dot >= 0 ? name.slice(0, dot) : name).replace(/\(\)$/, '');
}

function pushOnce<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

export class RuleSet {
  readonly rules: CompiledRule[];
  readonly promptRules: PromptRule[] = [];
  readonly propertySinks = new Map<string, CompiledSink[]>();
  readonly jsxSinks = new Map<string, CompiledSink[]>();
  readonly computedCallSinks: CompiledSink[] = [];
  readonly envChecks: { rule: CompiledRule; names: Set<string>; re: RegExp; label?: string }[] = [];
  private readonly callSinks = new SegmentIndex<CompiledSink>();
  private readonly methodSinks = new Map<string, CompiledSink[]>();
  private readonly checks = new SegmentIndex<CompiledCheck>();
  private readonly methodChecks = new Map<string, CompiledCheck[]>();
  private readonly llmCalls = new SegmentIndex<CompiledLlmCall>();
  readonly sourceValues: { spec: SourceSpec; matcher: NameMatcher }[] = [];
  readonly sourceAttributes = new Map<string, SourceSpec[]>();
  readonly sourceCalls = new SegmentIndex<{ spec: SourceSpec; matcher: NameMatcher }>();
  readonly handlers: { spec: HandlerSpec; decorators: NameMatcher; registrations: NameMatcher }[];
  readonly sanitizerCalls = new SegmentIndex<{ kind: string; matcher: NameMatcher }>();
  readonly sanitizerMethods = new Map<string, string>();
  readonly sanitizerNamePatterns: { kind: string; re: RegExp }[] = [];
  readonly validatingBases: NameMatcher;
  readonly guardCalls: NameMatcher;
  readonly guardValueMethods: Set<string>;
  readonly guardCollectionMethods: Set<string>;
  readonly modelLoaders = new SegmentIndex<{ spec: ModelLoader; matcher: NameMatcher }>();
  readonly clientConstructors: NameMatcher;
  readonly wrappers: NameMatcher;
  readonly providerBySdk = new Map<string, Provider>();

  constructor(specs: RuleSpec[], readonly catalog: Catalog, readonly family: 'python' | 'javascript') {
    this.rules = specs
      .filter((s) => s.languages.includes(family))
      .map((spec) => ({
        spec,
        sources: new Set(spec.taint?.sources ?? []),
        neutralisedBy: new Set(['validation', ...(spec.taint?.sanitizerKinds ?? [])]),
      }));
    for (const rule of this.rules) this.indexRule(rule);
    this.indexCatalog(catalog);
    this.handlers = catalog.handlers.map((spec) => ({
      spec,
      decorators: new NameMatcher(spec.decorators),
      registrations: new NameMatcher(spec.registrations),
    }));
    const validating = catalog.sanitizers.flatMap((s) => s.validatingBases);
    this.validatingBases = new NameMatcher(validating);
    this.guardCalls = new NameMatcher(catalog.guards?.calls ?? []);
    this.guardValueMethods = new Set(catalog.guards?.valueMethods ?? []);
    this.guardCollectionMethods = new Set(catalog.guards?.collectionMethods ?? []);
    this.clientConstructors = new NameMatcher(catalog.providers.flatMap((p) => p.clients));
    this.wrappers = new NameMatcher(catalog.wrappers);
  }

  private indexRule(rule: CompiledRule): void {
    const taint = rule.spec.taint;
    if (taint?.promptSinks) this.promptRules.push({ rule, position: taint.promptSinks });
    for (const spec of taint?.sinks ?? []) {
      const sink: CompiledSink = {
        rule,
        spec,
        callMatcher: spec.call ? new NameMatcher(spec.call) : undefined,
        receiverMatcher: spec.receiverTypes ? new NameMatcher(spec.receiverTypes) : undefined,
        receiverName: spec.receiverNameMatches ? new RegExp(spec.receiverNameMatches) : undefined,
      };
      if (spec.call) this.callSinks.add(spec.call, sink);
      for (const m of spec.method ?? []) pushTo(this.methodSinks, m, sink);
      for (const p of spec.property ?? []) pushTo(this.propertySinks, p, sink);
      for (const a of spec.jsxAttribute ?? []) pushTo(this.jsxSinks, a, sink);
      if (spec.computedMemberCall) this.computedCallSinks.push(sink);
    }
    for (const e of rule.spec.envAssignments ?? []) this.envChecks.push({ rule, names: new Set(e.names), re: new RegExp(e.matches), label: e.label });
    for (const spec of rule.spec.calls ?? []) {
      const check: CompiledCheck = {
        rule,
        spec,
        callMatcher: spec.call ? new NameMatcher(spec.call) : undefined,
        receiverMatcher: spec.receiverTypes ? new NameMatcher(spec.receiverTypes) : undefined,
      };
      if (spec.call) this.checks.add(spec.call, check);
      for (const m of spec.method ?? []) pushTo(this.methodChecks, m, check);
    }
  }

  private indexCatalog(catalog: Catalog): void {
    for (const provider of catalog.providers) {
      for (const sdk of provider.sdks) this.providerBySdk.set(sdk, provider);
      for (const spec of provider.calls) this.llmCalls.add(spec.call, { provider, spec, matcher: new NameMatcher(spec.call) });
    }
    for (const spec of catalog.sources) {
      if (spec.values.length) this.sourceValues.push({ spec, matcher: new NameMatcher(spec.values) });
      if (spec.calls.length) this.sourceCalls.add(spec.calls, { spec, matcher: new NameMatcher(spec.calls) });
      for (const a of spec.attributes) pushTo(this.sourceAttributes, a, spec);
    }
    for (const s of catalog.sanitizers) {
      if (s.calls.length) this.sanitizerCalls.add(s.calls, { kind: s.kind, matcher: new NameMatcher(s.calls) });
      for (const m of s.methods) this.sanitizerMethods.set(m, s.kind);
      if (s.calleeNameMatches) this.sanitizerNamePatterns.push({ kind: s.kind, re: new RegExp(s.calleeNameMatches) });
    }
    for (const spec of catalog.modelLoaders) this.modelLoaders.add(spec.call, { spec, matcher: new NameMatcher(spec.call) });
  }

  /** Sinks for a call whose callee may be any of `refs`, with method name `method` when it is `x.method(...)`. */
  sinksForCall(refs: readonly string[], method: string | undefined, receiverRefs: readonly string[], receiverName?: string): CompiledSink[] {
    const out: CompiledSink[] = [];
    for (const ref of refs) {
      for (const sink of this.callSinks.candidates(ref)) {
        if (!out.includes(sink) && sink.callMatcher?.matches(ref)) out.push(sink);
      }
    }
    if (method) {
      for (const sink of this.methodSinks.get(method) ?? []) {
        if (out.includes(sink)) continue;
        const byType = !sink.receiverMatcher || !!sink.receiverMatcher.first(receiverRefs);
        // Rule expressions were probed on inputs of at most MAX_REGEX_INPUT characters.
        const byName = !!sink.receiverName && receiverName !== undefined && receiverName.length < MAX_REGEX_INPUT && sink.receiverName.test(receiverName);
        if (sink.receiverName ? byName || (!!sink.receiverMatcher && byType) : byType) out.push(sink);
      }
    }
    return out;
  }

  checksForCall(refs: readonly string[], method: string | undefined, receiverRefs: readonly string[]): CompiledCheck[] {
    const out: CompiledCheck[] = [];
    for (const ref of refs) {
      for (const check of this.checks.candidates(ref)) {
        if (!out.includes(check) && check.callMatcher?.matches(ref)) out.push(check);
      }
    }
    if (method) {
      for (const check of this.methodChecks.get(method) ?? []) {
        if (out.includes(check)) continue;
        if (!check.receiverMatcher || check.receiverMatcher.first(receiverRefs)) out.push(check);
      }
    }
    return out;
  }

  llmCallFor(refs: readonly string[]): { call: CompiledLlmCall; ref: string } | undefined {
    for (const ref of refs) {
      for (const call of this.llmCalls.candidates(ref)) {
        if (call.matcher.matches(ref)) return { call, ref };
      }
    }
    return undefined;
  }

  sourceForCall(refs: readonly string[]): SourceSpec | undefined {
    for (const ref of refs) {
      for (const s of this.sourceCalls.candidates(ref)) if (s.matcher.matches(ref)) return s.spec;
    }
    return undefined;
  }

  /** The labels a more specific source label replaces (`untrusted-file` replaces `untrusted-request`). */
  replacedBy(label: string): string[] {
    return this.catalog.sources.filter((s) => s.label === label).flatMap((s) => s.replaces);
  }

  /** Attributes of data with this label that are not attacker-controlled (`request.user`). */
  trustedAttribute(label: string, name: string): boolean {
    return this.catalog.sources.some((s) => s.label === label && s.trustedAttributes.includes(name));
  }

  sourceForValue(ref: string): SourceSpec | undefined {
    for (const s of this.sourceValues) if (s.matcher.matches(ref)) return s.spec;
    return undefined;
  }

  sanitizerForCall(refs: readonly string[], calleeName: string | undefined): string | undefined {
    for (const ref of refs) {
      for (const s of this.sanitizerCalls.candidates(ref)) if (s.matcher.matches(ref)) return s.kind;
    }
    if (calleeName) {
      const byMethod = this.sanitizerMethods.get(calleeName);
      if (byMethod) return byMethod;
      if (calleeName.length < MAX_REGEX_INPUT) for (const p of this.sanitizerNamePatterns) if (p.re.test(calleeName)) return p.kind;
    }
    return undefined;
  }

  modelLoaderFor(refs: readonly string[]): { spec: ModelLoader; ref: string } | undefined {
    for (const ref of refs) {
      for (const l of this.modelLoaders.candidates(ref)) if (l.matcher.matches(ref)) return { spec: l.spec, ref };
    }
    return undefined;
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export type { ArgCondition };
