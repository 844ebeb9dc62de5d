// Held-out accuracy benchmark: runs the engine over bench/heldout/apps and compares the findings
// with bench/heldout/truth.yaml (written blind, before the engine ever saw these files).
// A finding matches when file, rule and 1-based line agree. Unlisted findings are false positives.
// Usage: npx tsx scripts/bench-heldout.ts [--json]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { Engine } from '../src/engine/engine';
import { isSupportedPath } from '../src/engine/languages';

const HELDOUT_DIR = path.join(__dirname, '..', 'bench', 'heldout');
const APPS_DIR = path.join(HELDOUT_DIR, 'apps');
const TRUTH_FILE = path.join(HELDOUT_DIR, 'truth.yaml');

const Entry = z.object({ file: z.string(), line: z.number().int().positive(), rule: z.string() });
const Truth = z.object({
  expected: z.array(Entry.extend({ what: z.string().optional() })),
  negatives: z.array(Entry.extend({ why: z.string() })),
  unsure: z.array(Entry.extend({ why: z.string() })).default([]),
});
type Truth = z.infer<typeof Truth>;

/** One reported (or expected) finding, keyed by file relative to bench/heldout, 1-based line and rule. */
interface Hit {
  file: string;
  line: number;
  rule: string;
}

interface Labelled extends Hit {
  note: string;
}

interface RuleScore {
  tp: number;
  fn: number;
  fp: number;
}

const keyOf = (h: Hit): string => `${h.file}:${h.line}:${h.rule}`;

function listApps(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listApps(full));
    else if (isSupportedPath(full)) out.push(full);
  }
  return out.sort();
}

function loadTruth(apps: string[]): Truth {
  const truth = Truth.parse(parseYaml(fs.readFileSync(TRUTH_FILE, 'utf8')));
  const known = new Set(apps.map((a) => path.relative(HELDOUT_DIR, a)));
  const all = [...truth.expected, ...truth.negatives, ...truth.unsure];
  const unknown = all.filter((e) => !known.has(e.file));
  if (unknown.length) throw new Error(`truth.yaml names files that are not apps: ${[...new Set(unknown.map((e) => e.file))].join(', ')}`);
  const expectedKeys = new Set(truth.expected.map(keyOf));
  const clash = [...truth.negatives, ...truth.unsure].filter((e) => expectedKeys.has(keyOf(e)));
  if (clash.length) throw new Error(`entries both expected and negative/unsure: ${clash.map(keyOf).join(', ')}`);
  return truth;
}

interface EngineRun {
  reported: Map<string, Hit>;
  suppressed: Hit[];
  notices: string[];
  lines: number;
}

async function runEngine(apps: string[]): Promise<EngineRun> {
  const engine = Engine.create();
  const run: EngineRun = { reported: new Map(), suppressed: [], notices: engine.notices.map((n) => n.message), lines: 0 };
  for (const abs of apps) {
    const text = fs.readFileSync(abs, 'utf8');
    run.lines += text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    const result = await engine.analyzeText(abs, text, { root: HELDOUT_DIR });
    run.notices.push(...result.notices.map((n) => n.message));
    for (const f of result.findings) {
      const hit = { file: path.relative(HELDOUT_DIR, abs), line: f.location.range.start.line + 1, rule: f.ruleId };
      // Suppressed findings are shown as such by every face; they are not alarms.
      if (f.suppression) run.suppressed.push(hit);
      else run.reported.set(keyOf(hit), hit);
    }
  }
  return run;
}

function ratio(num: number, den: number): string {
  return den === 0 ? '-' : (num / den).toFixed(2);
}

