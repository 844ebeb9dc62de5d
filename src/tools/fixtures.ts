/**
 * Annotated rule fixtures: `ruleid: <id>` above a line that must fire, `ok: <id>` above a line
 * that must stay silent, `todoruleid:` / `todook:` for known misses and false alarms. Runs the
 * engine over every fixture and scores each rule: Missing (false negative) and Noisy (false
 * positive) are reported separately.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Engine } from '../engine/engine';
import { languageForPath } from '../engine/languages';

export type Verdict = 'ok' | 'missing' | 'noisy' | 'todo-missing' | 'todo-noisy' | 'todo-fixed';

export interface CaseResult {
  file: string;
  line: number;
  ruleId: string;
  expectation: 'ruleid' | 'ok' | 'todoruleid' | 'todook' | 'unannotated';
  verdict: Verdict;
}

export interface RuleScore {
  ruleId: string;
  truePositives: number;
  falseNegatives: number;
  falsePositives: number;
  trueNegatives: number;
  todo: number;
}

const ANNOTATION = /(?:#|\/\/|\/\*|\{\/\*)\s*(todoruleid|todook|ruleid|ok)\s*:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;

export function listFixtures(rulesDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (languageForPath(e.name) && !/\.fixed\.[a-z]+$/.test(e.name)) out.push(full);
    }
  };
  walk(rulesDir);
  return out;
}

interface Annotation {
  kind: 'ruleid' | 'ok' | 'todoruleid' | 'todook';
  ruleId: string;
  /** Zero-based line the annotation applies to. */
  line: number;
}

export function parseAnnotations(text: string): Annotation[] {
  const lines = text.split('\n');
  const out: Annotation[] = [];
  let pending: Omit<Annotation, 'line'>[] = [];
  lines.forEach((lineText, i) => {
    const m = ANNOTATION.exec(lineText);
    const isOnlyComment = /^\s*(#|\/\/|\/\*|\{\/\*)/.test(lineText);
    if (m && isOnlyComment) {
      for (const id of m[2].split(',')) pending.push({ kind: m[1] as Annotation['kind'], ruleId: id.trim() });
      return;
    }
    if (pending.length && lineText.trim() !== '') {
      for (const p of pending) out.push({ ...p, line: i });
      pending = [];
    }
  });
  return out;
}

export async function runFixtures(engine: Engine, files: string[]): Promise<{ cases: CaseResult[]; scores: RuleScore[] }> {
  const cases: CaseResult[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const result = await engine.analyzeText(file, text);
    const fired = new Map<string, Set<number>>();
    for (const f of result.findings) {
      const lines = fired.get(f.ruleId) ?? new Set<number>();
      lines.add(f.location.range.start.line);
      fired.set(f.ruleId, lines);
    }
    const annotations = parseAnnotations(text);
    const covered = new Set([path.basename(file).replace(/\.[a-z]+$/, ''), ...annotations.map((a) => a.ruleId)]);
    const annotated = new Set(annotations.map((a) => `${a.ruleId}:${a.line}`));
    for (const a of annotations) {
      const hit = fired.get(a.ruleId)?.has(a.line) ?? false;
      const verdict: Verdict =
        a.kind === 'ruleid' ? (hit ? 'ok' : 'missing') : a.kind === 'ok' ? (hit ? 'noisy' : 'ok') : a.kind === 'todoruleid' ? (hit ? 'todo-fixed' : 'todo-missing') : hit ? 'todo-noisy' : 'todo-fixed';
      cases.push({ file, line: a.line + 1, ruleId: a.ruleId, expectation: a.kind, verdict });
    }
    for (const [ruleId, lines] of fired) {
      if (!covered.has(ruleId)) continue;
      for (const line of lines) {
        if (!annotated.has(`${ruleId}:${line}`)) cases.push({ file, line: line + 1, ruleId, expectation: 'unannotated', verdict: 'noisy' });
      }
    }
  }
  return { cases, scores: score(cases) };
}

function score(cases: CaseResult[]): RuleScore[] {
  const byRule = new Map<string, RuleScore>();
  for (const c of cases) {
    const s = byRule.get(c.ruleId) ?? { ruleId: c.ruleId, truePositives: 0, falseNegatives: 0, falsePositives: 0, trueNegatives: 0, todo: 0 };
    if (c.expectation === 'ruleid') {
      if (c.verdict === 'ok') s.truePositives++;
      else s.falseNegatives++;
    } else if (c.expectation === 'ok') {
      if (c.verdict === 'ok') s.trueNegatives++;
      else s.falsePositives++;
    }
    else if (c.expectation === 'unannotated') s.falsePositives++;
    else s.todo++;
    byRule.set(c.ruleId, s);
  }
  return [...byRule.values()].sort((a, b) => a.ruleId.localeCompare(b.ruleId));
}

export function recall(s: Pick<RuleScore, 'truePositives' | 'falseNegatives'>): number {
  const d = s.truePositives + s.falseNegatives;
  return d ? s.truePositives / d : 1;
}

export function precision(s: Pick<RuleScore, 'truePositives' | 'falsePositives'>): number {
  const d = s.truePositives + s.falsePositives;
  return d ? s.truePositives / d : 1;
}
