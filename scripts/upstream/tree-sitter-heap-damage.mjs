#!/usr/bin/env node
// A Tree-sitter bug the analysis pool contains (SECURITY.md, "Figures"), shown with web-tree-sitter
// alone: no llmsec code runs. Parsing text A (TypeScript) succeeds; parsing text B next, in the same
// thread, with a new parser, never returns, and no progress callback runs. Each text alone parses
// in a fraction of a second. Run it after upgrading web-tree-sitter or the grammars:
//
//   node scripts/upstream/tree-sitter-heap-damage.mjs [A B]
//   node scripts/upstream/tree-sitter-heap-damage.mjs --debug-build [A]
//
// Exit code 1: the bug is still there (B did not finish within 20 s); 0: it is gone. The cause:
// parsing A overflows the runtime's 64 KB C stack (recursion in stack_node_add_link) and writes
// over its static data. `--debug-build` parses A with web-tree-sitter's debug build, whose checks
// stop it with "segmentation fault" and print the recursing frames.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const grammars = join(root, 'grammars');
const debugBuild = process.argv.includes('--debug-build');
const files = process.argv.slice(2).filter((x) => x !== '--debug-build');
const [a, b] = files.length >= 2 ? files.slice(0, 2) : files.length === 1 && debugBuild ? [files[0], undefined] : [join(root, 'test', 'worker-only', 'tree-sitter-heap-damage-a.ts.txt'), join(root, 'test', 'worker-only', 'tree-sitter-heap-damage-b.ts.txt')];

if (debugBuild) {
  const { Parser, Language } = await import('web-tree-sitter/debug');
  const debugDir = join(root, 'node_modules', 'web-tree-sitter', 'debug');
  await Parser.init({ locateFile: (name) => join(name === 'web-tree-sitter.wasm' ? debugDir : grammars, name) });
  const parser = new Parser();
  parser.setLanguage(await Language.load(join(grammars, 'tree-sitter-typescript.wasm')));
  try {
    parser.parse(readFileSync(a, 'utf8'));
    console.log(`${a}: parsed without an error in the debug build`);
    process.exit(0);
  } catch (err) {
    console.log(`${a}: ${String(err.stack).split('\n').slice(0, 8).join('\n')}`);
    process.exit(1);
  }
} else if (process.env.PARSE_IN_THIS_PROCESS) {
  const { Parser, Language } = await import('web-tree-sitter');
  await Parser.init({ locateFile: (name) => join(grammars, name) });
  const typescript = await Language.load(join(grammars, 'tree-sitter-typescript.wasm'));
  for (const file of [a, b]) {
    const parser = new Parser();
    parser.setLanguage(typescript);
    const started = performance.now();
    const tree = parser.parse(readFileSync(file, 'utf8'));
    console.log(`${file}: parsed in ${(performance.now() - started).toFixed(0)} ms`);
    tree.delete();
    parser.delete();
  }
} else {
  const version = JSON.parse(readFileSync(join(root, 'node_modules', 'web-tree-sitter', 'package.json'), 'utf8')).version;
  const run = (files) => spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...files], { env: { ...process.env, PARSE_IN_THIS_PROCESS: '1' }, timeout: 20_000, encoding: 'utf8' });
  const alone = [run([a, a]), run([b, b])];
  const pair = run([a, b]);
  console.log(`web-tree-sitter ${version}, grammars/tree-sitter-typescript.wasm`);
  console.log(`A then A: ${alone[0].signal ? 'did not finish' : 'finished'}; B then B: ${alone[1].signal ? 'did not finish' : 'finished'}`);
  console.log(`A then B: ${pair.signal ? 'did not finish within 20 s' : 'finished'}`);
  process.stdout.write(pair.stdout);
  process.exit(pair.signal ? 1 : 0);
}