function score(truth: Truth, reported: Map<string, Hit>) {
  const perRule = new Map<string, RuleScore>();
  const bump = (rule: string, field: keyof RuleScore) => {
    const s = perRule.get(rule) ?? { tp: 0, fn: 0, fp: 0 };
    s[field] += 1;
    perRule.set(rule, s);
  };
  const negatives = new Map(truth.negatives.map((n) => [keyOf(n), n]));
  const unsure = new Map(truth.unsure.map((u) => [keyOf(u), u]));
  const expected = new Map(truth.expected.map((e) => [keyOf(e), e]));
  const misses: Labelled[] = [];
  const falseAlarms: Labelled[] = [];
  for (const [key, e] of expected) {
    if (reported.has(key)) bump(e.rule, 'tp');
    else {
      bump(e.rule, 'fn');
      misses.push({ ...e, note: e.what ?? '' });
    }
  }
  for (const [key, hit] of reported) {
    if (expected.has(key)) continue;
    bump(hit.rule, 'fp');
    const neg = negatives.get(key);
    const uns = unsure.get(key);
    const note = neg ? `(listed negative) ${neg.why}` : uns ? `(unsure) ${uns.why}` : '(not in truth)';
    falseAlarms.push({ ...hit, note });
  }
  const negativesHeld = truth.negatives.filter((n) => !reported.has(keyOf(n))).length;
  return { perRule, misses, falseAlarms, negativesHeld };
}

function pad(s: string | number, n: number, left = false): string {
  const t = String(s);
  return left ? t.padStart(n) : t.padEnd(n);
}

function printReport(truth: Truth, run: EngineRun, apps: string[], result: ReturnType<typeof score>): void {
  const { perRule, misses, falseAlarms, negativesHeld } = result;
  console.log(`held-out benchmark: ${apps.length} files, ${run.lines} lines, ${truth.expected.length} expected findings, ${truth.negatives.length} listed negatives, ${truth.unsure.length} unsure`);
  console.log('');
  console.log(`${pad('rule', 34)}${pad('TP', 5, true)}${pad('FN', 5, true)}${pad('FP', 5, true)}${pad('recall', 9, true)}${pad('precision', 11, true)}`);
  const total: RuleScore = { tp: 0, fn: 0, fp: 0 };
  for (const rule of [...perRule.keys()].sort()) {
    const s = perRule.get(rule)!;
    total.tp += s.tp;
    total.fn += s.fn;
    total.fp += s.fp;
    console.log(`${pad(rule, 34)}${pad(s.tp, 5, true)}${pad(s.fn, 5, true)}${pad(s.fp, 5, true)}${pad(ratio(s.tp, s.tp + s.fn), 9, true)}${pad(ratio(s.tp, s.tp + s.fp), 11, true)}`);
  }
  console.log(`${pad('TOTAL', 34)}${pad(total.tp, 5, true)}${pad(total.fn, 5, true)}${pad(total.fp, 5, true)}${pad(ratio(total.tp, total.tp + total.fn), 9, true)}${pad(ratio(total.tp, total.tp + total.fp), 11, true)}`);
  console.log('');
  console.log(`listed negatives that stayed silent: ${negativesHeld}/${truth.negatives.length}`);
  const byPlace = (a: Hit, b: Hit) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule);
  console.log('');
  console.log(`false negatives (${misses.length}):`);
  for (const m of misses.sort(byPlace)) console.log(`  ${m.file}:${m.line} ${m.rule}  ${m.note}`);
  console.log('');
  console.log(`false positives (${falseAlarms.length}):`);
  for (const f of falseAlarms.sort(byPlace)) console.log(`  ${f.file}:${f.line} ${f.rule}  ${f.note}`);
  if (run.suppressed.length) {
    console.log('');
    console.log(`suppressed by inline comments, not counted (${run.suppressed.length}):`);
    for (const s of run.suppressed.sort(byPlace)) console.log(`  ${s.file}:${s.line} ${s.rule}`);
  }
  if (run.notices.length) {
    console.log('');
    console.log('engine notices:');
    for (const n of run.notices) console.log(`  ${n}`);
  }
}

async function main(): Promise<void> {
  const apps = listApps(APPS_DIR);
  const truth = loadTruth(apps);
  const run = await runEngine(apps);
  const result = score(truth, run.reported);
  if (process.argv.includes('--json')) {
    const perRule = Object.fromEntries([...result.perRule].sort(([a], [b]) => a.localeCompare(b)));
    console.log(JSON.stringify({ perRule, misses: result.misses, falseAlarms: result.falseAlarms, suppressed: run.suppressed, notices: run.notices }, null, 2));
    return;
  }
  printReport(truth, run, apps, result);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
