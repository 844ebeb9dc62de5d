#!/usr/bin/env node
// npm run bench:edit — latency of re-analysing a file after each small edit, as the editor does.
//
// Plan
//  1. Generate realistic LLM-app files (scripts/bench/lib/llm-app-code.mjs): Python and TypeScript,
//     2,000 and 10,000 lines each.
//  2. Make a reproducible sequence of 200 small edits per file (lib/edit-sequence.mjs): words typed
//     into string literals, letters deleted from them, new statements inserted; each keeps the file
//     parseable. Positions (row/column) are computed before timing, as the editor hands them over
//     with each change event.
//  3. For each analyser: warm up (grammars loaded, JIT warm) on a small file, open the file (the
//     "initial" figure: full analysis), then apply the edits one at a time, timing each `change`
//     call until its result is ready.
//  4. Report p50, p90, p99 and max per file and analyser; write .bench/results/edit-<stamp>.json.
//
// Analysers
//  - llmsec: the engine's incremental API, createIncrementalAnalyzer from out/engine.js (see below).
//  - parser only, incremental: web-tree-sitter re-parse reusing the edited tree. The floor: llmsec
//    cannot be faster than its own parser; the distance to it is what facts + rules + dataflow cost.
//  - parser only, full reparse: what re-parsing from scratch costs, to show what incrementality buys.
//
// Flags: --edits N (200), --sizes 2000,10000, --languages python,typescript, --seed N (42),
//        --sequences statements,typing (both), --no-worker (leave out the worker-thread row),
//        --results DIR (.bench/results), --no-json (print only)
//
// Sequences: 'statements' are whole small edits that keep the file parseable (the goal's
// figure); 'typing' types new statements one character at a time, so most states in between
// have a syntax error (the path a real keystroke often takes).
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { generateLlmApp } from './lib/llm-app-code.mjs';
import { applyEdit, editSequence, lineStarts, pointAt, typingSequence } from './lib/edit-sequence.mjs';
import { createParserBaseline, parserBaselineAvailable } from './lib/parser-baseline.mjs';
import { percentile } from './lib/stats.mjs';
import { repoRoot, resultsDir } from './lib/paths.mjs';
import { describeMachine, formatMachine } from './lib/machine.mjs';

// ---------------------------------------------------------------------------------------------
// llmsec's incremental analysis API, from out/engine.js (src/engine/index.ts, bundled by
// scripts/build.mjs):
//
//   createIncrementalAnalyzer(options?: { config?: Partial<EngineConfig> }): IncrementalAnalyzer
//   interface IncrementalAnalyzer {
//     open(uri: string, language: LanguageId, text: string): Promise<FileResult>;
//     change(uri: string, changes: TextChange[], language: LanguageId): Promise<FileResult>;
//     close(uri: string): void;
//   }
//   interface TextChange { rangeOffset: number; rangeLength: number; text: string }  // UTF-16, as VS Code sends
//
// The engine computes row/column positions itself, so that cost is inside the timed change call.
// If out/engine.js is missing (not built) or lacks the function, the llmsec row says so and the
// parser floors are still measured. Adjust loadLlmsecAnalyzer() if the engine's API changes.
// ---------------------------------------------------------------------------------------------
const ENGINE_BUNDLE = join(repoRoot, 'out', 'engine.js');

async function loadLlmsecAnalyzer() {
  if (!existsSync(ENGINE_BUNDLE)) return { ok: false, reason: `${ENGINE_BUNDLE} does not exist (npm run build)` };
  const engine = await import(pathToFileURL(ENGINE_BUNDLE).href);
  const create = engine.createIncrementalAnalyzer ?? engine.default?.createIncrementalAnalyzer;
  if (typeof create !== 'function') return { ok: false, reason: `${ENGINE_BUNDLE} does not export createIncrementalAnalyzer` };
  const analyzer = await create();
  const languages = new Map();
  return {
    ok: true,
    adapter: {
      name: 'llmsec',
      open: (uri, language, text) => {
        languages.set(uri, language);
        return analyzer.open(uri, language, text);
      },
      change: (uri, edit) => analyzer.change(uri, [{ rangeOffset: edit.start, rangeLength: edit.end - edit.start, text: edit.text }], languages.get(uri)),
      close: (uri) => analyzer.close(uri),
    },
  };
}

