/**
 * A cheap literal prefilter for workspace scans: a file that contains none of the words any rule
 * needs (an LLM SDK's module name, a model-loading module, a key prefix, the suppression marker)
 * cannot produce a finding, so it is not parsed at all. The words are derived from the rules and
 * the catalogue, so a new rule or provider extends the prefilter without code changes.
 */
import type { RuleSpec } from './rules/model';
import type { Catalog } from './rules/catalog-model';
import { SECRET_TRIGGERS } from './builtins/secrets';

export class Prefilter {
  readonly literals: string[];
  private readonly pattern: RegExp;

  constructor(rules: RuleSpec[], catalog: Catalog) {
    const words = new Set<string>();
    const providerWords = catalog.providers.flatMap((p) => p.sdks).map(sdkWord);
    for (const rule of rules) {
      if (rule.taint) {
        const needsLlm = rule.taint.promptSinks !== undefined || rule.taint.sources.includes('llm-output');
        if (needsLlm) providerWords.forEach((w) => words.add(w));
        else for (const s of catalog.sources) if (rule.taint.sources.includes(s.label)) s.calls.forEach((c) => words.add(firstSegment(c)));
      }
      for (const c of rule.calls ?? []) for (const name of c.call ?? []) words.add(firstSegment(name));
      if (rule.builtin === 'secrets') SECRET_TRIGGERS.forEach((w) => words.add(w));
      if (rule.builtin === 'hf-unpinned') for (const l of catalog.modelLoaders) l.call.forEach((name) => words.add(firstSegment(name)));
      if (rule.builtin === 'suppression-reason') words.add('llmsec-ignore');
    }
    words.delete('');
    this.literals = [...words].sort();
    this.pattern = new RegExp(this.literals.map(escape).join('|'));
  }

  /** False only when no rule can match the text. */
  mayMatch(text: string): boolean {
    return this.literals.length > 0 && this.pattern.test(text);
  }
}

/** `@anthropic-ai/sdk` -> `@anthropic-ai/sdk`; very short module names are only safe quoted. */
function sdkWord(sdk: string): string {
  return sdk.length < 4 ? `'${sdk}'` : sdk;
}

function firstSegment(name: string): string {
  const seg = name.split('.')[0].replace(/\(\)$/, '');
  return seg.includes('*') ? '' : seg;
}

function escape(s: string): string {
  return s.replace(/[|\\{}()[\]^$+*?.]/g, '\\$&');
}
