/**
 * Loads rule files and the catalogue. A broken file gives a notice naming the file, the line
 * and the field, and what was expected; every other rule keeps working.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isNode, type Document } from 'yaml';
import type { z } from 'zod';
import type { ScanNotice } from '../findings';
import { ruleSchema, type RuleSpec } from './model';
import { catalogSchema, type Catalog } from './catalog-model';
import { unknownStandardIds } from '../standards';
import { checkRegex } from './safe-regex';
import { MAX_REGEX_INPUT, PROBE_TIMEOUT_MS, probeRegex } from './regex-probe';
import { globSource } from '../analysis/qualified-names';
import { jsonErrorWithLine, parseYamlText, shortMessage } from '../yaml-limits';

const MAX_RULE_FILE_BYTES = 512 * 1024;
const RULE_FILE = /\.(ya?ml|json)$/i;

export interface LoadedRules {
  rules: RuleSpec[];
  /** Rule id to the file it came from. */
  origins: Map<string, string>;
  catalog: Catalog;
  notices: ScanNotice[];
}

/**
 * The last load of each set of directories, with a hash of every file it read: loading twice in
 * one process (the CLI's engine, then the scan's workers) parses and validates once. Reading and
 * hashing the files costs a few milliseconds; parsing, validating and probing them, hundreds.
 */
const loadedBefore = new Map<string, { signature: string; loaded: LoadedRules }>();

export function loadRuleDirs(builtinDir: string, extraDirs: string[]): LoadedRules {
  const key = JSON.stringify([builtinDir, ...extraDirs]);
  const signature = filesSignature([builtinDir, ...extraDirs]);
  let entry = loadedBefore.get(key);
  if (!entry || entry.signature !== signature) {
    entry = { signature, loaded: loadRuleDirsUncached(builtinDir, extraDirs) };
    loadedBefore.set(key, entry);
  }
  // Callers get their own lists; the rules and the catalogue themselves are never modified.
  const { rules, origins, catalog, notices } = entry.loaded;
  return { rules: [...rules], origins: new Map(origins), catalog, notices: [...notices] };
}

/** A hash of the names and contents of every rule and catalogue file under the directories. */
function filesSignature(dirs: string[]): string {
  const hash = createHash('sha256');
  const ignored: ScanNotice[] = [];
  for (const dir of dirs) {
    const catalogDir = path.join(dir, 'catalog');
    let catalogFiles: string[] = [];
    try {
      catalogFiles = fs.readdirSync(catalogDir).map((name) => path.join(catalogDir, name));
    } catch {
      // no catalogue here
    }
    for (const file of [...catalogFiles, ...(fs.existsSync(dir) ? listRuleFiles(dir, ignored) : [])]) {
      hash.update(`${file}\0`);
      try {
        const size = fs.statSync(file).size;
        hash.update(size <= MAX_RULE_FILE_BYTES ? fs.readFileSync(file) : `\0too large: ${size}`);
      } catch {
        hash.update('\0unreadable');
      }
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

function loadRuleDirsUncached(builtinDir: string, extraDirs: string[]): LoadedRules {
  const notices: ScanNotice[] = [];
  const catalog = loadCatalog(path.join(builtinDir, 'catalog'), notices);
  const rules: RuleSpec[] = [];
  const origins = new Map<string, string>();
  for (const dir of [builtinDir, ...extraDirs]) {
    if (dir !== builtinDir) {
      // A user directory may extend the catalogue too.
      const extra = loadCatalog(path.join(dir, 'catalog'), notices);
      mergeCatalog(catalog, extra);
    }
    for (const file of listRuleFiles(dir, notices)) {
      const spec = loadRuleFile(file, notices);
      if (!spec) continue;
      const previous = origins.get(spec.id);
      if (previous) {
        notices.push(ruleError(file, `duplicate rule id '${spec.id}' (already defined in ${previous}); this copy is ignored`));
        continue;
      }
      origins.set(spec.id, file);
      rules.push(spec);
    }
  }
  return { rules, origins, catalog, notices };
}

function listRuleFiles(dir: string, notices: ScanNotice[]): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch (err) {
      notices.push({ level: 'error', reason: 'rule-error', file: d, message: `cannot read rule directory ${d}: ${(err as Error).message}` });
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, e.name);
      if (e.isDirectory() && depth < 4 && e.name !== 'catalog' && !e.name.startsWith('.')) walk(full, depth + 1);
      else if (e.isFile() && RULE_FILE.test(e.name) && !e.name.endsWith('.schema.json')) out.push(full);
    }
  };
  walk(dir, 0);
  return out;
}