// The same engine as the editor runs it: in a worker thread of an AnalysisPool, with each change
// posted to the worker and the result (all findings of the file) posted back. The figure is the
// analysis plus the messaging and copying of results across threads; VS Code's own drawing of
// the diagnostics is not in it.
async function loadLlmsecWorkerAnalyzer() {
  const script = join(repoRoot, 'out', 'worker.js');
  if (!existsSync(ENGINE_BUNDLE) || !existsSync(script)) return { ok: false, reason: `${script} does not exist (npm run build)` };
  const engine = await import(pathToFileURL(ENGINE_BUNDLE).href);
  const Pool = engine.AnalysisPool ?? engine.default?.AnalysisPool;
  if (typeof Pool !== 'function') return { ok: false, reason: `${ENGINE_BUNDLE} does not export AnalysisPool` };
  const init = { config: { ruleDirs: [], disabledRules: [], severityOverrides: {}, exclude: [], maxFileBytes: 2 * 1024 * 1024, parseTimeoutMs: 5000, fileTimeoutMs: 10000 }, builtinRulesDir: join(repoRoot, 'rules'), grammarDir: join(repoRoot, 'grammars') };
  const pool = new Pool(init, 1, script);
  const docs = new Map();
  return {
    ok: true,
    adapter: {
      name: 'llmsec via worker thread',
      open: (uri, language, text) => {
        docs.set(uri, { language, length: text.length });
        return pool.openDocument(uri, text, language, '/bench');
      },
      change: (uri, edit) => {
        const doc = docs.get(uri);
        doc.length += edit.text.length - (edit.end - edit.start);
        return pool.changeDocument(uri, [{ rangeOffset: edit.start, rangeLength: edit.end - edit.start, text: edit.text }], doc.language, '/bench', doc.length);
      },
      close: (uri) => {
        docs.delete(uri);
        void pool.closeDocument(uri);
      },
      dispose: () => pool.close(),
    },
  };
}

export function parseArgs(argv) {
  const opts = { edits: 200, sizes: [2000, 10000], languages: ['python', 'typescript'], seed: 42, results: resultsDir, json: true, worker: true, sequences: ['statements', 'typing'] };
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i];
    const list = (v) => v.split(',').map((x) => x.trim()).filter(Boolean);
    switch (argv[i]) {
      case '--edits': opts.edits = Number(value()); break;
      case '--sizes': opts.sizes = list(value()).map(Number); break;
      case '--languages': opts.languages = list(value()); break;
      case '--seed': opts.seed = Number(value()); break;
      case '--results': opts.results = value(); break;
      case '--no-json': opts.json = false; break;
      case '--no-worker': opts.worker = false; break;
      case '--sequences': opts.sequences = list(value()); break;
      default: throw new Error(`unknown flag ${argv[i]}`);
    }
  }
  return opts;
}

/** Edits with the row/column positions the editor would send, computed outside the timed region. */
function positionedEdits(text, edits) {
  let current = text;
  return edits.map((edit) => {
    const oldStarts = lineStarts(current);
    const next = applyEdit(current, edit);
    const newStarts = lineStarts(next);
    const positioned = {
      ...edit,
      startPosition: pointAt(oldStarts, edit.start),
      oldEndPosition: pointAt(oldStarts, edit.end),
      newEndPosition: pointAt(newStarts, edit.start + edit.text.length),
      newText: next,
    };
    current = next;
    return positioned;
  });
}

async function timeFile(adapter, uri, language, text, edits) {
  let t = performance.now();
  await adapter.open(uri, language, text);
  const initialMs = performance.now() - t;
  const latencies = [];
  for (const { newText, ...edit } of edits) {
    t = performance.now();
    await adapter.change(uri, edit, newText);
    latencies.push(performance.now() - t);
  }
  adapter.close(uri);
  return { initialMs, latencies };
}

const fmt = (x) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');

