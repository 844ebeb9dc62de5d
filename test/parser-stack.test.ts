// Tree-sitter's C stack overflowing, seen by the canary at its bottom (src/engine/parser-stack.ts).
// The texts that overflow it are parsed in a child process: after one, the parser runtime is
// given up for the life of the thread, which here would be mocha's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { StackCanary } from '../src/engine/parser-stack';

const parserModule = path.join(__dirname, '..', 'src', 'engine', 'parser.ts');
const workerOnly = path.join(__dirname, 'worker-only');

/** Parses each file as TypeScript in one new process; what each parse said. */
function parseInChild(files: string[]): string[] {
  const code = `const fs = require('fs'); const { parse } = require(${JSON.stringify(parserModule)});
(async () => { for (const f of process.argv.slice(1)) { try { (await parse('typescript', fs.readFileSync(f, 'utf8'))).delete(); console.log('parsed'); } catch (e) { console.log(e.message); } } })();`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', code, ...files], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(child.signal, null, `the child did not finish: ${child.stderr}`);
  return child.stdout.trim().split('\n');
}

describe("Tree-sitter's C stack", function () {
  this.timeout(90_000);

  it('a parse that overflows it fails on its own file, and the next one is refused at once instead of looping', () => {
    // Without the canary the first parse returns and the second never does (scripts/upstream/tree-sitter-heap-damage.mjs).
    const said = parseInChild([path.join(workerOnly, 'tree-sitter-heap-damage-a.ts.txt'), path.join(workerOnly, 'tree-sitter-heap-damage-b.ts.txt')]);
    assert.deepEqual(said, [
      "the parser's runtime failed on this file (Tree-sitter's C stack overflowed) and cannot be used again",
      "the parser's runtime failed on an earlier file of this thread and cannot be used again",
    ]);
  });

  it('deep but ordinary nesting does not trip it', () => {
    const said = parseInChild([path.join(__dirname, 'fixtures', 'regressions', 'fuzz-seed1-case16272-deep-generics-unclosed.mts'), path.join(workerOnly, 'tree-sitter-heap-damage-b.ts.txt')]);
    assert.deepEqual(said, ['parsed', 'parsed']);
  });

  it('the canary is laid at the bottom of the bounds the imports give, and any change to it shows', () => {
    const canary = StackCanary.fromImports({ env: { __stack_low: 1024, __stack_high: 1024 + 65_536 } })!;
    const heap = new Uint8Array(1024 + 65_536);
    canary.lay(heap);
    assert.ok(canary.intact(heap));
    heap[1024 + 65_536 - 1] = 7; // the top of the stack is in use all the time
    assert.ok(canary.intact(heap));
    heap[1024 + 4095] = 0; // the canary's last byte: it is 4 KB, so that no stack frame steps over it
    assert.ok(!canary.intact(heap));
    canary.lay(heap);
    assert.ok(canary.intact(heap));
    heap[1024 + 100] = 0;
    assert.ok(!canary.intact(heap));
    assert.equal(StackCanary.fromImports({ env: {} }), undefined);
    assert.equal(StackCanary.fromImports({}), undefined);
  });
});
