// Summarises a V8 CPU profile (.cpuprofile, from `node --cpu-prof` or the editor benchmark's
// LLMSEC_BENCH_CPU_PROFILE): where the samples fell by file, the functions with the most self
// time, and the inclusive time of the functions named with --inclusive.
//
//   node scripts/bench/profile-summary.mjs FILE.cpuprofile [--top N] [--inclusive name,name]
//
// In a minified file (VS Code's extension host) a function is named by its file, line and
// column, followed by the source text there, so that it can be found.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' }, inclusive: { type: 'string', default: '' } } });
if (positionals.length !== 1) {
  console.error('usage: node scripts/bench/profile-summary.mjs FILE.cpuprofile [--top N] [--inclusive name,name]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));

/** Microseconds each node was sampled in (its own time). */
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
const idleUs = [...selfUs].filter(([id]) => byId.get(id).callFrame.functionName === '(idle)').reduce((a, [, us]) => a + us, 0);
const busyUs = totalUs - idleUs;

const sources = new Map();
function sourceAt(url, line, column) {
  if (!url.startsWith('file://')) return '';
  if (!sources.has(url)) {
    try {
      sources.set(url, readFileSync(fileURLToPath(url), 'utf8').split('\n'));
    } catch {
      sources.set(url, []);
    }
  }
  const text = sources.get(url)[line] ?? '';
  return text.length > 400 ? `  «${text.slice(column, column + 70)}»` : '';
}

function label(frame) {
  const file = frame.url ? basename(frame.url) : '';
  const name = frame.functionName || '(anonymous)';
  return file ? `${name} ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}${sourceAt(frame.url, frame.lineNumber, frame.columnNumber)}` : name;
}

const pct = (us) => `${((100 * us) / busyUs).toFixed(1).padStart(5)}%`;
const ms = (us) => `${(us / 1000).toFixed(1).padStart(8)} ms`;
console.log(`${positionals[0]}: ${(totalUs / 1e6).toFixed(2)} s sampled, ${(busyUs / 1e6).toFixed(2)} s not idle (percentages are of that)`);

console.log('\nBy file (self time):');
const byFile = new Map();
for (const [id, us] of selfUs) {
  const frame = byId.get(id).callFrame;
  if (frame.functionName === '(idle)') continue;
  const key = frame.url ? basename(frame.url) : frame.functionName;
  byFile.set(key, (byFile.get(key) ?? 0) + us);
}
for (const [file, us] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${ms(us)} ${pct(us)}  ${file}`);

console.log(`\nFunctions by self time (top ${values.top}):`);
const byFunction = new Map();
for (const [id, us] of selfUs) {
  const frame = byId.get(id).callFrame;
  if (frame.functionName === '(idle)') continue;
  const key = label(frame);
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}
for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) console.log(`${ms(us)} ${pct(us)}  ${name}`);

const wanted = values.inclusive.split(',').filter(Boolean);
if (wanted.length) {
  console.log('\nInclusive time (a sample counts once however deep the function recurses):');
  for (const name of wanted) {
    let us = 0;
    for (const [id, self] of selfUs) {
      for (let at = id; at !== undefined; at = parentOf.get(at)) {
        if (byId.get(at).callFrame.functionName === name) {
          us += self;
          break;
        }
      }
    }
    console.log(`${ms(us)} ${pct(us)}  ${name}`);
  }
}