/** Reads and validates one rule file; returns undefined (with a notice) when it is broken. */
export function loadRuleFile(file: string, notices: ScanNotice[]): RuleSpec | undefined {
  const doc = readDocument(file, notices);
  if (!doc) return undefined;
  const parsed = ruleSchema.safeParse(doc.data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues.slice(0, 5)) notices.push(ruleError(file, describeIssue(issue, doc)));
    return undefined;
  }
  const spec = parsed.data;
  const unknown = unknownStandardIds(spec.standards);
  if (unknown.length) {
    notices.push(ruleError(file, `field standards: unknown identifier(s) ${unknown.join(', ')} (only the verified identifiers in the standards catalogue are accepted)`));
    return undefined;
  }
  for (const { field, source } of regexFields(spec)) {
    const problem = checkRegex(source);
    if (problem) {
      notices.push(ruleError(file, `field ${field}: ${problem}`));
      return undefined;
    }
  }
  const slowGlob = slowGlobPattern(spec);
  if (slowGlob) {
    notices.push(ruleError(file, slowGlob));
    return undefined;
  }
  return spec;
}

function loadCatalog(dir: string, notices: ScanNotice[]): Catalog {
  const catalog: Catalog = catalogSchema.parse({});
  if (!fs.existsSync(dir)) return catalog;
  for (const name of fs.readdirSync(dir).sort()) {
    if (!RULE_FILE.test(name) || name.endsWith('.schema.json')) continue;
    const file = path.join(dir, name);
    const doc = readDocument(file, notices);
    if (!doc) continue;
    const parsed = catalogSchema.safeParse(doc.data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 5)) notices.push(ruleError(file, describeIssue(issue, doc)));
      continue;
    }
    const bad = [
      ...parsed.data.sanitizers.map((s) => s.calleeNameMatches),
      ...parsed.data.handlers.map((h) => h.validatedWhen),
    ]
      .filter((r): r is string => !!r)
      .map(checkRegex)
      .find((p) => p);
    if (bad) {
      notices.push(ruleError(file, `a regular expression in sanitizers or handlers: ${bad}`));
      continue;
    }
    const slowGlob = slowGlobPattern(parsed.data);
    if (slowGlob) {
      notices.push(ruleError(file, slowGlob));
      continue;
    }
    mergeCatalog(catalog, parsed.data);
  }
  return catalog;
}

function mergeCatalog(into: Catalog, from: Catalog): void {
  into.providers.push(...from.providers);
  into.sources.push(...from.sources);
  into.handlers.push(...from.handlers);
  into.sanitizers.push(...from.sanitizers);
  into.modelLoaders.push(...from.modelLoaders);
  into.wrappers.push(...from.wrappers);
  if (from.guards) {
    into.guards ??= { calls: [], valueMethods: [], collectionMethods: [] };
    into.guards.calls.push(...from.guards.calls);
    into.guards.valueMethods.push(...from.guards.valueMethods);
    into.guards.collectionMethods.push(...from.guards.collectionMethods);
  }
}

interface ReadDocument {
  data: unknown;
  /** The YAML document and its text, for line numbers in errors (absent for JSON). */
  document?: Document;
  text?: string;
}

