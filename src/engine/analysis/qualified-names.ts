/**
 * Qualified names are how the engine names what a value is, after resolving imports, aliases,
 * constructors and assignments: `subprocess.run`, `openai.OpenAI().chat.completions.create`,
 * `openai().responses.create` (a JS default import of `openai`, constructed with `new`).
 * Rules match them with patterns: `*` is any text within one dotted segment, `**` any number of
 * segments (including none).
 */
import { MAX_REGEX_INPUT } from '../rules/regex-probe';

const cache = new Map<string, RegExp>();

function compile(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  re = new RegExp(`^${globSource(pattern)}$`);
  cache.set(pattern, re);
  return re;
}

export function globSource(pattern: string): string {
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      // `a.**.b` also matches `a.b`: the dot after ** is optional.
      if (pattern[i + 2] === '.') {
        src += '(?:.*\\.)?';
        i += 2;
      } else {
        src += '.*';
        i += 1;
      }
    } else if (c === '*') {
      src += '[^.]*';
    } else {
      src += c.replace(/[|\\{}()[\]^$+?.]/g, '\\$&');
    }
  }
  return src;
}

export function matchesPattern(name: string, pattern: string): boolean {
  if (!pattern.includes('*')) return name === pattern;
  // Patterns were probed (rules/loader.ts) on names up to MAX_REGEX_INPUT characters.
  return name.length < MAX_REGEX_INPUT && compile(pattern).test(name);
}

/** A compiled set of patterns: exact names in a set, all globs in one regular expression. */
export class NameMatcher {
  private readonly exact = new Set<string>();
  private readonly globs?: RegExp;

  constructor(patterns: readonly string[]) {
    const globs: string[] = [];
    for (const p of patterns) {
      if (p.includes('*')) globs.push(globSource(p));
      else this.exact.add(p);
    }
    if (globs.length) this.globs = new RegExp(`^(?:${globs.join('|')})$`);
  }

  get isEmpty(): boolean {
    return this.exact.size === 0 && !this.globs;
  }

  matches(name: string): boolean {
    return this.exact.has(name) || (name.length < MAX_REGEX_INPUT && (this.globs?.test(name) ?? false));
  }

  /** The first of `names` that matches, if any. */
  first(names: readonly string[]): string | undefined {
    for (const n of names) if (this.matches(n)) return n;
    return undefined;
  }
}

/** The last dotted segment without call parentheses: `a.B().create` -> `create`. */
export function lastSegment(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot >= 0 ? name.slice(dot + 1) : name).replace(/\(\)$/, '');
}

/** Module specifiers as written (`node:child_process`) to the name used in qualified names. */
export function normaliseModule(spec: string): string {
  return spec.startsWith('node:') ? spec.slice(5) : spec;
}
