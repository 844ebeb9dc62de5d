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
import { SECRET_PATTERN } from './builtins/secrets';
import { LiteralScanner, Occurrences } from './literal-scan';

/** Words (or, rarely, patterns) that must all occur. */
type Conjunction = (string | AnchoredPattern)[];
/** Satisfied when any of its conjunctions is. */
type Group = Conjunction[];
/** Satisfied when all of its groups are. */
type Requirement = Group[];

/**
 * A regular expression in a form the one literal pass can drive: it matches where one of its
 * `anchors` ends and `tail` (sticky) matches right after, with a word boundary before the anchor
 * when `boundaryBefore`. `regex` is the plain form it is equivalent to (the tests check both).
 */
export interface AnchoredPattern {
  regex: RegExp;
  anchors: string[];
  tail: RegExp;
  boundaryBefore?: boolean;
}

/** Module loaders appear in nearly every file with a constant name; only a computed one can be a sink. */
export const COMPUTED_MODULE_LOAD: AnchoredPattern = {
  regex: /\b(?:require|import)\(\s*[^'"`\s)]/,
  anchors: ['require(', 'import('],
  tail: /\s*[^'"`\s)]/y,
  boundaryBefore: true,
};

/** SECRET_PATTERN, anchored at its key prefixes and key-like names. */
export const SECRET_ANCHORED: AnchoredPattern[] = [
  { regex: SECRET_PATTERN, anchors: ['sk-', 'AIza', 'hf_', 'AKIA', 'ASIA', 'gsk_', 'r8_', 'xai-', 'pplx-'], tail: /[A-Za-z0-9_-]{10}/y },
  { regex: SECRET_PATTERN, anchors: ['key', 'token', 'secret', 'Key', 'Token', 'Secret', 'KEY', 'TOKEN', 'SECRET'], tail: /["']?\s*[:=]\s*["'`][^"'`\s]{16}/y },
];

export class Prefilter {
  readonly literals: string[];
  /** The rules' requirements as words and patterns: the reference the compiled form must agree with. */
  readonly requirements: Requirement[] = [];
  /** Checks a literal cannot express (a key-shaped string); any match lets the file through. */
  readonly patterns: AnchoredPattern[][] = [];
  private readonly compiled: CompiledRequirements;

  constructor(rules: RuleSpec[], catalog: Catalog) {
    const sources = sourceGroups(catalog);
    const prompts = catalog.providers.flatMap((p) => p.calls.flatMap((c) => c.call.map(callWords))).flat();
    for (const rule of rules) {
      const taint = rule.taint;
      if (taint) {
        const sourceGroup = taint.sources.flatMap((label) => sources.get(label) ?? []);
        const sinkGroup = [...(taint.sinks ?? []).flatMap(sinkWords), ...(taint.promptSinks ? prompts : [])];
        this.requirements.push([sourceGroup, sinkGroup]);
      }
      for (const c of rule.calls ?? []) {
        // The conditions name the argument and often the start of its value (`base_url`, `http://`).
        const conditionWords = c.when.flatMap((w) => [...(typeof w.arg === 'string' ? [w.arg.split('.').pop()!] : []), ...(w.matches ? [regexLiteralPrefix(w.matches)] : [])]).filter((w) => w.length >= 3);
        const called = [...(c.call ?? []).flatMap(callWords), ...(c.method ?? []).map((m) => [`.${m}(`])];
        this.requirements.push([called, ...conditionWords.map((w) => [[w]])]);
      }
      for (const e of rule.envAssignments ?? []) this.requirements.push([e.names.map((n) => [n])]);
      if (rule.builtin === 'secrets') this.patterns.push(SECRET_ANCHORED);
      if (rule.builtin === 'hf-unpinned') this.requirements.push([catalog.modelLoaders.flatMap((l) => l.call.flatMap(callWords))]);
      if (rule.builtin === 'suppression-reason') this.requirements.push([[['llmsec-ignore']]]);
    }
    this.literals = [...new Set(this.requirements.flat(3).filter((w): w is string => typeof w === 'string'))].sort();
    // A pattern is one more requirement: any of its alternatives.
    const all = [...this.requirements, ...this.patterns.map((alternatives): Requirement => [alternatives.map((p) => [p])])];
    this.compiled = new CompiledRequirements(all, this.literals);
  }

  /** False only when no rule can match the text. One pass finds every word; patterns run when asked. */
  mayMatch(text: string): boolean {
    return this.compiled.mayMatch(text);
  }
}

/**
 * The requirements as flat integer arrays, evaluated without allocating: one literal pass marks
 * the words present, then each requirement's groups are checked in order, stopping at the first
 * answer. A term is a literal id (>= 0) or a pattern, -1 - its index; a pattern runs only when a
 * requirement reaches it, at most once per text, and only where one of its anchors occurs.
 */
class CompiledRequirements {
  private readonly scanner: LiteralScanner;
  /** Terms of conjunction c: terms[conjEnd[c - 1] .. conjEnd[c]); likewise groups and requirements. */
  private readonly terms: Int32Array;
  private readonly conjEnd: Int32Array;
  private readonly groupEnd: Int32Array;
  private readonly requirementEnd: Int32Array;
  private readonly patterns: AnchoredPattern[];
  /** Per pattern, per literal id: 1 when the literal is one of the pattern's anchors. */
  private readonly anchorOf: Uint8Array[];
  private readonly seen: Uint32Array;
  private mark = 0;
  private readonly occurrences = new Occurrences();
  /** Per pattern, this text: 0 not yet run, 1 matches, 2 does not. */
  private readonly patternState: Uint8Array;
  private text = '';

  constructor(requirements: Requirement[], words: string[]) {
    const patterns: AnchoredPattern[] = [];
    const literals = [...words];
    const ids = new Map(literals.map((w, i) => [w, i]));
    const literalId = (w: string): number => {
      let id = ids.get(w);
      if (id === undefined) ids.set(w, (id = literals.push(w) - 1));
      return id;
    };
    const term = (w: string | AnchoredPattern): number => {
      if (typeof w === 'string') return literalId(w);
      let p = patterns.indexOf(w);
      if (p < 0) p = patterns.push(w) - 1;
      return -1 - p;
    };
    const terms: number[] = [];
    const conjEnd: number[] = [];
    const groupEnd: number[] = [];
    const requirementEnd: number[] = [];
    for (const requirement of requirements) {
      for (const group of requirement) {
        for (const conj of group) {
          for (const w of conj) terms.push(term(w));
          conjEnd.push(terms.length);
        }
        groupEnd.push(conjEnd.length);
      }
      requirementEnd.push(groupEnd.length);
    }
    const anchorIds = patterns.map((p) => p.anchors.map(literalId));
    this.scanner = new LiteralScanner(literals, [...new Set(anchorIds.flat())]);
    this.anchorOf = anchorIds.map((list) => {
      const flags = new Uint8Array(literals.length);
      for (const id of list) flags[id] = 1;
      return flags;
    });
    this.terms = Int32Array.from(terms);
    this.conjEnd = Int32Array.from(conjEnd);
    this.groupEnd = Int32Array.from(groupEnd);
    this.requirementEnd = Int32Array.from(requirementEnd);
    this.patterns = patterns;
    this.patternState = new Uint8Array(patterns.length);
    this.seen = new Uint32Array(literals.length);
  }

  mayMatch(text: string): boolean {
    if (this.mark === 0xffffffff) {
      this.seen.fill(0);
      this.mark = 0;
    }
    const mark = ++this.mark;
    this.occurrences.length = 0;
    this.patternState.fill(0);
    this.text = text;
    this.scanner.scanInto(text, this.seen, mark, this.occurrences);
    try {
      return this.anyRequirementHolds(mark);
    } finally {
      this.text = '';
    }
  }

  private anyRequirementHolds(mark: number): boolean {
    const { terms, conjEnd, groupEnd, requirementEnd, seen } = this;
    let group = 0;
    let conj = 0;
    for (let r = 0; r < requirementEnd.length; r++) {
      const lastGroup = requirementEnd[r];
      let holds = true;
      for (; group < lastGroup; group++) {
        const lastConj = groupEnd[group];
        let any = false;
        // Conjunctions of the group until one holds; the rest are skipped.
        for (; conj < lastConj; conj++) {
          let all = true;
          for (let t = conj === 0 ? 0 : conjEnd[conj - 1]; t < conjEnd[conj]; t++) {
            const id = terms[t];
            if (id >= 0 ? seen[id] !== mark : !this.patternMatches(-1 - id)) {
              all = false;
              break;
            }
          }
          if (all) {
            any = true;
            break;
          }
        }
        conj = lastConj;
        if (!any) {
          holds = false;
          break;
        }
      }
      if (holds) return true;
      group = lastGroup;
      conj = lastGroup === 0 ? 0 : groupEnd[lastGroup - 1];
    }
    return false;
  }

  private patternMatches(p: number): boolean {
    const state = this.patternState[p];
    if (state !== 0) return state === 1;
    const { tail, boundaryBefore } = this.patterns[p];
    const anchors = this.anchorOf[p];
    const text = this.text;
    const { ids, ends, length } = this.occurrences;
    let found = false;
    for (let i = 0; i < length && !found; i++) {
      const id = ids[i];
      if (anchors[id] !== 1) continue;
      const end = ends[i];
      if (boundaryBefore && isWordChar(text.charCodeAt(end - this.scanner.literals[id].length - 1))) continue;
      tail.lastIndex = end;
      found = tail.test(text);
    }
    this.patternState[p] = found ? 1 : 2;
    return found;
  }
}

/** `\w` without the u flag: ASCII letters, digits and underscore (NaN, before the text, is not). */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** `^http://(?!...)` -> `http://`: the literal text a regular expression's matches start with. */
function regexLiteralPrefix(source: string): string {
  const m = /^\^?((?:[^\\.[\](){}*+?|^$]|\\[./:-])*)/.exec(source);
  const prefix = (m?.[1] ?? '').replace(/\\(.)/g, '$1');
  // A quantifier right after the prefix makes its last character optional.
  return /^[*?{]/.test(source.slice((m?.[0] ?? '').length)) ? prefix.slice(0, -1) : prefix;
}

/** The conjunctions that show each source label could be in a file. */
function sourceGroups(catalog: Catalog): Map<string, Group> {
  const out = new Map<string, Group>();
  const add = (label: string, group: Group): void => {
    out.set(label, [...(out.get(label) ?? []), ...group]);
  };
  for (const s of catalog.sources) {
    add(s.label, s.values.flatMap(callWords));
    add(s.label, s.calls.flatMap(callWords));
    add(s.label, s.attributes.map((a) => [`.${a}`]));
  }
  for (const h of catalog.handlers) {
    add(h.label, [...h.decorators, ...h.registrations].flatMap((n) => moduleVariants(n)));
    // `export async function POST(`, `req: NextRequest`, `{ searchParams }`: written the way handlers are.
    add(h.label, h.exportedNames.map((n) => [`${n}(`]));
    add(h.label, h.annotations.map((a) => [`: ${lastSegment(a)}`]));
    add(h.label, h.destructured.map((d) => [d.length < 8 ? `{ ${d}` : d]));
    if (h.paramNames.length) add(h.label, h.moduleImports.flatMap((m) => h.paramNames.map((p) => [m, p])));
  }
  add('llm-output', catalog.providers.flatMap((p) => p.calls.flatMap((c) => c.call.flatMap(callWords))));
  return out;
}

function sinkWords(s: SinkSpec): Group {
  // `handlers[name](...)`: an index followed by a call.
  if (s.computedMemberCall) return [['](']];
  return [...(s.call ?? []).flatMap(callWords), ...(s.method ?? []).map((m) => [`.${m}(`]), ...[...(s.property ?? []), ...(s.jsxAttribute ?? [])].map((w) => [w])];
}

/**
 * `subprocess.run` -> subprocess AND run; `openai().chat.completions.create` -> openai AND create;
 * a bare `eval` -> eval. Wildcards shorten words to their literal prefix; a part with no literal
 * left imposes nothing.
 */
function callWords(name: string): Conjunction[] {
  if (name === 'require' || name === 'import') return [[COMPUTED_MODULE_LOAD]];
  // A builtin or a default-imported module called directly: written as `eval(`, `fetch(`, `axios(`.
  if (!name.includes('.') && !name.includes('*') && !name.endsWith('()')) return [[`${name}(`]];
  const lastSeg = lastSegment(name);
  const last = literalPrefix(lastSeg);
  // `torch.load` is called as `torch.load(` or, imported, `load(`: the name followed by a parenthesis.
  const word = last && last === lastSeg && !name.endsWith('()') ? `${last}(` : last;
  const heads = moduleVariants(name);
  return heads.map((head) => (word && !head.includes(last) && name.includes('.') ? [...head, word] : head));
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
