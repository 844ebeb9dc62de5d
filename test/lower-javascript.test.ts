/**
 * JS / TS / TSX lowering to the IR: one focused case per construct, for each language that has it,
 * plus error recovery, hostile nesting and timing on large inputs.
 */
import assert from 'node:assert/strict';
import { transformSync } from 'esbuild';
import fc from 'fast-check';
import type {
  AssignStmt,
  CallExpr,
  ClassStmt,
  Expr,
  ExprStmt,
  FuncStmt,
  IfStmt,
  JsxExpr,
  LoopStmt,
  ModuleIR,
  Stmt,
  TryStmt,
} from '../src/engine/ir';
import { lowerJavaScript } from '../src/engine/lower/javascript';
import { MAX_DEPTH } from '../src/engine/lower/javascript-context';
import { parse } from '../src/engine/parser';

type JsLanguage = 'javascript' | 'typescript' | 'tsx';
const ALL: JsLanguage[] = ['javascript', 'typescript', 'tsx'];
const TS: JsLanguage[] = ['typescript', 'tsx'];
const JSX: JsLanguage[] = ['javascript', 'tsx'];

async function lower(language: JsLanguage, text: string): Promise<ModuleIR> {
  const tree = await parse(language, text);
  try {
    return lowerJavaScript(tree.rootNode, text, language);
  } finally {
    tree.delete();
  }
}

/** The IR without spans, for deepEqual against hand-written shapes. */
function strip<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'span' || key === 'nameSpan' ? undefined : v))) as T;
}

async function body(language: JsLanguage, text: string): Promise<Stmt[]> {
  return strip((await lower(language, text)).body);
}

/** The single statement of a one-statement program. */
async function only(language: JsLanguage, text: string): Promise<Stmt> {
  const stmts = await body(language, text);
  assert.equal(stmts.length, 1, `expected one statement for ${JSON.stringify(text)}, got ${JSON.stringify(stmts)}`);
  return stmts[0];
}

/** The expression of a one-expression-statement program. */
async function expr(language: JsLanguage, text: string): Promise<Expr> {
  const stmt = await only(language, text);
  assert.equal(stmt.k, 'expr', JSON.stringify(stmt));
  return (stmt as ExprStmt).expr;
}

const N = (n: string) => ({ k: 'name', name: n });
const num = (v: number) => ({ k: 'lit', kind: 'number', value: v });
const str = (v: string) => ({ k: 'str', value: v, parts: [], literalText: v });

/** Largest nesting of objects/arrays, measured without recursion. */
function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (d > max) max = d;
    if (v && typeof v === 'object') for (const child of Object.values(v)) if (child && typeof child === 'object') stack.push([child, d + 1]);
  }
  return max;
}

function countKinds(value: unknown, kind: string): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (!v || typeof v !== 'object') continue;
    if ((v as { k?: string }).k === kind) count++;
    for (const child of Object.values(v)) if (child && typeof child === 'object') stack.push(child);
  }
  return count;
}

