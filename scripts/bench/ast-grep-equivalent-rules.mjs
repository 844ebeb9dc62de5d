#!/usr/bin/env node
// The ast-grep baseline's "equivalent" rule set: every sink and call-site entry of llmsec's own
// rule files and catalogue (rules/**/*.yaml), turned into the syntactic pattern of its name.
// This is the comparison the performance goal names: ast-grep running "the equivalent sink and
// call-site patterns". The hand-picked set of ast-grep-rules.mjs (43 patterns) is kept beside it.
//
// How a name becomes patterns. llmsec resolves a call's qualified name through imports and
// constructors (`openai.*().chat.completions.create`); ast-grep only sees syntax, so the name is
// cut after its last wildcard or constructor segment (or after the module name) and the rest
// becomes `$R.chat.completions.create($$$)` and `chat.completions.create($$$)`. One-segment
// rests, `method` and `property` entries are collected per rule family and written the way an
// ast-grep user writes them for speed: one pattern per shape with the names as a regular
// expression on its metavariable (`$FN($$$)`, `$R.$METHOD($$$)`, `new $CLASS($$$)`,
// `$E.$PROP = $X`). `jsxAttribute` entries give a JSX attribute matcher. The built-in checks (API
// keys, suppression comments, trust_remote_code) get the matchers ast-grep-rules.mjs uses. The catalogue's names are emitted for every language, as
// llmsec applies the catalogue to every language.
//
//   node scripts/bench/ast-grep-equivalent-rules.mjs           writes bench/ast-grep/equivalent/rules/*.yml
//   node scripts/bench/ast-grep-equivalent-rules.mjs --check   fails if those files are out of date
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { repoRoot } from './lib/paths.mjs';
import { writeOrCheck } from './lib/generated-files.mjs';

const rulesDir = join(repoRoot, 'bench', 'ast-grep', 'equivalent', 'rules');
const sourceDir = join(repoRoot, 'rules');

const API_KEY = '(sk-(proj-|ant-)?[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{35}|hf_[A-Za-z0-9]{30,}|AKIA[0-9A-Z]{16}|gsk_[A-Za-z0-9]{20,})';
const NAME = /^[A-Za-z_$][\w$]*$/;
/** Keywords are no pattern on their own (`import(x)`, `super(x)`): left out. */
const KEYWORDS = new Set(['import', 'new', 'function', 'class', 'delete', 'typeof', 'void', 'await', 'yield', 'lambda', 'from', 'return', 'super', 'async']);
/**
 * A name ast-grep can take literally in `family`: `$` starts metavariables, so jQuery's `$` is
 * left out, and a `$` name (Prisma's `$queryRawUnsafe`) is JavaScript only.
 */
const isName = (s, family) => NAME.test(s) && !KEYWORDS.has(s) && !(s.startsWith('$') && (family === 'python' || !/^\$[a-z]/.test(s)));

/** The built-in checks have no call names; these matchers stand for them. */
const BUILTIN = {
  'hardcoded-api-key': () => [{ kind: 'string', regex: API_KEY }],
  'suppression-without-reason': () => [{ kind: 'comment', regex: 'llmsec-ignore' }],
};

const asList = (x) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** What a family of llmsec entries calls, by syntactic shape. */
function emptyNames() {
  return { functions: new Set(), methods: new Set(), classes: new Set(), chains: new Set(), properties: new Set(), jsx: new Set(), computed: false, matchers: [] };
}

/** Adds the syntactic shapes of a call of the qualified `name` (see the header). */
export function addCall(names, name, family) {
  // A package root like `@ai-sdk/openai` has no dots, so it stays one segment.
  const parts = name.split('.');
  let cut = -1;
  parts.forEach((p, i) => {
    if (p.includes('*') || p.endsWith('()')) cut = i;
  });
  const rest = cut >= 0 ? parts.slice(cut + 1) : parts.length > 1 ? parts.slice(1) : parts;
  if (rest.length === 0 || !rest.every((p) => isName(p, family))) return;
  if (rest.length > 1) {
    names.chains.add(rest.join('.'));
    return;
  }
  const [f] = rest;
  names.functions.add(f);
  // A module's function or a class is also called through its module (`m.f()`, `new m.C()`).
  if (cut >= 0 || parts.length > 1) names.methods.add(f);
  if (family === 'javascript' && /^[A-Z]/.test(f)) names.classes.add(f);
}

/** Adds the shapes of one sink or call entry of a rule or of the catalogue. */
function addEntry(names, entry, family) {
  for (const name of asList(entry.call)) addCall(names, name, family);
  for (const m of asList(entry.method)) if (isName(m, family)) names.methods.add(m);
  if (family !== 'javascript') return;
  for (const p of asList(entry.property)) if (isName(p, family)) names.properties.add(p);
  for (const a of asList(entry.jsxAttribute)) names.jsx.add(a);
  if (entry.computedMemberCall) names.computed = true;
}

const alternatives = (set) => `^(${[...set].sort().map((n) => n.replace(/\$/g, '\\$')).join('|')})$`;

