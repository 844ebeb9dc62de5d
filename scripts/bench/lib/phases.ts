// The body of scripts/bench/phases.mjs (which bundles it like the CLI, so the figures are those of
// the shipped code, not of tsx's transpiled sources).
import * as path from 'node:path';
import { Engine, lower } from '../../../src/engine/engine';
import { discoverFiles } from '../../../src/engine/workspace';
import { readSourceFile } from '../../../src/engine/source-file';
import { languageForPath } from '../../../src/engine/languages';
import { parse, setGrammarDir } from '../../../src/engine/parser';
import { Interpreter } from '../../../src/engine/analysis/interpreter';
import { buildFindings } from '../../../src/engine/build-findings';
import { AnalysisBudget } from '../../../src/engine/budget';

const PHASES = ['read', 'prefilter', 'parse', 'lower', 'interpret', 'buildFindings'] as const;
type Phase = (typeof PHASES)[number];

async function measure(engine: Engine, dir: string): Promise<{ files: number; passed: number; bytes: number; findings: number; ms: Record<Phase, number> }> {
  const ms = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
  const root = path.resolve(dir);
  const { files } = discoverFiles([root], { root });
  let passed = 0;
  let bytes = 0;
  let findings = 0;
  for (const file of files) {
    let t = performance.now();
    const lap = (phase: Phase): void => {
      const now = performance.now();
      ms[phase] += now - t;
      t = now;
    };
    const read = readSourceFile(file, engine.config.maxFileBytes);
    lap('read');
    if ('skipped' in read) continue;
    const may = engine.prefilter.mayMatch(read.text);
    lap('prefilter');
    if (!may) continue;
    passed++;
    bytes += read.text.length;
    const language = languageForPath(file)!;
    const tree = await parse(language, read.text, { timeoutMs: engine.config.parseTimeoutMs });
    lap('parse');
    const budget = AnalysisBudget.from(performance.now(), 60_000);
    const module = lower(tree, read.text, language, budget);
    tree.delete();
    lap('lower');
    const rules = engine.ruleSet(language);
    const facts = new Interpreter(module, read.text, rules, budget).run();
    lap('interpret');
    const built = buildFindings({ file, text: read.text, module, facts, rules, engine, relativePath: path.relative(root, file), budget });
    findings += built.findings.length;
    lap('buildFindings');
  }
  return { files: files.length, passed, bytes, findings, ms };
}

export async function main(args: string[], repoRoot: string): Promise<void> {
  setGrammarDir(path.join(repoRoot, 'grammars'));
  const at = args.indexOf('--repeat');
  const repeat = at >= 0 ? Number(args.splice(at, 2)[1]) : 1;
  const dirs = args.length ? args : ['.bench/corpus/js', '.bench/corpus/py'];
  const created = performance.now();
  const engine = Engine.create({ builtinRulesDir: path.join(repoRoot, 'rules') });
  console.log(`Engine.create ${(performance.now() - created).toFixed(0)} ms`);
  for (const dir of dirs) {
    let r = await measure(engine, dir);
    for (let i = 1; i < repeat; i++) r = await measure(engine, dir);
    const phases = PHASES.map((p) => `${p} ${(r.ms[p] / 1000).toFixed(2)} s`).join(', ');
    console.log(`${dir}: ${r.files} files, ${r.passed} pass the prefilter (${(r.bytes / 1e6).toFixed(1)} MB), ${r.findings} findings: ${phases}`);
  }
}

