// Developer tool: prints the findings and LLM call sites the engine reports for one file.
// Usage: npx tsx scripts/show-findings.ts FILE
import * as fs from 'node:fs';
import { Engine } from '../src/engine/engine';

async function main(): Promise<void> {
  const engine = Engine.create();
  for (const n of engine.notices) console.error(n.message);
  const file = process.argv[2];
  const result = await engine.analyzeText(file, fs.readFileSync(file, 'utf8'));
  for (const f of result.findings) {
    const where = `${f.location.range.start.line + 1}:${f.location.range.start.character + 1}`;
    console.log(`${where} ${f.ruleId} ${f.severity}${f.suppression ? ' (suppressed)' : ''} ${f.message}`);
    for (const s of f.flow) console.log(`    ${s.location.range.start.line + 1}: ${s.note}`);
  }
  for (const c of result.callSites) console.log(`call site: ${c.provider} ${c.api} model=${c.model ?? '?'}`);
  for (const n of result.notices) console.log(`notice: ${n.message}`);
}

void main();