/**
 * The ast-grep rules of one family, written as an ast-grep user would for speed: one pattern per
 * shape with the names as a regular expression on the metavariable, literal patterns for chains.
 */
function familyRules(id, names, noJsx) {
  const out = [];
  const rule = (suffix, body, constraints) => out.push({ id: `${id}${suffix}`, rule: body, ...(constraints ? { constraints } : {}) });
  if (names.functions.size) rule('-call', { pattern: '$FN($$$)' }, { FN: { regex: alternatives(names.functions) } });
  if (names.methods.size) rule('-method', { pattern: '$R.$METHOD($$$)' }, { METHOD: { regex: alternatives(names.methods) } });
  if (names.classes.size) rule('-new', { pattern: 'new $CLASS($$$)' }, { CLASS: { regex: alternatives(names.classes) } });
  if (names.properties.size) rule('-property', { pattern: '$E.$PROP = $X' }, { PROP: { regex: alternatives(names.properties) } });
  const others = [];
  for (const chain of [...names.chains].sort()) others.push({ pattern: `${chain}($$$)` }, { pattern: `$R.${chain}($$$)` });
  if (names.jsx.size && !noJsx) others.push({ kind: 'jsx_attribute', regex: `^(${[...names.jsx].join('|')})` });
  if (names.computed) others.push({ pattern: '$O[$N]($$$)' });
  others.push(...names.matchers);
  if (others.length) rule('', { any: others });
  return out;
}

function yamlFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (e.name.endsWith('.yaml')) out.push(p);
  }
  return out.sort();
}

/** Names per family of rules and language family, from llmsec's rule files and catalogue. */
export function equivalentNames() {
  const families = { python: new Map(), javascript: new Map() };
  const of = (family, id) => {
    let names = families[family].get(id);
    if (!names) families[family].set(id, (names = emptyNames()));
    return names;
  };
  for (const file of yamlFiles(sourceDir)) {
    const doc = parse(readFileSync(file, 'utf8'));
    for (const f of ['python', 'javascript']) {
      for (const provider of doc.providers ?? []) for (const c of provider.calls ?? []) addEntry(of(f, 'llm-call-site'), c, f);
      for (const c of doc.modelLoaders ?? []) addEntry(of(f, 'model-load'), c, f);
    }
    if (!doc.id) continue;
    for (const f of asList(doc.languages).filter((l) => l === 'python' || l === 'javascript')) {
      const names = of(f, doc.id);
      for (const entry of [...(doc.taint?.sinks ?? []), ...(doc.calls ?? [])]) addEntry(names, entry, f);
      if (BUILTIN[doc.id]) names.matchers.push(...BUILTIN[doc.id]());
    }
  }
  // trust_remote_code=True is a keyword the rule checks on the model loaders.
  of('python', 'hf-trust-remote-code').matchers.push({ kind: 'keyword_argument', regex: '^trust_remote_code\\s*=\\s*True$' });
  return families;
}

const LANGUAGES = [
  { file: 'python.yml', language: 'python', prefix: 'py', family: 'python' },
  { file: 'javascript.yml', language: 'javascript', prefix: 'js', family: 'javascript' },
  { file: 'typescript.yml', language: 'typescript', prefix: 'ts', family: 'javascript', noJsx: true },
  { file: 'tsx.yml', language: 'tsx', prefix: 'tsx', family: 'javascript' },
];

export function renderEquivalentRules() {
  const families = equivalentNames();
  return LANGUAGES.map(({ file, language, prefix, family, noJsx }) => {
    const docs = [...families[family]]
      .flatMap(([id, names]) => familyRules(`${prefix}-${id}`, names, noJsx))
      .map(({ id, rule, constraints }) => stringify({ id, language, severity: 'warning', message: id, rule, ...(constraints ? { constraints } : {}) }));
    const header = `# Generated by scripts/bench/ast-grep-equivalent-rules.mjs from rules/**/*.yaml; rerun it after changing them.\n`;
    return { file, text: header + docs.join('---\n') };
  });
}

/** Per language file: ast-grep rules, names in their regular expressions, other matchers. */
export function equivalentPatternCount() {
  return Object.fromEntries(
    renderEquivalentRules().map(({ file, text }) => {
      const docs = text.split('\n---\n').map((d) => parse(d));
      const names = docs.reduce((n, d) => n + Object.values(d.constraints ?? {}).reduce((k, c) => k + c.regex.split('|').length, 0), 0);
      const matchers = docs.reduce((n, d) => n + (d.rule.any?.length ?? 0), 0);
      return [file.replace('.yml', ''), { rules: docs.length, names, otherMatchers: matchers }];
    }),
  );
}

function main() {
  const check = process.argv.includes('--check');
  const stale = writeOrCheck(rulesDir, renderEquivalentRules(), { check, command: 'node scripts/bench/ast-grep-equivalent-rules.mjs' });
  if (stale) process.exit(1);
  console.log(`equivalent ast-grep rules ${check ? 'up to date' : 'written'}: patterns per language ${JSON.stringify(equivalentPatternCount())}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