describe('lowerJavaScript', () => {
  describe('imports', () => {
    for (const lang of ALL) {
      it(`default import (${lang})`, async () => {
        const text = 'import OpenAI from "openai";';
        const ir = await lower(lang, text);
        assert.equal(ir.language, lang);
        assert.deepEqual(ir.body, [
          { k: 'import', module: 'openai', names: [{ imported: 'default', local: 'OpenAI', span: { start: 7, end: 13 } }], span: { start: 0, end: text.length } },
        ]);
      });

      it(`named with alias, namespace and side-effect imports (${lang})`, async () => {
        const stmts = await body(lang, "import D, { a as b, c } from 'm';\nimport * as ns from './ns';\nimport 'polyfill';");
        assert.deepEqual(stmts, [
          { k: 'import', module: 'm', names: [{ imported: 'default', local: 'D' }, { imported: 'a', local: 'b' }, { imported: 'c', local: 'c' }] },
          { k: 'import', module: './ns', names: [{ imported: null, local: 'ns' }] },
          { k: 'import', module: 'polyfill', names: [] },
        ]);
      });

      it(`re-exports (${lang})`, async () => {
        const stmts = await body(lang, "export { a, b as c } from 'm';\nexport * from 'n';\nexport * as q from 'o';");
        assert.deepEqual(stmts, [
          { k: 'import', module: 'm', names: [{ imported: 'a', local: '' }, { imported: 'b', local: '' }] },
          { k: 'import', module: 'n', names: [{ imported: '*', local: '' }] },
          { k: 'import', module: 'o', names: [{ imported: null, local: '' }] },
        ]);
      });

      it(`require() and import() stay calls (${lang})`, async () => {
        const stmts = await body(lang, "const fs = require('fs');\nconst m = await import('./m');");
        assert.deepEqual(stmts[0], {
          k: 'assign',
          target: N('fs'),
          value: { k: 'call', callee: N('require'), args: [{ kind: 'pos', value: str('fs') }], isNew: false },
          declKind: 'const',
        });
        const value = (stmts[1] as AssignStmt).value;
        assert.equal(value.k, 'await');
        assert.deepEqual(value.k === 'await' && value.expr, { k: 'call', callee: N('import'), args: [{ kind: 'pos', value: str('./m') }], isNew: false });
      });
    }

    for (const lang of TS) {
      it(`drops type-only imports and keeps import = require (${lang})`, async () => {
        const stmts = await body(
          lang,
          "import type { T } from 't';\nimport { type A } from 'a';\nimport { type B, b } from 'b';\nimport fs = require('fs');",
        );
        assert.deepEqual(stmts, [
          { k: 'import', module: 'b', names: [{ imported: 'b', local: 'b' }] },
          { k: 'import', module: 'fs', names: [{ imported: null, local: 'fs' }] },
        ]);
      });
    }
  });

  describe('exports', () => {
    for (const lang of TS) {
      it(`export async function POST(request: NextRequest) (${lang})`, async () => {
        const stmt = (await only(lang, 'export async function POST(request: NextRequest) {}')) as FuncStmt;
        assert.equal(stmt.k, 'func');
        assert.equal(stmt.fn.name, 'POST');
        assert.equal(stmt.fn.exported, true);
        assert.equal(stmt.fn.isAsync, true);
        assert.equal(stmt.fn.isMethod, false);
        assert.deepEqual(stmt.fn.params, [{ pattern: N('request'), kind: 'pos', annotation: 'NextRequest' }]);
      });
    }

    for (const lang of ALL) {
      it(`export default forms (${lang})`, async () => {
        const stmts = await body(lang, 'export default function () {}\nexport default class {}\nexport default async (req) => {}\nexport default app;');
        assert.equal(stmts.length, 4);
        const [fn, cls, arrow, value] = stmts as [FuncStmt, ClassStmt, FuncStmt, ExprStmt];
        assert.deepEqual([fn.k, fn.fn.name, fn.fn.exported], ['func', 'default', true]);
        assert.deepEqual([cls.k, cls.name, cls.exported], ['class', 'default', true]);
        assert.deepEqual([arrow.k, arrow.fn.name, arrow.fn.exported, arrow.fn.isAsync], ['func', 'default', true, true]);
        assert.deepEqual(value, { k: 'expr', expr: N('app') });
      });

      it(`export default function with a name keeps it (${lang})`, async () => {
        const stmt = (await only(lang, 'export default function handler(req, res) {}')) as FuncStmt;
        assert.deepEqual([stmt.fn.name, stmt.fn.exported, stmt.fn.params.length], ['handler', true, 2]);
      });

      it(`export const f = () => ... marks the function exported (${lang})`, async () => {
        const stmts = (await body(lang, 'export const f = () => 1, n = 2;\nconst g = () => 2;')) as AssignStmt[];
        assert.equal(stmts.length, 3);
        assert.equal(stmts[0].value.k === 'func' && stmts[0].value.fn.exported, true);
        assert.deepEqual(stmts[1].value, num(2));
        assert.equal(stmts[2].value.k === 'func' && stmts[2].value.fn.exported, false);
      });

      it(`export { a, b } marks declarations in the file (${lang})`, async () => {
        const stmts = await body(lang, 'function a() {}\nclass B {}\nconst c = () => 1;\nfunction d() {}\nexport { a, B, c as see };');
        assert.equal(stmts.length, 4);
        assert.equal((stmts[0] as FuncStmt).fn.exported, true);
        assert.equal((stmts[1] as ClassStmt).exported, true);
        const c = (stmts[2] as AssignStmt).value;
        assert.equal(c.k === 'func' && c.fn.exported, true);
        assert.equal((stmts[3] as FuncStmt).fn.exported, false);
      });

      it(`export class keeps export decorators (${lang})`, async () => {
        const stmt = (await only(lang, '@Injectable() export class Svc {}')) as ClassStmt;
        assert.deepEqual([stmt.k, stmt.name, stmt.exported], ['class', 'Svc', true]);
        assert.deepEqual(stmt.decorators, [{ k: 'call', callee: N('Injectable'), args: [], isNew: false }]);
      });
    }
  });

  describe('variables and destructuring', () => {
    for (const lang of ALL) {
      it(`const { text } = await generateText({ model, prompt: \`Hi \${x}\` }) (${lang})`, async () => {
        const stmt = await only(lang, 'const { text } = await generateText({ model, prompt: `Hi ${x}` });');
        assert.deepEqual(stmt, {
          k: 'assign',
          target: { k: 'object', props: [{ key: 'text', value: N('text') }] },
          value: {
            k: 'await',
            expr: {
              k: 'call',
              callee: N('generateText'),
              args: [
                {
                  kind: 'pos',
                  value: {
                    k: 'dict',
                    entries: [
                      { key: 'model', value: N('model') },
                      { key: 'prompt', value: { k: 'str', value: null, parts: [N('x')], literalText: 'Hi ' } },
                    ],
                  },
                },
              ],
              isNew: false,
            },
          },
          declKind: 'const',
        });
      });

      it(`multiple declarators, declarations without value omitted (${lang})`, async () => {
        const text = 'let a = 1, b, c = f();\nvar v;\nvar w = 2;';
        const ir = await lower(lang, text);
        const stmts = ir.body as AssignStmt[];
        assert.deepEqual(
          stmts.map((s) => [s.target.k === 'name' && s.target.name, s.declKind]),
          [['a', 'let'], ['c', 'let'], ['w', 'var']],
        );
        // Several declarators: each its own span; a single one: the whole declaration.
        assert.equal(text.slice(stmts[0].span.start, stmts[0].span.end), 'a = 1');
        assert.equal(text.slice(stmts[2].span.start, stmts[2].span.end), 'var w = 2;');
      });

      it(`nested destructuring with defaults, rest, holes and computed keys (${lang})`, async () => {
        const stmt = (await only(lang, 'const { a = 1, b: { c }, d: [e, , f = 2, ...g], [k]: h, ...rest } = obj;')) as AssignStmt;
        assert.deepEqual(stmt.target, {
          k: 'object',
          props: [
            { key: 'a', value: { k: 'default', target: N('a'), value: num(1) } },
            { key: 'b', value: { k: 'object', props: [{ key: 'c', value: N('c') }] } },
            {
              key: 'd',
              value: { k: 'tuple', items: [N('e'), { k: 'unknown' }, { k: 'default', target: N('f'), value: num(2) }, { k: 'rest', target: N('g') }] },
            },
            { key: null, value: N('h') },
            { key: null, value: { k: 'rest', target: N('rest') } },
          ],
        });
      });
    }
  });

  describe('assignments', () => {
    for (const lang of ALL) {
      it(`el.innerHTML = html (${lang})`, async () => {
        const text = 'el.innerHTML = html;';
        const ir = await lower(lang, text);
        assert.deepEqual(ir.body, [
          {
            k: 'assign',
            target: { k: 'attr', obj: { k: 'name', name: 'el', span: { start: 0, end: 2 } }, name: 'innerHTML', span: { start: 0, end: 12 } },
            value: { k: 'name', name: 'html', span: { start: 15, end: 19 } },
            span: { start: 0, end: 19 },
          },
        ]);
      });

      it(`compound, logical, subscript and destructuring assignment (${lang})`, async () => {
        const stmts = await body(lang, 'x += 1; y ??= z; a[i] = v; [a, b] = [b, a]; ({ a, b: c.d } = o);');
        assert.deepEqual(stmts, [
          { k: 'assign', target: N('x'), value: num(1), op: '+' },
          { k: 'assign', target: N('y'), value: N('z'), op: '??' },
          { k: 'assign', target: { k: 'index', obj: N('a'), index: N('i') }, value: N('v') },
          { k: 'assign', target: { k: 'tuple', items: [N('a'), N('b')] }, value: { k: 'seq', kind: 'array', items: [N('b'), N('a')] } },
          {
            k: 'assign',
            target: { k: 'object', props: [{ key: 'a', value: N('a') }, { key: 'b', value: { k: 'attr', obj: N('c'), name: 'd' } }] },
            value: N('o'),
          },
        ]);
      });

      it(`chained assignment becomes two statements (${lang})`, async () => {
        const stmts = await body(lang, 'a = b = v;');
        assert.deepEqual(stmts, [
          { k: 'assign', target: N('b'), value: N('v') },
          { k: 'assign', target: N('a'), value: N('b') },
        ]);
      });

      it(`assignment inside a condition is hoisted before the if (${lang})`, async () => {
        const stmts = await body(lang, 'if ((m = re.exec(s))) { use(m); }');
        assert.equal(stmts.length, 2);
        assert.deepEqual(stmts[0], {
          k: 'assign',
          target: N('m'),
          value: { k: 'call', callee: { k: 'attr', obj: N('re'), name: 'exec' }, args: [{ kind: 'pos', value: N('s') }], isNew: false },
        });
        assert.deepEqual((stmts[1] as IfStmt).test, N('m'));
      });

      it(`sequence expressions split into statements (${lang})`, async () => {
        const stmts = await body(lang, 'a = 1, f(a), b = 2;');
        assert.deepEqual(stmts, [
          { k: 'assign', target: N('a'), value: num(1) },
          { k: 'expr', expr: { k: 'call', callee: N('f'), args: [{ kind: 'pos', value: N('a') }], isNew: false } },
          { k: 'assign', target: N('b'), value: num(2) },
        ]);
      });
    }
  });

  describe('functions', () => {
    for (const lang of ALL) {
      it(`app.post('/chat', async (req, res) => { ... }) (${lang})`, async () => {
        const e = (await expr(lang, "app.post('/chat', async (req, res) => { const r = await llm(req.body.q); res.send(r); });")) as CallExpr;
        assert.equal(e.k, 'call');
        assert.deepEqual(e.callee, { k: 'attr', obj: N('app'), name: 'post' });
        assert.deepEqual(e.args[0], { kind: 'pos', value: str('/chat') });
        const handler = e.args[1].value;
        assert.equal(handler.k, 'func');
        if (handler.k !== 'func') return;
        assert.equal(handler.fn.isAsync, true);
        assert.equal(handler.fn.name, null);
        assert.deepEqual(handler.fn.params.map((p) => p.pattern), [N('req'), N('res')]);
        assert.equal(handler.fn.body.length, 2);
        assert.deepEqual(handler.fn.body[1], {
          k: 'expr',
          expr: { k: 'call', callee: { k: 'attr', obj: N('res'), name: 'send' }, args: [{ kind: 'pos', value: N('r') }], isNew: false },
        });
      });

      it(`expression-bodied arrow returns its expression (${lang})`, async () => {
        const e = await expr(lang, 'x => x.trim();');
        assert.equal(e.k, 'func');
        if (e.k !== 'func') return;
        assert.deepEqual(e.fn.params, [{ pattern: N('x'), kind: 'pos' }]);
        assert.deepEqual(e.fn.body, [{ k: 'return', value: { k: 'call', callee: { k: 'attr', obj: N('x'), name: 'trim' }, args: [], isNew: false } }]);
      });

      it(`generators, defaults, rest and destructured params (${lang})`, async () => {
        const stmt = (await only(lang, 'async function* gen(a = 1, { b, c: [d] }, ...more) { yield a; yield* more; }')) as FuncStmt;
        assert.equal(stmt.fn.name, 'gen');
        assert.equal(stmt.fn.isAsync, true);
        assert.equal(stmt.fn.isGenerator, true);
        assert.deepEqual(stmt.fn.params, [
          { pattern: N('a'), kind: 'pos', default: num(1) },
          { pattern: { k: 'object', props: [{ key: 'b', value: N('b') }, { key: 'c', value: { k: 'tuple', items: [N('d')] } }] }, kind: 'pos' },
          { pattern: N('more'), kind: 'star' },
        ]);
        assert.deepEqual(stmt.fn.body, [
          { k: 'expr', expr: { k: 'op', op: 'yield', args: [N('a')] } },
          { k: 'expr', expr: { k: 'op', op: 'yield', args: [N('more')] } },
        ]);
      });

      it(`function expressions keep their own name (${lang})`, async () => {
        const stmt = (await only(lang, 'const h = function inner() { return 1; };')) as AssignStmt;
        assert.equal(stmt.value.k === 'func' && stmt.value.fn.name, 'inner');
      });
    }

    for (const lang of TS) {
      it(`parameter annotations, optional params and type parameters (${lang})`, async () => {
        const stmt = (await only(lang, 'function f<T>(this: Window, a: Request, b?: string, { c }: Opts = {}): Promise<T> { return g<T>(a); }')) as FuncStmt;
        assert.deepEqual(stmt.fn.params, [
          { pattern: N('a'), kind: 'pos', annotation: 'Request' },
          { pattern: N('b'), kind: 'pos', annotation: 'string' },
          { pattern: { k: 'object', props: [{ key: 'c', value: N('c') }] }, kind: 'pos', default: { k: 'dict', entries: [] }, annotation: 'Opts' },
        ]);
        assert.deepEqual(stmt.fn.body, [{ k: 'return', value: { k: 'call', callee: N('g'), args: [{ kind: 'pos', value: N('a') }], isNew: false } }]);
      });
    }
  });

  describe('classes', () => {
    for (const lang of ALL) {
      it(`fields, methods, accessors, static blocks and private names (${lang})`, async () => {
        const cls = (await only(
          lang,
          'class A extends Base { static n = 1; #key = process.env.KEY; plain; [k] = v; constructor() { super(); } get g() { return this.#key; } set s(v) {} async *m() {} static { init(); } }',
        )) as ClassStmt;
        assert.equal(cls.k, 'class');
        assert.equal(cls.name, 'A');
        assert.deepEqual(cls.bases, [N('Base')]);
        assert.equal(cls.exported, false);
        const [n, key, computed, ctor, getter, setter, method, block] = cls.body;
        assert.deepEqual(n, { k: 'assign', target: { k: 'attr', obj: N('this'), name: 'n' }, value: num(1) });
        assert.deepEqual(key, {
          k: 'assign',
          target: { k: 'attr', obj: N('this'), name: '#key' },
          value: { k: 'attr', obj: { k: 'attr', obj: N('process'), name: 'env' }, name: 'KEY' },
        });
        assert.deepEqual(computed, { k: 'assign', target: { k: 'index', obj: N('this'), index: N('k') }, value: N('v') });
        assert.deepEqual([ctor.k, ctor.k === 'func' && ctor.fn.name, ctor.k === 'func' && ctor.fn.isMethod], ['func', 'constructor', true]);
        assert.deepEqual(getter.k === 'func' && getter.fn.body, [{ k: 'return', value: { k: 'attr', obj: N('this'), name: '#key' } }]);
        assert.equal(setter.k === 'func' && setter.fn.name, 's');
        assert.deepEqual(method.k === 'func' && [method.fn.isAsync, method.fn.isGenerator, method.fn.isMethod], [true, true, true]);
        assert.deepEqual(block, { k: 'block', body: [{ k: 'expr', expr: { k: 'call', callee: N('init'), args: [], isNew: false } }] });
        assert.equal(cls.body.length, 8);
      });

      it(`class expressions are unknown with methods as functions (${lang})`, async () => {
        const stmt = (await only(lang, 'const K = class extends B { run(x) { return eval(x); } };')) as AssignStmt;
        assert.equal(stmt.value.k, 'unknown');
        if (stmt.value.k !== 'unknown') return;
        assert.deepEqual(stmt.value.children[0], N('B'));
        const method = stmt.value.children[1];
        assert.equal(method.k === 'func' && method.fn.name, 'run');
      });
    }

    for (const lang of TS) {
      it(`decorators, parameter properties and type-only members (${lang})`, async () => {
        const cls = (await only(
          lang,
          "@Controller('chat') class C implements I { declare z: number; @Post() async send(@Body() body: Dto) {} constructor(private readonly llm: OpenAI, public n?: number, plain: string) {} abstract q(): void; }",
        )) as ClassStmt;
        assert.deepEqual(cls.decorators, [{ k: 'call', callee: N('Controller'), args: [{ kind: 'pos', value: str('chat') }], isNew: false }]);
        assert.deepEqual(cls.bases, []);
        assert.equal(cls.body.length, 2);
        const send = cls.body[0] as FuncStmt;
        assert.deepEqual(send.fn.decorators, [{ k: 'call', callee: N('Post'), args: [], isNew: false }]);
        assert.deepEqual(send.fn.params, [{ pattern: N('body'), kind: 'pos', annotation: 'Dto' }]);
        const ctor = cls.body[1] as FuncStmt;
        assert.deepEqual(ctor.fn.body, [
          { k: 'assign', target: { k: 'attr', obj: N('this'), name: 'llm' }, value: N('llm') },
          { k: 'assign', target: { k: 'attr', obj: N('this'), name: 'n' }, value: N('n') },
        ]);
        assert.deepEqual(ctor.fn.params.map((p) => p.annotation), ['OpenAI', 'number', 'string']);
      });
    }
  });

  describe('objects, arrays, calls', () => {
    for (const lang of ALL) {
      it(`object literal forms (${lang})`, async () => {
        const stmt = (await only(lang, "o = { a, [k]: v, ...s, m() { return 1; }, get g() { return 2; }, 'q-r': 3, 4: 5 };")) as AssignStmt;
        assert.equal(stmt.value.k, 'dict');
        if (stmt.value.k !== 'dict') return;
        const [a, computed, spread, m, g, q, four] = stmt.value.entries;
        assert.deepEqual(a, { key: 'a', value: N('a') });
        assert.deepEqual(computed, { key: null, keyExpr: N('k'), value: N('v') });
        assert.deepEqual(spread, { key: null, value: N('s'), spread: true });
        assert.deepEqual([m.key, m.value.k === 'func' && m.value.fn.body], ['m', [{ k: 'return', value: num(1) }]]);
        assert.deepEqual([g.key, g.value.k], ['g', 'func']);
        assert.deepEqual(q, { key: 'q-r', value: num(3) });
        assert.deepEqual(four, { key: '4', value: num(5) });
      });

      it(`arrays with spread and holes (${lang})`, async () => {
        assert.deepEqual(await expr(lang, '[1, ...xs, , 2];'), {
          k: 'seq',
          kind: 'array',
          items: [num(1), { k: 'spread', expr: N('xs') }, { k: 'lit', kind: 'null', value: null }, num(2)],
        });
      });

      it(`new OpenAI({ apiKey }) (${lang})`, async () => {
        const text = 'new OpenAI({ apiKey });';
        const ir = await lower(lang, text);
        const e = (ir.body[0] as ExprStmt).expr as CallExpr;
        assert.deepEqual(strip(e), {
          k: 'call',
          callee: N('OpenAI'),
          args: [{ kind: 'pos', value: { k: 'dict', entries: [{ key: 'apiKey', value: N('apiKey') }] } }],
          isNew: true,
        });
        assert.deepEqual(e.span, { start: 0, end: text.length - 1 });
        assert.deepEqual(e.args[0].span, { start: 11, end: 21 });
      });

      it(`calls with spread arguments and new without arguments (${lang})`, async () => {
        assert.deepEqual(await expr(lang, 'f(a, ...rest);'), {
          k: 'call',
          callee: N('f'),
          args: [
            { kind: 'pos', value: N('a') },
            { kind: 'star', value: N('rest') },
          ],
          isNew: false,
        });
        assert.deepEqual(await expr(lang, 'new Foo.Bar;'), { k: 'call', callee: { k: 'attr', obj: N('Foo'), name: 'Bar' }, args: [], isNew: true });
      });

      it(`res.choices[0]?.message?.content (${lang})`, async () => {
        assert.deepEqual(await expr(lang, 'res.choices[0]?.message?.content;'), {
          k: 'attr',
          obj: { k: 'attr', obj: { k: 'index', obj: { k: 'attr', obj: N('res'), name: 'choices' }, index: num(0) }, name: 'message' },
          name: 'content',
        });
      });

      it(`optional call and optional subscript (${lang})`, async () => {
        assert.deepEqual(await expr(lang, 'a?.b?.(x);'), {
          k: 'call',
          callee: { k: 'attr', obj: N('a'), name: 'b' },
          args: [{ kind: 'pos', value: N('x') }],
          isNew: false,
        });
        assert.deepEqual(await expr(lang, 'a?.[i];'), { k: 'index', obj: N('a'), index: N('i') });
      });

      it(`member name spans cover the property (${lang})`, async () => {
        const text = 'client.chat.completions.create(x);';
        const ir = await lower(lang, text);
        const call = (ir.body[0] as ExprStmt).expr as CallExpr;
        assert.equal(call.callee.k, 'attr');
        if (call.callee.k !== 'attr') return;
        assert.equal(text.slice(call.callee.nameSpan.start, call.callee.nameSpan.end), 'create');
        assert.equal(text.slice(call.callee.span.start, call.callee.span.end), 'client.chat.completions.create');
      });
    }
  });

  describe('literals', () => {
    for (const lang of ALL) {
      it(`strings decode simple escapes (${lang})`, async () => {
        assert.deepEqual(await expr(lang, String.raw`"a\n\t\u0041\x42\u{1F600}\'\\";`), str('a\n\tAB\u{1F600}\'\\'));
        assert.deepEqual(await expr(lang, "'';"), str(''));
      });

      it(`template literals and tagged templates (${lang})`, async () => {
        assert.deepEqual(await expr(lang, '`Hello ${user.name}, ask: ${q}!\\n`;'), {
          k: 'str',
          value: null,
          parts: [{ k: 'attr', obj: N('user'), name: 'name' }, N('q')],
          literalText: 'Hello , ask: !\n',
        });
        assert.deepEqual(await expr(lang, 'sql`SELECT ${id}`;'), {
          k: 'call',
          callee: N('sql'),
          args: [{ kind: 'pos', value: { k: 'str', value: null, parts: [N('id')], literalText: 'SELECT ' } }],
          isNew: false,
        });
      });

      it(`numbers, booleans, null, undefined, regex (${lang})`, async () => {
        const stmts = (await body(lang, '0x1f; 1_000; 1.5e3; 10n; true; false; null; undefined; /ab+c/gi;')) as ExprStmt[];
        assert.deepEqual(
          stmts.map((s) => s.expr),
          [
            num(31),
            num(1000),
            num(1500),
            num(10),
            { k: 'lit', kind: 'bool', value: true },
            { k: 'lit', kind: 'bool', value: false },
            { k: 'lit', kind: 'null', value: null },
            { k: 'lit', kind: 'null', value: null },
            { k: 'lit', kind: 'regex', value: '/ab+c/gi' },
          ],
        );
      });
    }
  });

  describe('operators', () => {
    for (const lang of ALL) {
      it(`binary, logical, unary, update and ternary (${lang})`, async () => {
        const stmts = (await body(lang, 'a + b; a ?? b; a && b; !a; -a; typeof a; void 0; delete a.b; i++; --j; a in b; a instanceof B; c ? d : e; a === b;')) as ExprStmt[];
        assert.deepEqual(
          stmts.map((s) => s.expr),
          [
            { k: 'op', op: '+', args: [N('a'), N('b')] },
            { k: 'op', op: '??', args: [N('a'), N('b')] },
            { k: 'op', op: '&&', args: [N('a'), N('b')] },
            { k: 'op', op: '!', args: [N('a')] },
            { k: 'op', op: '-', args: [N('a')] },
            { k: 'op', op: 'typeof', args: [N('a')] },
            { k: 'op', op: 'void', args: [num(0)] },
            { k: 'op', op: 'delete', args: [{ k: 'attr', obj: N('a'), name: 'b' }] },
            { k: 'op', op: '++', args: [N('i')] },
            { k: 'op', op: '--', args: [N('j')] },
            { k: 'op', op: 'in', args: [N('a'), N('b')] },
            { k: 'op', op: 'instanceof', args: [N('a'), N('B')] },
            { k: 'op', op: '?:', args: [N('c'), N('d'), N('e')] },
            { k: 'op', op: '===', args: [N('a'), N('b')] },
          ],
        );
      });

      it(`parentheses unwrap; sequence in a value keeps the last item (${lang})`, async () => {
        const stmts = await body(lang, 'x = ((a));\ny = (f(), g());');
        assert.deepEqual(stmts, [
          { k: 'assign', target: N('x'), value: N('a') },
          { k: 'expr', expr: { k: 'call', callee: N('f'), args: [], isNew: false } },
          { k: 'assign', target: N('y'), value: { k: 'call', callee: N('g'), args: [], isNew: false } },
        ]);
      });

      it(`await and assignment without a statement list (${lang})`, async () => {
        const stmt = (await only(lang, 'async function f(a = (b = 1)) { return await a; }')) as FuncStmt;
        assert.deepEqual(stmt.fn.params[0].default, { k: 'op', op: '=', args: [N('b'), num(1)] });
        assert.deepEqual(stmt.fn.body, [{ k: 'return', value: { k: 'await', expr: N('a') } }]);
      });
    }
  });

  describe('control flow', () => {
    for (const lang of ALL) {
      it(`if / else if / else (${lang})`, async () => {
        assert.deepEqual(await only(lang, 'if (a) b(); else if (c) { d(); } else e();'), {
          k: 'if',
          test: N('a'),
          then: [{ k: 'expr', expr: { k: 'call', callee: N('b'), args: [], isNew: false } }],
          else: [
            {
              k: 'if',
              test: N('c'),
              then: [{ k: 'expr', expr: { k: 'call', callee: N('d'), args: [], isNew: false } }],
              else: [{ k: 'expr', expr: { k: 'call', callee: N('e'), args: [], isNew: false } }],
            },
          ],
        });
      });

      it(`switch becomes an if chain with fallthrough and default (${lang})`, async () => {
        const call = (f: string) => ({ k: 'expr', expr: { k: 'call', callee: N(f), args: [], isNew: false } });
        const eq = (v: number) => ({ k: 'op', op: '==', args: [N('kind'), num(v)] });
        assert.deepEqual(await only(lang, 'switch (kind) { case 1: case 2: f(); break; default: g(); break; case 3: h(); }'), {
          k: 'if',
          test: { k: 'op', op: '||', args: [eq(1), eq(2)] },
          then: [call('f')],
          else: [{ k: 'if', test: eq(3), then: [call('h')], else: [call('g')] }],
        });
      });

      it(`switch on a call evaluates it once (${lang})`, async () => {
        const stmt = (await only(lang, 'switch (next()) { case 1: a(); break; case 2: b(); }')) as IfStmt;
        assert.equal(countKinds(stmt, 'call'), 3); // next() once, a(), b()
      });

      it(`C-style for: init before, update at the end of the body (${lang})`, async () => {
        assert.deepEqual(await body(lang, 'for (let i = 0; i < n; i++) { use(i); }'), [
          { k: 'assign', target: N('i'), value: num(0), declKind: 'let' },
          {
            k: 'loop',
            kind: 'while',
            target: null,
            iter: null,
            test: { k: 'op', op: '<', args: [N('i'), N('n')] },
            body: [
              { k: 'expr', expr: { k: 'call', callee: N('use'), args: [{ kind: 'pos', value: N('i') }], isNew: false } },
              { k: 'expr', expr: { k: 'op', op: '++', args: [N('i')] } },
            ],
            else: [],
            isAsync: false,
          },
        ]);
      });

      it(`for await (const chunk of stream) (${lang})`, async () => {
        const loop = (await only(lang, 'for await (const chunk of stream) { out += chunk.text; }')) as LoopStmt;
        assert.deepEqual(loop, {
          k: 'loop',
          kind: 'for',
          target: N('chunk'),
          iter: N('stream'),
          test: null,
          body: [{ k: 'assign', target: N('out'), value: { k: 'attr', obj: N('chunk'), name: 'text' }, op: '+' }],
          else: [],
          isAsync: true,
          overKeys: false,
        });
      });

      it(`for-in iterates keys, for-of destructures (${lang})`, async () => {
        const [forIn, forOf] = (await body(lang, 'for (k in obj) continue;\nfor (const [k, v] of Object.entries(o)) break;')) as LoopStmt[];
        assert.deepEqual([forIn.kind, forIn.target, forIn.iter, forIn.overKeys, forIn.body], ['for', N('k'), N('obj'), true, [{ k: 'exit', kind: 'continue', value: null }]]);
        assert.deepEqual([forOf.target, forOf.overKeys, forOf.body], [{ k: 'tuple', items: [N('k'), N('v')] }, false, [{ k: 'exit', kind: 'break', value: null }]]);
      });

      it(`while and do-while (${lang})`, async () => {
        const [w, d] = (await body(lang, 'while (x) step();\ndo { step(); } while (y);')) as LoopStmt[];
        assert.deepEqual([w.kind, w.test, w.body.length], ['while', N('x'), 1]);
        assert.deepEqual([d.kind, d.test, d.body.length], ['while', N('y'), 1]);
      });

      it(`try / catch / finally and throw (${lang})`, async () => {
        const t = (await only(lang, "try { a(); } catch ({ message }) { throw new Error(message); } finally { done(); }")) as TryStmt;
        assert.equal(t.k, 'try');
        assert.equal(t.body.length, 1);
        assert.deepEqual(t.handlers, [
          {
            name: { k: 'object', props: [{ key: 'message', value: N('message') }] },
            types: null,
            body: [{ k: 'exit', kind: 'raise', value: { k: 'call', callee: N('Error'), args: [{ kind: 'pos', value: N('message') }], isNew: true } }],
          },
        ]);
        assert.equal(t.finally.length, 1);
        const bare = (await only(lang, 'try {} catch { }')) as TryStmt;
        assert.deepEqual(bare.handlers, [{ name: null, types: null, body: [] }]);
      });

      it(`labelled statements and blocks (${lang})`, async () => {
        assert.deepEqual(await only(lang, 'outer: for (;;) { break outer; }'), {
          k: 'block',
          body: [{ k: 'loop', kind: 'while', target: null, iter: null, test: null, body: [{ k: 'exit', kind: 'break', value: null }], else: [], isAsync: false }],
        });
        assert.deepEqual(await only(lang, '{ let x = 1; }'), { k: 'block', body: [{ k: 'assign', target: N('x'), value: num(1), declKind: 'let' }] });
      });
    }
  });

  describe('JSX', () => {
    for (const lang of JSX) {
      it(`<div dangerouslySetInnerHTML={{ __html: x }} /> (${lang})`, async () => {
        assert.deepEqual(await expr(lang, '<div dangerouslySetInnerHTML={{ __html: x }} />;'), {
          k: 'jsx',
          tag: 'div',
          attrs: [{ name: 'dangerouslySetInnerHTML', value: { k: 'dict', entries: [{ key: '__html', value: N('x') }] } }],
          children: [],
        });
      });

      it(`elements, attributes, children, fragments (${lang})`, async () => {
        const e = (await expr(lang, '<Ui.Card title="t" {...props} disabled onClick={go}>hi {answer} <b>{...parts}</b><></></Ui.Card>;')) as JsxExpr;
        assert.equal(e.tag, 'Ui.Card');
        assert.deepEqual(e.attrs, [
          { name: 'title', value: str('t') },
          { name: null, value: N('props') },
          { name: 'disabled', value: null },
          { name: 'onClick', value: N('go') },
        ]);
        assert.deepEqual(e.children, [
          N('answer'),
          { k: 'jsx', tag: 'b', attrs: [], children: [{ k: 'spread', expr: N('parts') }] },
          { k: 'jsx', tag: '', attrs: [], children: [] },
        ]);
      });
    }
  });

  describe('TypeScript-only syntax', () => {
    for (const lang of TS) {
      it(`drops interfaces, type aliases, declare, enums; namespaces are blocks (${lang})`, async () => {
        const stmts = await body(
          lang,
          "interface I { a: string }\ntype T = string;\ndeclare const z: number;\ndeclare module 'm' {}\nenum E { A = 'a' }\nnamespace N { export const k = 1; }\nabstract class C { abstract m(): void; }",
        );
        assert.deepEqual(stmts, [
          { k: 'block', body: [{ k: 'assign', target: N('k'), value: num(1), declKind: 'const' }] },
          { k: 'class', name: 'C', bases: [], decorators: [], body: [], exported: false },
        ]);
      });

      it(`module blocks and type-only exports (${lang})`, async () => {
        const stmts = await body(lang, "module Legacy { run(); }\nexport namespace X { go(); }\nexport enum E { A }\nexport type { T } from 't';\nexport { type U, v } from 'u';");
        assert.deepEqual(stmts, [
          { k: 'block', body: [{ k: 'expr', expr: { k: 'call', callee: N('run'), args: [], isNew: false } }] },
          { k: 'block', body: [{ k: 'expr', expr: { k: 'call', callee: N('go'), args: [], isNew: false } }] },
          { k: 'import', module: 'u', names: [{ imported: 'v', local: '' }] },
        ]);
      });

      it(`unwraps as, satisfies, non-null and generic calls (${lang})`, async () => {
        const stmts = (await body(lang, 'a as string; cfg satisfies Config; el!.innerHTML; f<T>(x); (x as any).y = 1;')) as Stmt[];
        assert.deepEqual(stmts, [
          { k: 'expr', expr: N('a') },
          { k: 'expr', expr: N('cfg') },
          { k: 'expr', expr: { k: 'attr', obj: N('el'), name: 'innerHTML' } },
          { k: 'expr', expr: { k: 'call', callee: N('f'), args: [{ kind: 'pos', value: N('x') }], isNew: false } },
          { k: 'assign', target: { k: 'attr', obj: N('x'), name: 'y' }, value: num(1) },
        ]);
      });

      it(`variable annotations are dropped (${lang})`, async () => {
        assert.deepEqual(await only(lang, 'const x: Record<string, number> = {};'), { k: 'assign', target: N('x'), value: { k: 'dict', entries: [] }, declKind: 'const' });
      });
    }

    it('unwraps <T>x type assertions (typescript)', async () => {
      assert.deepEqual(await expr('typescript', '<string>value;'), N('value'));
    });
  });

  describe('comments and spans', () => {
    for (const lang of ALL) {
      it(`collects every comment with its span (${lang})`, async () => {
        const text = '// llmsec-ignore: rule\nconst a = 1; /* block */\nfunction f() { /** doc */ return a; }\n';
        const ir = await lower(lang, text);
        assert.deepEqual(
          ir.comments.map((c) => c.text),
          ['// llmsec-ignore: rule', '/* block */', '/** doc */'],
        );
        for (const c of ir.comments) assert.equal(text.slice(c.span.start, c.span.end), c.text);
        assert.equal(ir.body.length, 2);
      });

      it(`spans are UTF-16 offsets (${lang})`, async () => {
        const text = 'const s = "héllo 😀";\ncall(s);';
        const ir = await lower(lang, text);
        const stmt = ir.body[1] as ExprStmt;
        assert.deepEqual(stmt.expr.span, { start: text.indexOf('call'), end: text.indexOf(';', text.indexOf('call')) });
        assert.deepEqual(strip((ir.body[0] as AssignStmt).value), str('héllo 😀'));
      });
    }

    for (const lang of JSX) {
      it(`JSX comments are comments (${lang})`, async () => {
        const ir = await lower(lang, 'x = <div>{/* note */}</div>;');
        assert.deepEqual(ir.comments.map((c) => c.text), ['/* note */']);
        assert.deepEqual(strip((ir.body[0] as AssignStmt).value), { k: 'jsx', tag: 'div', attrs: [], children: [] });
      });
    }
  });

  describe('syntax errors', () => {
    for (const lang of ALL) {
      it(`a syntax error in the middle keeps the statements around it (${lang})`, async () => {
        const text = 'const a = source();\nfunction broken( {\nconst b = 2;\nsink(a);\n';
        const ir = await lower(lang, text);
        assert.ok(ir.syntaxErrors.length > 0);
        const stripped = strip(ir.body);
        assert.deepEqual(stripped[0], { k: 'assign', target: N('a'), value: { k: 'call', callee: N('source'), args: [], isNew: false }, declKind: 'const' });
        // The call after the error is still there, wherever recovery put it.
        assert.equal(JSON.stringify(stripped).includes('"name":"sink"'), true);
      });

      it(`stray tokens between good statements (${lang})`, async () => {
        const text = 'before();\n) oops (\nafter(x);\n';
        const ir = await lower(lang, text);
        assert.ok(ir.syntaxErrors.length > 0);
        for (const e of ir.syntaxErrors) assert.ok(e.start >= 0 && e.end <= text.length && e.start <= e.end);
        assert.deepEqual(strip(ir.body), [
          { k: 'expr', expr: { k: 'call', callee: N('before'), args: [], isNew: false } },
          { k: 'expr', expr: N('oops') },
          { k: 'expr', expr: { k: 'call', callee: N('after'), args: [{ kind: 'pos', value: N('x') }], isNew: false } },
        ]);
      });

      it(`a broken argument list keeps its arguments (${lang})`, async () => {
        assert.deepEqual(await body(lang, 'foo(a b c);\nafter();'), [
          { k: 'expr', expr: { k: 'call', callee: N('foo'), args: [{ kind: 'pos', value: N('a') }, { kind: 'pos', value: { k: 'unknown', children: [N('b'), N('c')] } }], isNew: false } },
          { k: 'expr', expr: { k: 'call', callee: N('after'), args: [], isNew: false } },
        ]);
      });

      it(`recognisable code inside ERROR nodes is lowered (${lang})`, async () => {
        const ir = await lower(lang, 'const b = g(\nclass X { m() { el.innerHTML = html; } }\n');
        assert.ok(ir.syntaxErrors.length > 0);
        const json = JSON.stringify(strip(ir.body));
        assert.ok(json.includes('"name":"innerHTML"'), json);
        assert.ok(json.includes('"name":"html"'), json);
      });

      it(`missing tokens are reported as zero-width errors (${lang})`, async () => {
        const ir = await lower(lang, 'function f() {\n  foo(;\n}\n');
        assert.ok(ir.syntaxErrors.some((e) => e.start === e.end || e.end > e.start));
        assert.equal(JSON.stringify(strip(ir.body)).includes('"name":"foo"'), true);
      });
    }
  });

  describe('robustness', () => {
    const deep = 50_000;
    const inputs: [string, string][] = [
      ['nested parens', 'x = ' + '('.repeat(deep) + '1' + ')'.repeat(deep) + ';'],
      ['nested arrays', 'x = ' + '['.repeat(deep) + ']'.repeat(deep) + ';'],
      ['nested blocks', '{'.repeat(deep) + '}'.repeat(deep)],
      ['nested calls', 'a' + '(b'.repeat(deep) + ')'.repeat(deep) + ';'],
      ['nested objects', 'x = ' + '{a: '.repeat(deep) + '1' + '}'.repeat(deep) + ';'],
      ['unclosed brackets', 'f(' + '['.repeat(deep)],
      ['long else-if chain', 'if (a) b(); else '.repeat(10_000) + 'c();'],
      ['long concatenation', 'x = ' + Array.from({ length: deep }, (_, i) => `a${i}`).join(' + ') + ';'],
    ];
    it('a deep TS qualified name in import = returns without throwing', async () => {
      const ir = await lower('typescript', 'import a = b' + '.c'.repeat(deep) + ';\nafter();');
      assert.deepEqual(ir.body.map((s) => s.k), ['assign', 'expr']);
      assert.ok(depthOf(ir.body) <= 4 * MAX_DEPTH + 20);
    });

    for (const [label, text] of inputs) {
      it(`${label} returns without throwing, IR depth bounded`, async function () {
        this.timeout(60_000);
        for (const lang of ALL) {
          const ir = await lower(lang, text);
          assert.ok(ir.body.length >= 1, `${label} ${lang}: no statements`);
          // Each lowering level adds at most a few object levels (call -> args -> arg -> value).
          assert.ok(depthOf(ir.body) <= 4 * MAX_DEPTH + 20, `${label} ${lang}: depth ${depthOf(ir.body)}`);
        }
      });
    }

    it('the depth bound cuts deep expressions to unknown', async () => {
      const ir = await lower('javascript', 'x = ' + '['.repeat(1000) + ']'.repeat(1000) + ';');
      let cur: Expr = (ir.body[0] as AssignStmt).value;
      let levels = 0;
      while (cur.k === 'seq' && cur.items.length > 0) {
        cur = cur.items[0];
        levels++;
      }
      assert.equal(cur.k, 'unknown');
      assert.ok(levels > 300 && levels < MAX_DEPTH, `levels ${levels}`);
    });

    it('never throws on arbitrary token soup', async function () {
      this.timeout(60_000);
      const tokens = ['(', ')', '{', '}', '[', ']', '<', '>', '/>', '</', '`', '${', "'", '"', '/', '*', ';', ',', '=', '=>', '.', '?.', '!', 'a', 'f', 'class', 'function', 'async', 'await', 'yield', 'import', 'export', 'from', 'const', 'let', 'if', 'else', 'switch', 'case', 'default', ':', 'for', 'of', 'in', 'new', 'as', 'type', '@', '#x', '1', '\n', ' ', '//', '/*', '*/'];
      const soup = fc.array(fc.constantFrom(...tokens), { maxLength: 80 }).map((parts) => parts.join(' '));
      await fc.assert(
        fc.asyncProperty(soup, fc.constantFrom(...ALL), async (text, lang) => {
          const ir = await lower(lang, text);
          assert.ok(Array.isArray(ir.body));
          for (const e of ir.syntaxErrors) assert.ok(e.start >= 0 && e.end <= text.length);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('timing (printed, not asserted)', () => {
    it('~10,000-line TypeScript file and ~2 MB minified JavaScript line', async function () {
      this.timeout(120_000);
      const ts = generateTypeScript(10_000);
      const lines = ts.split('\n').length;
      const tsTiming = await timeLowering('typescript', ts);
      console.log(`      ${lines} lines of TypeScript (${(ts.length / 1e6).toFixed(2)} MB): parse ${tsTiming.parse}, lower ${tsTiming.lower}, ${tsTiming.statements} top-level statements`);
      assert.ok(tsTiming.statements > 1000);

      // Minify generated TypeScript into one line of about 2 MB.
      let js = '';
      for (let lines = 90_000; js.length < 2_000_000; lines = Math.ceil((lines * 2_050_000) / js.length)) {
        js = transformSync(generateTypeScript(lines), { loader: 'ts', minify: true }).code.replace(/\n/g, ';');
      }
      const jsTiming = await timeLowering('javascript', js);
      console.log(`      minified JavaScript, one line of ${(js.length / 1e6).toFixed(2)} MB: parse ${jsTiming.parse}, lower ${jsTiming.lower}, ${jsTiming.statements} top-level statements`);
      assert.ok(jsTiming.statements > 0);
    });
  });
});

/** Wall-clock and CPU milliseconds (CPU time is steadier on a busy machine). */
async function timeLowering(lang: JsLanguage, text: string): Promise<{ parse: string; lower: string; statements: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const tree = await parse(lang, text, { timeoutMs: 120_000 });
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const ir = lowerJavaScript(tree.rootNode, text, lang);
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  tree.delete();
  const cpu = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => Math.round((b.user - a.user + b.system - a.system) / 1000);
  return {
    parse: `${Math.round(t1 - t0)} ms wall / ${cpu(c0, c1)} ms CPU`,
    lower: `${Math.round(t2 - t1)} ms wall / ${cpu(c1, c2)} ms CPU`,
    statements: ir.body.length,
  };
}

/** Realistic TypeScript: imports, classes, async handlers, LLM calls, JSX-free. 50 lines per block. */
function generateTypeScript(targetLines: number): string {
  const out: string[] = ["import OpenAI from 'openai';", "import { z } from 'zod';", "import type { Request, Response } from 'express';"];
  for (let i = 0; out.length < targetLines; i++) {
    out.push(
      `// block ${i}: a service, a handler and helpers`,
      `export interface Options${i} { model: string; temperature?: number }`,
      `const schema${i} = z.object({ q: z.string().min(1), n: z.number().optional() });`,
      `export class Service${i} {`,
      `  private client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });`,
      `  static instances = 0;`,
      `  constructor(private readonly options: Options${i}) {}`,
      `  async ask(question: string): Promise<string> {`,
      `    const res = await this.client.chat.completions.create({`,
      `      model: this.options.model,`,
      `      messages: [{ role: 'user', content: \`Answer briefly: \${question}\` }],`,
      `    });`,
      `    return res.choices[0]?.message?.content ?? '';`,
      `  }`,
      `  get count(): number { return Service${i}.instances; }`,
      `}`,
      `export async function handler${i}(req: Request, res: Response) {`,
      `  const { q, n = 3 } = schema${i}.parse(req.body);`,
      `  const svc = new Service${i}({ model: 'gpt-4o-mini' });`,
      `  let answer = '';`,
      `  for (let k = 0; k < n; k++) {`,
      `    answer += await svc.ask(q + k);`,
      `  }`,
      `  switch (answer.length % 3) {`,
      `    case 0: res.status(200); break;`,
      `    case 1: res.status(201); break;`,
      `    default: res.status(202);`,
      `  }`,
      `  try {`,
      `    res.json({ answer, at: Date.now() });`,
      `  } catch (err) {`,
      `    console.error(err as Error);`,
      `    throw new Error('failed ' + String(err));`,
      `  }`,
      `}`,
      `export const helper${i} = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) * ${i};`,
      `function* ids${i}() { let j = 0; while (true) yield j++; }`,
      `const table${i}: Record<string, number> = { a: 1, b: 2, ['c' + ${i}]: 3, ...{ d: 4 } };`,
      `for (const [key, value] of Object.entries(table${i})) {`,
      `  if (value > 2 && key !== 'a') { table${i}[key] = value * 2; } else if (value === 1) { delete table${i}[key]; }`,
      `}`,
      `type Alias${i} = { id: number } | null;`,
      `const maybe${i}: Alias${i} = Math.random() > 0.5 ? { id: ${i} } : null;`,
      `const id${i} = maybe${i}?.id ?? -1;`,
      `const text${i} = [1, 2, 3].map((v) => \`item \${v} of ${i}\`).join(', ');`,
      `label${i}: for (const ch of text${i}) { if (ch === ',') break label${i}; }`,
      `export default ${i === 0 ? 'handler0' : `{}`};`.replace('export default {};', `void ids${i};`),
      `/* end of block ${i} */`,
      ``,
    );
  }
  return out.join('\n');
}