function readDocument(file: string, notices: ScanNotice[]): ReadDocument | undefined {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (stat.size > MAX_RULE_FILE_BYTES) {
      notices.push(ruleError(file, `file is ${stat.size} bytes, over the ${MAX_RULE_FILE_BYTES}-byte limit for rule files`));
      return undefined;
    }
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    notices.push(ruleError(file, `cannot read: ${(err as Error).message}`));
    return undefined;
  }
  if (file.toLowerCase().endsWith('.json')) {
    try {
      return { data: JSON.parse(text) };
    } catch (err) {
      notices.push(ruleError(file, `invalid JSON: ${jsonErrorWithLine((err as Error).message, text)}`));
      return undefined;
    }
  }
  // Limits against hostile YAML (deep nesting, alias bombs, quadratic duplicate-key checks).
  const parsed = parseYamlText(text);
  if (!parsed.ok) {
    notices.push(ruleError(file, parsed.message));
    return undefined;
  }
  return { data: parsed.data, document: parsed.document, text };
}

/** "line 12, field taint.sinks[0].call: expected array, received string". */
function describeIssue(issue: z.core.$ZodIssue, doc: ReadDocument): string {
  const field = issue.path.length ? issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('') : '(top level)';
  const line = lineOf(doc, issue.path as (string | number)[]);
  return `${line ? `line ${line}, ` : ''}field ${field}: ${issue.message}`;
}

/** The line of the deepest existing node on the field's path. */
function lineOf(doc: ReadDocument, fieldPath: (string | number)[]): number | undefined {
  if (!doc.document || doc.text === undefined) return undefined;
  for (let n = fieldPath.length; n >= 0; n--) {
    const node = n === 0 ? doc.document.contents : doc.document.getIn(fieldPath.slice(0, n), true);
    if (isNode(node) && node.range) return offsetToLine(doc.text, node.range[0]);
  }
  return undefined;
}

function offsetToLine(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function ruleError(file: string, message: string): ScanNotice {
  return { level: 'error', reason: 'rule-error', file, message: `${file}: ${shortMessage(message)}` };
}

/**
 * Name patterns with several wildcards (`a.**.**.**.b`) become regular expressions that can
 * backtrack for minutes on a long dotted name: they get the same probe as rule expressions.
 */
function slowGlobPattern(data: unknown): string | undefined {
  const stack: { value: unknown; field: string }[] = [{ value: data, field: '' }];
  while (stack.length) {
    const { value, field } = stack.pop()!;
    if (typeof value === 'string') {
      if (/\s/.test(value) || (value.match(/\*/g) ?? []).length < 2) continue;
      if (probeRegex(`^${globSource(value)}$`)) {
        return `field ${field}: name pattern '${value}' takes too long to match a long dotted name (over ${PROBE_TIMEOUT_MS} ms on a ${MAX_REGEX_INPUT}-character probe): use fewer '**' wildcards`;
      }
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, field: `${field}[${i}]` }));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) stack.push({ value: v, field: field ? `${field}.${k}` : k });
    }
  }
  return undefined;
}

function regexFields(spec: RuleSpec): { field: string; source: string }[] {
  const out: { field: string; source: string }[] = [];
  spec.taint?.sinks?.forEach((s, i) => {
    if (s.receiverNameMatches) out.push({ field: `taint.sinks[${i}].receiverNameMatches`, source: s.receiverNameMatches });
    for (const [j, c] of [...(s.when ?? []), ...(s.unless ?? [])].entries()) if (c.matches) out.push({ field: `taint.sinks[${i}] condition ${j} matches`, source: c.matches });
  });
  spec.taint?.sanitizers.forEach((s, i) => {
    if (s.calleeNameMatches) out.push({ field: `taint.sanitizers[${i}].calleeNameMatches`, source: s.calleeNameMatches });
  });
  spec.envAssignments?.forEach((e, i) => out.push({ field: `envAssignments[${i}].matches`, source: e.matches }));
  spec.calls?.forEach((c, i) => {
    for (const [j, cond] of [...c.when, ...c.unless].entries()) if (cond.matches) out.push({ field: `calls[${i}] condition ${j} matches`, source: cond.matches });
  });
  return out;
}
