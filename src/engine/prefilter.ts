/**
 * A cheap literal prefilter for workspace scans. Every rule needs certain words in a file before
 * it can match there: a flow rule needs one of its sources' words AND one of its sinks' words (an
 * LLM SDK's module name, and `os` with `system`, say); a call rule needs its module's name and the
 * called name; the built-in checks need a key prefix or the suppression marker. A file that
 * satisfies no rule is not parsed at all. The words are derived from the rules and the catalogue,
 * so new rules and providers extend the prefilter without code changes. (Flows are found within
 * one file, so both ends must be in it; cross-file analysis will have to relax this.)
 */
import type { RuleSpec, SinkSpec } from './rules/model';
import type { Catalog } from './rules/catalog-model';
import { SECRET_TRIGGERS } from './builtins/secrets';

/** Words that must all occur. */
type Conjunction = string[];
/** Satisfied when any of its conjunctions is. */
type Group = Conjunction[];
/** Satisfied when all of its groups are. */
type Requirement = Group[];

/** A group that cannot be checked with literals (a computed call): always satisfied. */
const ALWAYS: Group = [[]];

export class Prefilter {
  readonly literals: string[];
  private readonly requirements: Requirement[] = [];

  constructor(rules: RuleSpec[], catalog: Catalog) {
    const sources = sourceGroups(catalog);
    const prompts = catalog.providers.flatMap((p) => p.calls.flatMap((c) => c.call.map(callWords))).flat();
    for (const rule of rules) {
      const taint = rule.taint;
      if (taint) {
        const sourceGroup = taint.sources.flatMap((label) => sources.get(label) ?? []);
        const sinkGroup = (taint.sinks ?? []).some((s) => s.computedMemberCall) ? ALWAYS : [...(taint.sinks ?? []).flatMap(sinkWords), ...(taint.promptSinks ? prompts : [])];
        this.requirements.push([sourceGroup, sinkGroup]);
      }
      for (const c of rule.calls ?? []) this.requirements.push([[...(c.call ?? []).flatMap(callWords), ...(c.method ?? []).map((m) => [m])]]);
      for (const e of rule.envAssignments ?? []) this.requirements.push([e.names.map((n) => [n])]);
      if (rule.builtin === 'secrets') this.requirements.push([SECRET_TRIGGERS.map((w) => [w])]);
      if (rule.builtin === 'hf-unpinned') this.requirements.push([catalog.modelLoaders.flatMap((l) => l.call.flatMap(callWords))]);
      if (rule.builtin === 'suppression-reason') this.requirements.push([[['llmsec-ignore']]]);
    }
    this.literals = [...new Set(this.requirements.flat(3))].sort();
  }

  /** False only when no rule can match the text. Each word is searched at most once per text. */
  mayMatch(text: string): boolean {
    const known = new Map<string, boolean>();
    const has = (w: string): boolean => {
      let found = known.get(w);
      if (found === undefined) known.set(w, (found = text.includes(w)));
      return found;
    };
    return this.requirements.some((req) => req.every((group) => group.some((conj) => conj.every(has))));
  }
}

/** The conjunctions that show each source label could be in a file. */
function sourceGroups(catalog: Catalog): Map<string, Group> {
  const out = new Map<string, Group>();
  const add = (label: string, group: Group): void => {
    out.set(label, [...(out.get(label) ?? []), ...group]);
  };
  for (const s of catalog.sources) {
    add(s.label, s.values.map((v) => [lastSegment(v)]));
    add(s.label, s.calls.flatMap(callWords));
    add(s.label, s.attributes.map((a) => [a]));
  }
  for (const h of catalog.handlers) {
    add(h.label, [...h.decorators, ...h.registrations].flatMap((n) => moduleVariants(n)));
    add(h.label, [...h.exportedNames, ...h.annotations.map(lastSegment), ...h.destructured].map((w) => [w]));
    if (h.paramNames.length) add(h.label, h.moduleImports.flatMap((m) => h.paramNames.map((p) => [m, p])));
  }
  add('llm-output', catalog.providers.flatMap((p) => p.calls.flatMap((c) => c.call.flatMap(callWords))));
  return out;
}

function sinkWords(s: SinkSpec): Group {
  return [...(s.call ?? []).flatMap(callWords), ...[...(s.method ?? []), ...(s.property ?? []), ...(s.jsxAttribute ?? [])].map((w) => [w])];
}

/**
 * `subprocess.run` -> subprocess AND run; `openai().chat.completions.create` -> openai AND create;
 * a bare `eval` -> eval. Wildcards shorten words to their literal prefix; a part with no literal
 * left imposes nothing.
 */
function callWords(name: string): Conjunction[] {
  const last = literalPrefix(lastSegment(name));
  const heads = moduleVariants(name);
  return heads.map((head) => (last && !head.includes(last) && name.includes('.') ? [...head, last] : head));
}

/** How a module's name appears in a file that uses it. Short names are matched as they are
 * imported (`import os`, `from os import`, `'os'`, `os.`), not as bare letters. */
function moduleVariants(name: string): Conjunction[] {
  const head = literalPrefix(name.split('.')[0].replace(/\(\)$/, ''));
  if (head.length < 2) return [[]];
  if (head.length >= 4) return [[head]];
  return [[`'${head}'`], [`"${head}"`], [`import ${head}`], [`${head}.`], [`from ${head} `]];
}

function literalPrefix(word: string): string {
  const star = word.indexOf('*');
  return (star >= 0 ? word.slice(0, star) : word).replace(/\(\)$/, '');
}

function lastSegment(name: string): string {
  const parts = name.split('.');
  return parts[parts.length - 1].replace(/\(\)$/, '');
}
