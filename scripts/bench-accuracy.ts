// Accuracy benchmark: recall and precision per rule over the annotated fixtures in rules/.
// Usage: npm run bench:accuracy [-- --verbose]
import * as path from 'node:path';
import { Engine } from '../src/engine/engine';
import { listFixtures, precision, recall, runFixtures } from '../src/tools/fixtures';

async function main(): Promise<void> {
  const verbose = process.argv.includes('--verbose');
  const rulesDir = path.join(__dirname, '..', 'rules');
  const engine = Engine.create();
  for (const n of engine.notices) console.error(`rule notice: ${n.message}`);
  const files = listFixtures(rulesDir);
  const { cases, scores } = await runFixtures(engine, files);
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  console.log('| rule | TP | FN | FP | TN | todo | recall | precision |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  const total = { truePositives: 0, falseNegatives: 0, falsePositives: 0, trueNegatives: 0, todo: 0 };
  for (const s of scores) {
    console.log(`| ${s.ruleId} | ${s.truePositives} | ${s.falseNegatives} | ${s.falsePositives} | ${s.trueNegatives} | ${s.todo} | ${pct(recall(s))} | ${pct(precision(s))} |`);
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += s[k];
  }
  console.log(`| **all** | ${total.truePositives} | ${total.falseNegatives} | ${total.falsePositives} | ${total.trueNegatives} | ${total.todo} | ${pct(recall(total))} | ${pct(precision(total))} |`);
  const annotated = cases.filter((c) => c.expectation !== 'unannotated').length;
  console.log(`\n${files.length} fixture files, ${annotated} annotated lines`);
  const failures = cases.filter((c) => c.verdict === 'missing' || c.verdict === 'noisy');
  const todoFixed = cases.filter((c) => c.verdict === 'todo-fixed' && c.expectation === 'todoruleid');
  for (const c of verbose ? cases : failures) console.log(`${c.verdict.toUpperCase()} ${path.relative(process.cwd(), c.file)}:${c.line} ${c.expectation}: ${c.ruleId}`);
  for (const c of todoFixed) console.log(`TODO NOW PASSES ${path.relative(process.cwd(), c.file)}:${c.line} ${c.ruleId}`);
  process.exitCode = failures.length ? 1 : 0;
}

void main();
