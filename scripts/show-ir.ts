// Developer tool: prints the IR the lowering produces for one file (spans left out).
// Usage: npx tsx scripts/show-ir.ts FILE [MAX_CHARS]
import * as fs from 'node:fs';
import { parse } from '../src/engine/parser';
import { lower } from '../src/engine/engine';
import { languageForPath } from '../src/engine/languages';

async function main(): Promise<void> {
  const file = process.argv[2];
  const text = fs.readFileSync(file, 'utf8');
  const lang = languageForPath(file);
  if (!lang) throw new Error(`not a supported file: ${file}`);
  const ir = lower(await parse(lang, text), text, lang);
  const json = JSON.stringify(ir.body, (k, v) => (k === 'span' || k === 'nameSpan' ? undefined : v), 1).replace(/\n\s*/g, ' ');
  console.log(json.slice(0, Number(process.argv[3] ?? 20_000)));
}

void main();
