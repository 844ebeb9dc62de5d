/**
 * The lowering's copying walk with direct WASM cursors (src/engine/lower/fast-cursor.ts) against
 * web-tree-sitter's TreeCursor, and the walk's shortcut past type-only subtrees.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Node } from 'web-tree-sitter';
import { lower } from '../src/engine/engine';
import { parse } from '../src/engine/parser';
import { languageForPath } from '../src/engine/languages';
import { directCursorsEnabled, openCursor, preferDirectCursors } from '../src/engine/lower/fast-cursor';
import { snapshotTree } from '../src/engine/lower/javascript-tree';
import { AnalysisBudget, BudgetExceededError } from '../src/engine/budget';
import type { LanguageId, ModuleIR } from '../src/engine/ir';

const root = path.join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => languageForPath(f) !== undefined && fs.statSync(f).isFile());
}

async function lowered(language: LanguageId, text: string, direct: boolean): Promise<ModuleIR> {
  preferDirectCursors(direct);
  const tree = await parse(language, text);
  try {
    return lower(tree, text, language);
  } finally {
    tree.delete();
    preferDirectCursors(true);
  }
}

/** Every comment of the tree, found through the Node API (no cursor, no shortcut). */
function allComments(node: Node): { start: number; end: number }[] {
  return node.descendantsOfType(['comment', 'html_comment']).map((n) => ({ start: n!.startIndex, end: n!.endIndex }));
}

describe('direct tree cursors', () => {
  before(async () => {
    await parse('python', 'x = 1\n');
  });

  it('are in use with the pinned web-tree-sitter', () => {
    assert.equal(directCursorsEnabled(), true);
  });

  it('lower every fixture and example to the same IR as TreeCursor', async () => {
    const files = [...sourceFiles(path.join(root, 'rules')), ...sourceFiles(path.join(root, 'examples')), ...sourceFiles(path.join(root, 'test', 'fixtures'))];
    assert.ok(files.length > 50);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const language = languageForPath(file)!;
      // As JSON: deepEqual takes seconds on the large regression files.
      assert.equal(JSON.stringify(await lowered(language, text, true)), JSON.stringify(await lowered(language, text, false)), file);
    }
  });

  it('lower broken and deeply nested text to the same IR as TreeCursor', async () => {
    const texts: [LanguageId, string][] = [
      ['python', 'def f(a, b=1):\n    return g(a)[b] + (\nclass C(:\n  x = [1, 2'],
      ['python', '('.repeat(3000) + 'x' + ')'.repeat(3000)],
      ['typescript', 'interface I { a: string; /* c */ b(x: number): void }\nlet x: Array<{ y: 1 }> = f(<T>(z: T) => z);\nfunction g(: number {'],
      ['tsx', 'const A = () => <div a={b}>{c /* d */}</div>;\ntype T = { [k: string]: `x${number}` }'],
      ['javascript', 'a(b(c(d(e(f(g(h(i(j(k))))))))));\n'.repeat(50) + '{'.repeat(2000)],
    ];
    for (const [language, text] of texts) {
      assert.deepEqual(await lowered(language, text, true), await lowered(language, text, false), text.slice(0, 60));
    }
  });

  it('a walk cut short by the time budget gives its cursor back', async () => {
    const text = 'x = 1\n'.repeat(20_000);
    const tree = await parse('python', text);
    try {
      const spent = AnalysisBudget.from(performance.now() - 10_000, 1);
      assert.throws(() => lower(tree, text, 'python', spent), BudgetExceededError);
      // The next walk starts cleanly, still with a direct cursor.
      const cursor = openCursor(tree.rootNode);
      cursor.delete();
      assert.equal(lower(tree, text, 'python').body.length, 20_000);
      assert.equal(directCursorsEnabled(), true);
    } finally {
      tree.delete();
    }
  });

  it('one walk at a time', async () => {
    const tree = await parse('python', 'x = 1\n');
    try {
      const cursor = openCursor(tree.rootNode);
      try {
        assert.throws(() => openCursor(tree.rootNode), /already in progress/);
      } finally {
        cursor.delete();
      }
    } finally {
      tree.delete();
    }
  });
});

describe('type-only subtrees in the copying walk', () => {
  const pieces = [
    'interface I { a: string; b(x: number): void }\n',
    'type T<K extends string> = { [k in K]: Array<K> };\n',
    'let v: Map<string, number[]> = new Map();\n',
    'function f<T>(a: T, b?: string): a is T { return true }\n',
    'enum E { A = 1, B = -2 }\n',
    'declare module "m" { export const x: number }\n',
    'class C implements I { m(): void {} }\n',
    '// line comment\n',
    '/* block */',
    ' /** doc */ ',
    'type U = "a/b" | `c-${string}`;\n',
    'x = a - b / c;\n',
    '{',
    ')',
  ];
  for (const language of ['typescript', 'tsx'] as const) {
    it(`collects every comment, inside types too (${language})`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.constantFrom(...pieces), { maxLength: 10 }), fc.array(fc.nat(40), { maxLength: 3 }), async (parts, cuts) => {
          // Comments dropped inside type annotations: `a: /* c */ string`.
          let text = parts.join('');
          for (const at of cuts) text = text.slice(0, at) + ' /* in */ ' + text.slice(at);
          const tree = await parse(language, text);
          try {
            const snapshot = snapshotTree(tree.rootNode, text);
            assert.deepEqual(snapshot.comments.map((c) => c.span), allComments(tree.rootNode), JSON.stringify(text));
          } finally {
            tree.delete();
          }
        }),
        { numRuns: 300, seed: 9 },
      );
    });
  }
});
