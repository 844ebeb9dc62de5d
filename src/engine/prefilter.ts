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
import { LiteralScanner } from './literal-scan';

/** Words (or, rarely, patterns) that must all occur. */
type Conjunction = (string | RegExp)[];
/** Satisfied when any of its conjunctions is. */
type Group = Conjunction[];
/** Satisfied when all of its groups are. */
type Requirement = Group[];


export class Prefilter {
  readonly literals: string[];
  private readonly requirements: Requirement[] = [];
  /** Checks a literal cannot express (a key-shaped string); any match lets the file through. */
  private readonly patterns: RegExp[] = [];
  private readonly scanner: LiteralScanner;
  private readonly ids: Map<string, number>;

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
      if (rule.builtin === 'secrets') this.patterns.push(SECRET_PATTERN);
      if (rule.builtin === 'hf-unpinned') this.requirements.push([catalog.modelLoaders.flatMap((l) => l.call.flatMap(callWords))]);
      if (rule.builtin === 'suppression-reason') this.requirements.push([[['llmsec-ignore']]]);
    }
    this.literals = [...new Set(this.requirements.flat(3).filter((w): w is string => typeof w === 'string'))].sort();
    this.scanner = new LiteralScanner(this.literals);
    this.ids = new Map(this.literals.map((w, i) => [w, i]));
  }

  /** False only when no rule can match the text. One pass finds every word; patterns run when asked. */
  mayMatch(text: string): boolean {
    const present = this.scanner.scan(text);
    const tested = new Map<RegExp, boolean>();
    const has = (w: string | RegExp): boolean => {
      if (typeof w === 'string') return present.has(this.ids.get(w)!);
      let found = tested.get(w);
      if (found === undefined) tested.set(w, (found = w.test(text)));
      return found;
    };
    return this.requirements.some((req) => req.every((group) => group.some((conj) => conj.every(has)))) || this.patterns.some((p) => p.test(text));
  }
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
/** Module loaders appear in nearly every file with a constant name; only a computed one can be a sink. */
const COMPUTED_MODULE_LOAD = /\b(?:require|import)\(\s*[^'"`\s)]/;

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
