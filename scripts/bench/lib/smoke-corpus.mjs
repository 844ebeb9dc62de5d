// A tiny corpus for the benchmark's smoke run: a few generated LLM-app files in the same layout
// as the real corpus (js/<pkg>/..., py/<pkg>/...), plus its 2x and 4x copies. No download.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateLlmApp } from './llm-app-code.mjs';
import { buildScaledCorpus } from './scale-corpus.mjs';
import { scaledCorpusDir } from './paths.mjs';
import { sourceTotals } from './source-files.mjs';

const FILES = [
  ['py/app-a/service.py', 'python', 300, 1],
  ['py/app-a/agents/invoice.py', 'python', 200, 2],
  ['py/app-b/main.py', 'python', 250, 3],
  ['js/app-c/src/server.ts', 'typescript', 300, 4],
  ['js/app-c/src/agent.ts', 'typescript', 200, 5],
  ['js/app-d/lib/index.js', 'typescript', 150, 6],
];

/** Writes the smoke corpus into dir (replacing it) and its -2x/-4x copies; returns its totals. */
export function writeSmokeCorpus(dir) {
  rmSync(dir, { recursive: true, force: true });
  for (const [rel, language, lines, seed] of FILES) {
    let text = generateLlmApp(language, lines, seed);
    // The .js file must be plain JavaScript: drop the TypeScript-only syntax the generator emits.
    if (rel.endsWith('.js')) text = toJavaScript(text);
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  const totals = sourceTotals(dir);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ smoke: true, totals }, null, 2) + '\n');
  for (const k of [2, 4]) buildScaledCorpus(dir, scaledCorpusDir(k, dir), k, `smoke-${totals.bytes}`);
  return totals;
}

function toJavaScript(ts) {
  return ts
    .replace(/^export class [\s\S]*?^}\n/gm, '') // class fields with type annotations
    .replace(/\): Promise<[^>]*>(>)? \{/g, ') {')
    .replace(/\): Map<string, number> \{/g, ') {')
    .replace(/(\w+): (string|string\[\]|HTMLElement)([,)])/g, '$1$3')
    .replace(/const (\w+): string =/g, 'const $1 =')
    .replace(/new Map<string, number>\(\)/g, 'new Map()')
    .replace(/ \?\? ''/g, " || ''")
    .replace(/ \?\? 0/g, ' || 0');
}