export async function main(argv = process.argv.slice(2)) {
  const opts = parseArgs(argv);
  const adapters = [];
  const unavailable = {};
  const llmsec = await loadLlmsecAnalyzer();
  if (llmsec.ok) adapters.push(llmsec.adapter);
  else unavailable.llmsec = llmsec.reason;
  const viaWorker = opts.worker ? await loadLlmsecWorkerAnalyzer() : { ok: false, reason: 'left out with --no-worker' };
  if (viaWorker.ok) adapters.push(viaWorker.adapter);
  else unavailable.worker = viaWorker.reason;
  const parserStatus = parserBaselineAvailable();
  if (parserStatus.ok) {
    adapters.push(await createParserBaseline({ incremental: true }));
    adapters.push(await createParserBaseline({ incremental: false }));
  } else {
    unavailable.parser = parserStatus.reason;
  }

  // Warm-up outside the timed region: grammar loading and JIT compilation are one-time costs.
  for (const adapter of adapters) {
    for (const language of opts.languages) {
      const text = generateLlmApp(language, 200, 7);
      const edits = positionedEdits(text, editSequence(text, 20, 7, language));
      await timeFile(adapter, `file:///bench/warm-up.${language}`, language, text, edits);
    }
  }

  const rows = [];
  for (const sequence of opts.sequences) {
    for (const language of opts.languages) {
      for (const lines of opts.sizes) {
        const text = generateLlmApp(language, lines, opts.seed + lines);
        const made = sequence === 'typing' ? typingSequence(text, opts.edits, opts.seed, language) : editSequence(text, opts.edits, opts.seed, language);
        const edits = positionedEdits(text, made);
        const ext = language === 'python' ? 'py' : 'ts';
        for (const adapter of adapters) {
          const { initialMs, latencies } = await timeFile(adapter, `file:///bench/app-${lines}.${ext}`, language, text, edits);
          rows.push({
            analyser: adapter.name,
            sequence,
            language,
            lines: text.split('\n').length,
            edits: latencies.length,
            initialMs,
            p50: percentile(latencies, 50),
            p90: percentile(latencies, 90),
            p95: percentile(latencies, 95),
            p99: percentile(latencies, 99),
            max: Math.max(...latencies),
          });
        }
      }
    }
  }
  for (const adapter of adapters) await adapter.dispose?.();

  const machine = describeMachine();
  console.log(`\n## llmsec edit benchmark\n`);
  console.log(`Machine: ${formatMachine(machine)}; ${opts.edits} edits per file, seed ${opts.seed}\n`);
  console.log('| analyser | edits of | language | lines | edits | initial ms | p50 ms | p90 ms | p95 ms | p99 ms | max ms |');
  console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.analyser} | ${r.sequence} | ${r.language} | ${r.lines} | ${r.edits} | ${fmt(r.initialMs)} | ${fmt(r.p50)} | ${fmt(r.p90)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.max)} |`);
  console.log('');
  // The goal: p95 under 15 ms at 2,000 lines and under 60 ms at 10,000 (the engine's own figure).
  for (const r of rows.filter((x) => x.analyser === 'llmsec' && x.sequence === 'statements')) {
    const target = r.lines <= 2500 ? 15 : r.lines <= 12_000 ? 60 : undefined;
    if (target) console.log(`edit latency llmsec ${r.language} ${r.lines} lines: p95 ${fmt(r.p95)} ms (target < ${target} ms: ${r.p95 < target ? 'PASS' : 'FAIL'})`);
  }
  if (unavailable.llmsec) console.log(`edit latency llmsec: n/a (${unavailable.llmsec})`);
  if (unavailable.parser) console.log(`edit latency parser floor: n/a (${unavailable.parser})`);

  let resultPath;
  if (opts.json) {
    mkdirSync(opts.results, { recursive: true });
    resultPath = join(opts.results, `edit-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(resultPath, JSON.stringify({ kind: 'edit', machine, options: opts, unavailable, rows }, null, 2) + '\n');
    console.log(`Result: ${resultPath}`);
  }
  return { rows, unavailable, resultPath };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(`bench:edit failed: ${err.stack ?? err.message}`);
    process.exit(1);
  });
}
