/* eslint-disable @typescript-eslint/no-explicit-any -- the tests reach into span-stripped IR shapes by property */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lowerPython } from '../src/engine/lower/python';
import { parse } from '../src/engine/parser';
import type { Expr, FuncStmt, ModuleIR, Stmt } from '../src/engine/ir';

async function lower(src: string): Promise<ModuleIR> {
  const tree = await parse('python', src, { timeoutMs: 60_000 });
  try {
    return lowerPython(tree.rootNode, src);
  } finally {
    tree.delete();
  }
}

/** Deep copy without span fields, for comparing shapes. */
function strip(value: unknown): any {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'span' && k !== 'nameSpan') out[k] = strip(v);
    return out;
  }
  return value;
}

async function stmts(src: string): Promise<any[]> {
  return strip((await lower(src)).body);
}

/** The expression of a one-statement file `src`. */
async function expr(src: string): Promise<any> {
  const body = (await lower(src)).body;
  assert.equal(body.length, 1, `one statement from ${JSON.stringify(src)}`);
  assert.equal(body[0].k, 'expr');
  return strip((body[0] as Extract<Stmt, { k: 'expr' }>).expr);
}

const name = (n: string) => ({ k: 'name', name: n });
const num = (v: number) => ({ k: 'lit', kind: 'number', value: v });
const str = (v: string) => ({ k: 'str', value: v, parts: [], literalText: v });
const attr = (obj: unknown, n: string) => ({ k: 'attr', obj, name: n });
const pos = (value: unknown) => ({ kind: 'pos', value });
const call = (callee: unknown, ...args: unknown[]) => ({ k: 'call', callee, args, isNew: false });
const assign = (target: unknown, value: unknown) => ({ k: 'assign', target, value });

/** Maximum nesting of objects/arrays, computed without recursion. */
function depthOf(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (d > max) max = d;
    if (v && typeof v === 'object') for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/** Every span in the IR lies inside the text. */
function assertSpansInside(ir: ModuleIR, length: number): void {
  const stack: unknown[] = [ir];
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== 'object') continue;
    const o = v as Record<string, unknown>;
    for (const key of ['span', 'nameSpan']) {
      const s = o[key] as { start: number; end: number } | undefined;
      if (s && typeof s.start === 'number') {
        assert.ok(s.start >= 0 && s.start <= s.end && s.end <= length, `span ${JSON.stringify(s)} outside 0..${length}`);
      }
    }
    for (const child of Object.values(o)) if (child && typeof child === 'object') stack.push(child);
  }
}

describe('lowerPython', () => {
  describe('imports', () => {
    it('import a.b as c binds c to module a.b', async () => {
      assert.deepEqual(await stmts('import a.b as c'), [{ k: 'import', module: 'a.b', names: [{ imported: null, local: 'c' }] }]);
    });

    it('import os.path binds os, module os.path; several names give several statements', async () => {
      assert.deepEqual(await stmts('import os.path, sys'), [
        { k: 'import', module: 'os.path', names: [{ imported: null, local: 'os' }] },
        { k: 'import', module: 'sys', names: [{ imported: null, local: 'sys' }] },
      ]);
    });

    it('from openai import OpenAI as O', async () => {
      const ir = await lower('from openai import OpenAI as O, AsyncOpenAI');
      assert.deepEqual(strip(ir.body), [
        { k: 'import', module: 'openai', names: [{ imported: 'OpenAI', local: 'O' }, { imported: 'AsyncOpenAI', local: 'AsyncOpenAI' }] },
      ]);
      const stmt = ir.body[0] as Extract<Stmt, { k: 'import' }>;
      assert.deepEqual(stmt.span, { start: 0, end: 43 });
      assert.deepEqual(stmt.names[0].span, { start: 19, end: 30 });
    });

    it('relative, parenthesised, wildcard and __future__ imports', async () => {
      assert.deepEqual(await stmts('from . import x\nfrom ..pkg.mod import (y as z,)\nfrom m import *\nfrom __future__ import annotations'), [
        { k: 'import', module: '.', names: [{ imported: 'x', local: 'x' }] },
        { k: 'import', module: '..pkg.mod', names: [{ imported: 'y', local: 'z' }] },
        { k: 'import', module: 'm', names: [{ imported: '*', local: '*' }] },
        { k: 'import', module: '__future__', names: [{ imported: 'annotations', local: 'annotations' }] },
      ]);
    });
  });

  describe('assignments', () => {
    it('plain, annotated, and annotation-only (omitted)', async () => {
      assert.deepEqual(await stmts('x = 1\ny: int = f()\nz: str'), [assign(name('x'), num(1)), assign(name('y'), call(name('f')))]);
    });

    it('augmented assignment keeps the operator', async () => {
      assert.deepEqual(await stmts('x += 1\ny //= 2\nz **= w'), [
        { ...assign(name('x'), num(1)), op: '+' },
        { ...assign(name('y'), num(2)), op: '//' },
        { ...assign(name('z'), name('w')), op: '**' },
      ]);
    });

    it('chained a = b = v evaluates v once and reads it back for later targets', async () => {
      assert.deepEqual(await stmts('a = b.c = make()'), [
        assign(name('a'), call(name('make'))),
        assign({ k: 'attr', obj: name('b'), name: 'c' }, name('a')),
      ]);
    });

    it('tuple, star and list unpacking', async () => {
      assert.deepEqual(await stmts('a, *rest = xs\n[p, (q, r)] = ys\nfirst, = zs'), [
        assign({ k: 'tuple', items: [name('a'), { k: 'rest', target: name('rest') }] }, name('xs')),
        assign({ k: 'tuple', items: [name('p'), { k: 'tuple', items: [name('q'), name('r')] }] }, name('ys')),
        assign({ k: 'tuple', items: [name('first')] }, name('zs')),
      ]);
    });

    it('tuple values become tuple sequences', async () => {
      assert.deepEqual(await stmts('a, b = 1, 2'), [
        assign({ k: 'tuple', items: [name('a'), name('b')] }, { k: 'seq', kind: 'tuple', items: [num(1), num(2)] }),
      ]);
    });

    it('attribute and subscript targets', async () => {
      assert.deepEqual(await stmts('self.client = c\nd["k"][i] = v'), [
        assign({ k: 'attr', obj: name('self'), name: 'client' }, name('c')),
        assign({ k: 'index', obj: { k: 'index', obj: name('d'), index: str('k') }, index: name('i') }, name('v')),
      ]);
    });

    it('an assigned yield is an op yield value', async () => {
      const [fn] = await stmts('def g():\n    x = yield 1');
      assert.deepEqual(fn.fn.body, [assign(name('x'), { k: 'op', op: 'yield', args: [num(1)] })]);
      assert.equal(fn.fn.isGenerator, true);
    });
  });

  describe('walrus', () => {
    it('is hoisted before an if and read by name in the test', async () => {
      const ir = await lower('if (n := len(a)) > 10:\n    use(n)');
      assert.deepEqual(strip(ir.body), [
        assign(name('n'), call(name('len'), pos(name('a')))),
        { k: 'if', test: { k: 'op', op: '>', args: [name('n'), num(10)] }, then: [{ k: 'expr', expr: call(name('use'), pos(name('n'))) }], else: [] },
      ]);
      // The read stands for the whole walrus expression.
      const test = (ir.body[1] as Extract<Stmt, { k: 'if' }>).test as Extract<Expr, { k: 'op' }>;
      assert.deepEqual(test.args[0].span, { start: 4, end: 15 });
    });

    it('in an elif is hoisted into the else branch, before the nested if', async () => {
      const [ifStmt] = await stmts('if a:\n    pass\nelif m := match(x):\n    pass');
      assert.deepEqual(ifStmt.else, [assign(name('m'), call(name('match'), pos(name('x')))), { k: 'if', test: name('m'), then: [], else: [] }]);
    });

    it('stays an operator in a while test and in comprehensions', async () => {
      const [loop] = await stmts('while (chunk := f.read()):\n    pass');
      assert.deepEqual(loop.test, { k: 'op', op: ':=', args: [name('chunk'), call(attr(name('f'), 'read'))] });
      const comp = await expr('[y for x in xs if (y := g(x))]');
      assert.deepEqual(comp.generators[0].conds, [{ k: 'op', op: ':=', args: [name('y'), call(name('g'), pos(name('x')))] }]);
    });

    it('nested walruses hoist innermost first', async () => {
      assert.deepEqual(await stmts('print(a := (b := 1))'), [
        assign(name('b'), num(1)),
        assign(name('a'), name('b')),
        { k: 'expr', expr: call(name('print'), pos(name('a'))) },
      ]);
    });
  });

  describe('functions', () => {
    it('async def with decorators like @app.get("/x") and every kind of parameter', async () => {
      const src = '@app.get("/x")\n@login_required\nasync def handler(request: Request, a, /, b=1, *args, c: int, d: str = "x", **kw) -> dict:\n    return a';
      const ir = await lower(src);
      const fn = (ir.body[0] as FuncStmt).fn;
      assert.equal(fn.name, 'handler');
      assert.equal(fn.isAsync, true);
      assert.equal(fn.isGenerator, false);
      assert.equal(fn.isMethod, false);
      assert.equal(fn.exported, true);
      assert.deepEqual(fn.span, { start: 0, end: src.length });
      assert.equal(src.slice(fn.nameSpan!.start, fn.nameSpan!.end), 'handler');
      assert.deepEqual(strip(fn.decorators), [call(attr(name('app'), 'get'), pos(str('/x'))), name('login_required')]);
      assert.deepEqual(strip(fn.params), [
        { pattern: name('request'), kind: 'pos', annotation: 'Request' },
        { pattern: name('a'), kind: 'pos' },
        { pattern: name('b'), kind: 'pos', default: num(1) },
        { pattern: name('args'), kind: 'star' },
        { pattern: name('c'), kind: 'kwonly', annotation: 'int' },
        { pattern: name('d'), kind: 'kwonly', default: str('x'), annotation: 'str' },
        { pattern: name('kw'), kind: 'starstar' },
      ]);
      assert.deepEqual(strip(fn.body), [{ k: 'return', value: name('a') }]);
    });

    it('module-level definitions are exported, also inside module-level if / try blocks', async () => {
      const [guard] = await stmts('if TYPE_CHECKING:\n    def f(): pass\n    class K: pass');
      assert.deepEqual(guard.then.map((s: any) => [s.k, s.k === 'func' ? s.fn.exported : s.exported]), [['func', true], ['class', true]]);
      const [outer] = await stmts('def outer():\n    class Local: pass');
      assert.equal(outer.fn.body[0].exported, false);
    });

    it('a bare * makes the following parameters keyword-only', async () => {
      const [fn] = await stmts('def f(a, *, b, c=2): pass');
      assert.deepEqual(fn.fn.params.map((p: any) => [p.pattern.name, p.kind]), [['a', 'pos'], ['b', 'kwonly'], ['c', 'kwonly']]);
    });

    it('yield and yield from are op yield statements and mark only their own function', async () => {
      const [outer] = await stmts('def outer():\n    def inner():\n        yield x\n        yield from ys\n        yield\n    return inner');
      assert.equal(outer.fn.isGenerator, false);
      const inner = outer.fn.body[0].fn;
      assert.equal(inner.isGenerator, true);
      assert.deepEqual(inner.body, [
        { k: 'expr', expr: { k: 'op', op: 'yield', args: [name('x')] } },
        { k: 'expr', expr: { k: 'op', op: 'yield', args: [name('ys')] } },
        { k: 'expr', expr: { k: 'op', op: 'yield', args: [] } },
      ]);
      assert.equal(inner.exported, false);
    });

    it('lambda is a FuncExpr returning its body', async () => {
      assert.deepEqual(await expr('lambda x, y=1, *a, **k: x + y'), {
        k: 'func',
        fn: {
          name: null,
          params: [
            { pattern: name('x'), kind: 'pos' },
            { pattern: name('y'), kind: 'pos', default: num(1) },
            { pattern: name('a'), kind: 'star' },
            { pattern: name('k'), kind: 'starstar' },
          ],
          body: [{ k: 'return', value: { k: 'op', op: '+', args: [name('x'), name('y')] } }],
          decorators: [],
          isAsync: false,
          isGenerator: false,
          exported: false,
          isMethod: false,
        },
      });
    });
  });

  describe('classes', () => {
    it('bases, decorators, methods and class-level assignments as self fields', async () => {
      const src = '@dataclass\nclass Bot(Base, mixins.Tool, metaclass=Meta):\n    model: str = "gpt-4o"\n    client = OpenAI()\n    @staticmethod\n    def run(self, q):\n        return self.client.chat(q)\n    def _helper(self): pass';
      const [cls] = await stmts(src);
      assert.equal(cls.k, 'class');
      assert.equal(cls.name, 'Bot');
      assert.equal(cls.exported, true);
      assert.deepEqual(cls.bases, [name('Base'), attr(name('mixins'), 'Tool')]);
      assert.deepEqual(cls.decorators, [name('dataclass')]);
      assert.deepEqual(cls.body.slice(0, 2), [
        assign({ k: 'attr', obj: name('self'), name: 'model' }, str('gpt-4o')),
        assign({ k: 'attr', obj: name('self'), name: 'client' }, call(name('OpenAI'))),
      ]);
      const methods = cls.body.slice(2);
      assert.deepEqual(methods.map((m: any) => [m.k, m.fn.name, m.fn.isMethod, m.fn.exported]), [
        ['func', 'run', true, false],
        ['func', '_helper', true, false],
      ]);
      assert.deepEqual(methods[0].fn.decorators, [name('staticmethod')]);
    });

    it('functions nested in methods are not methods; assignments in methods stay locals', async () => {
      const [cls] = await stmts('class C:\n    def m(self):\n        x = 1\n        def inner(): pass');
      const m = cls.body[0].fn;
      assert.deepEqual(m.body[0], assign(name('x'), num(1)));
      assert.equal(m.body[1].fn.isMethod, false);
    });
  });

  describe('control flow', () => {
    it('if / elif / else nests each elif in the else branch', async () => {
      const ir = await lower('if a:\n    f()\nelif b:\n    g()\nelse:\n    h()');
      assert.deepEqual(strip(ir.body), [
        {
          k: 'if',
          test: name('a'),
          then: [{ k: 'expr', expr: call(name('f')) }],
          else: [{ k: 'if', test: name('b'), then: [{ k: 'expr', expr: call(name('g')) }], else: [{ k: 'expr', expr: call(name('h')) }] }],
        },
      ]);
      const elif = (ir.body[0] as Extract<Stmt, { k: 'if' }>).else[0];
      assert.equal(elif.span.start, 14);
    });

    it('for / else with break and continue, async for, while / else', async () => {
      assert.deepEqual(await stmts('for k, v in d.items():\n    continue\nelse:\n    break\nasync for x in stream:\n    pass\nwhile ok:\n    pass\nelse:\n    done()'), [
        {
          k: 'loop',
          kind: 'for',
          target: { k: 'tuple', items: [name('k'), name('v')] },
          iter: call(attr(name('d'), 'items')),
          test: null,
          body: [{ k: 'exit', kind: 'continue', value: null }],
          else: [{ k: 'exit', kind: 'break', value: null }],
          isAsync: false,
        },
        { k: 'loop', kind: 'for', target: name('x'), iter: name('stream'), test: null, body: [], else: [], isAsync: true },
        { k: 'loop', kind: 'while', target: null, iter: null, test: name('ok'), body: [], else: [{ k: 'expr', expr: call(name('done')) }], isAsync: false },
      ]);
    });

    it('try / except as / bare except / else / finally, raise from', async () => {
      const src = 'try:\n    a()\nexcept (ValueError, KeyError) as e:\n    raise HTTPException(500) from e\nexcept OSError:\n    raise\nexcept:\n    pass\nelse:\n    b()\nfinally:\n    c()';
      assert.deepEqual(await stmts(src), [
        {
          k: 'try',
          body: [{ k: 'expr', expr: call(name('a')) }],
          handlers: [
            {
              name: name('e'),
              types: { k: 'seq', kind: 'tuple', items: [name('ValueError'), name('KeyError')] },
              body: [{ k: 'exit', kind: 'raise', value: call(name('HTTPException'), pos(num(500))) }],
            },
            { name: null, types: name('OSError'), body: [{ k: 'exit', kind: 'raise', value: null }] },
            { name: null, types: null, body: [] },
          ],
          else: [{ k: 'expr', expr: call(name('b')) }],
          finally: [{ k: 'expr', expr: call(name('c')) }],
        },
      ]);
    });

    it('with and async with, several items, parenthesised items', async () => {
      assert.deepEqual(await stmts('with open(p) as fh, lock:\n    pass\nasync with (s.get(u) as r, t as (a, b)):\n    pass'), [
        { k: 'with', items: [{ value: call(name('open'), pos(name('p'))), target: name('fh') }, { value: name('lock'), target: null }], body: [] },
        {
          k: 'with',
          items: [
            { value: call(attr(name('s'), 'get'), pos(name('u'))), target: name('r') },
            { value: name('t'), target: { k: 'tuple', items: [name('a'), name('b')] } },
          ],
          body: [],
        },
      ]);
    });

    it('return with and without a value; return of a tuple', async () => {
      const [fn] = await stmts('def f():\n    return\n    return 1, x');
      assert.deepEqual(fn.fn.body, [
        { k: 'return', value: null },
        { k: 'return', value: { k: 'seq', kind: 'tuple', items: [num(1), name('x')] } },
      ]);
    });

    it('assert becomes if not test: raise message', async () => {
      const ir = await lower('assert is_safe(x), "unsafe"');
      assert.deepEqual(strip(ir.body), [
        { k: 'if', test: { k: 'op', op: 'not', args: [call(name('is_safe'), pos(name('x')))] }, then: [{ k: 'exit', kind: 'raise', value: str('unsafe') }], else: [] },
      ]);
    });

    it('del, global, nonlocal and pass produce nothing', async () => {
      assert.deepEqual(await stmts('del x\nglobal g\nnonlocal h\npass\ntype Alias = int'), []);
    });

    it('match / case becomes a chain of ifs over the subject and pattern, binding captures', async () => {
      const src = 'match cmd:\n    case [x, y] if x > 0:\n        go(x)\n    case Point(x=0) | None:\n        stop()\n    case _:\n        other()';
      const [captureX, captureY, first] = await stmts(src);
      assert.deepEqual(captureX, assign(name('x'), { k: 'unknown', children: [name('cmd')] }));
      assert.deepEqual(captureY, assign(name('y'), { k: 'unknown', children: [name('cmd')] }));
      assert.equal(first.k, 'if');
      assert.deepEqual(first.test, { k: 'op', op: 'and', args: [{ k: 'unknown', children: [name('cmd')] }, { k: 'op', op: '>', args: [name('x'), num(0)] }] });
      assert.deepEqual(first.then, [{ k: 'expr', expr: call(name('go'), pos(name('x'))) }]);
      assert.deepEqual(first.else, [
        {
          k: 'if',
          test: { k: 'unknown', children: [name('cmd'), name('Point'), num(0), { k: 'lit', kind: 'null', value: null }] },
          then: [{ k: 'expr', expr: call(name('stop')) }],
          else: [{ k: 'expr', expr: call(name('other')) }],
        },
      ]);
    });

    it('a match subject with a call is evaluated once', async () => {
      const body = await stmts('match get():\n    case 1:\n        a()\n    case 2:\n        b()');
      const calls = JSON.stringify(body).split('"callee":{"k":"name","name":"get"}').length - 1;
      assert.equal(calls, 1);
      assert.equal(body[0].k, 'assign');
      assert.equal(body[1].k, 'if');
      assert.deepEqual(body[1].test.children[0], body[0].target);
    });
  });

  describe('expressions', () => {
    it('r.choices[0].message.content', async () => {
      const src = 'r.choices[0].message.content';
      const ir = await lower(src);
      assert.deepEqual(strip(ir.body), [{ k: 'expr', expr: attr(attr({ k: 'index', obj: attr(name('r'), 'choices'), index: num(0) }, 'message'), 'content') }]);
      const content = (ir.body[0] as Extract<Stmt, { k: 'expr' }>).expr as Extract<Expr, { k: 'attr' }>;
      assert.deepEqual(content.nameSpan, { start: 21, end: 28 });
      assert.deepEqual(content.span, { start: 0, end: 28 });
    });

    it('calls with positional, keyword, *args and **kwargs, and a generator argument', async () => {
      assert.deepEqual(await expr('client.chat.completions.create(m, model="gpt-4o", *extra, **opts)'), call(
        attr(attr(attr(name('client'), 'chat'), 'completions'), 'create'),
        pos(name('m')),
        { kind: 'kw', name: 'model', value: str('gpt-4o') },
        { kind: 'star', value: name('extra') },
        { kind: 'starstar', value: name('opts') },
      ));
      assert.deepEqual(await expr('sum(x for x in xs)'), call(name('sum'), pos({ k: 'comp', elt: name('x'), generators: [{ target: name('x'), iter: name('xs'), conds: [] }] })));
    });

    it('slices are unknown indexes over their bounds', async () => {
      assert.deepEqual(await expr('text[:limit]'), { k: 'index', obj: name('text'), index: { k: 'unknown', children: [name('limit')] } });
      assert.deepEqual(await expr('a[1:2, i]'), { k: 'index', obj: name('a'), index: { k: 'seq', kind: 'tuple', items: [{ k: 'unknown', children: [num(1), num(2)] }, name('i')] } });
    });

    it('f-strings: parts are the interpolations, nested format specs included; literalText the constant text', async () => {
      assert.deepEqual(await expr('f"Hello {user.name!r:>{width}} and {{braces}} {f(x)=}"'), {
        k: 'str',
        value: null,
        parts: [attr(name('user'), 'name'), name('width'), call(name('f'), pos(name('x')))],
        literalText: 'Hello  and {braces} ',
      });
      const nested = await expr(`f"{f'{inner}'}"`);
      assert.deepEqual(nested.parts, [{ k: 'str', value: null, parts: [name('inner')], literalText: '' }]);
      assert.deepEqual(await expr('f"constant"'), { k: 'str', value: null, parts: [], literalText: 'constant' });
    });

    it('plain strings: escapes decoded, raw and bytes prefixes, triple quotes', async () => {
      assert.deepEqual(await expr(String.raw`"a\tb\n\x41\101\u00e9\\ \N{DASH}"`), str('a\tb\nAAé\\ \\N{DASH}'));
      assert.deepEqual(await expr(String.raw`r"\d+\n"`), str(String.raw`\d+\n`));
      assert.deepEqual(await expr(String.raw`b"\x00\u1234"`), str('\x00\\u1234'));
      assert.deepEqual(await expr('"""line1\nline2"""'), str('line1\nline2'));
      assert.deepEqual(await expr("u'ok'"), str('ok'));
      assert.deepEqual(await expr('"cont\\\ninued"'), str('continued'));
    });

    it('implicit concatenation is one StrExpr, formatted when any piece is', async () => {
      assert.deepEqual(await expr('"https://" "api.example.com"'), str('https://api.example.com'));
      assert.deepEqual(await expr('"https://" f"{host}/v1"'), { k: 'str', value: null, parts: [name('host')], literalText: 'https:///v1' });
    });

    it('% formatting is an op', async () => {
      assert.deepEqual(await expr('"SELECT %s" % q'), { k: 'op', op: '%', args: [str('SELECT %s'), name('q')] });
    });

    it('numbers, booleans, None and Ellipsis', async () => {
      const body = await stmts('1\n2.5\n0x1F\n1_000\n3j\nTrue\nFalse\nNone\n...');
      assert.deepEqual(body.map((s: any) => s.expr), [
        num(1),
        num(2.5),
        num(31),
        num(1000),
        { k: 'lit', kind: 'number', value: '3j' },
        { k: 'lit', kind: 'bool', value: true },
        { k: 'lit', kind: 'bool', value: false },
        { k: 'lit', kind: 'null', value: null },
        { k: 'lit', kind: 'other', value: '...' },
      ]);
    });

    it('lists, tuples and sets with starred items', async () => {
      assert.deepEqual(await expr('[1, *a]'), { k: 'seq', kind: 'list', items: [num(1), { k: 'spread', expr: name('a') }] });
      assert.deepEqual(await expr('(1,)'), { k: 'seq', kind: 'tuple', items: [num(1)] });
      assert.deepEqual(await expr('()'), { k: 'seq', kind: 'tuple', items: [] });
      assert.deepEqual(await expr('{a, *b}'), { k: 'seq', kind: 'set', items: [name('a'), { k: 'spread', expr: name('b') }] });
    });

    it('dicts: static string and number keys, computed keys, **spread', async () => {
      assert.deepEqual(await expr('{"role": "user", 1: x, k: v, **extra}'), {
        k: 'dict',
        entries: [
          { key: 'role', value: str('user') },
          { key: '1', value: name('x') },
          { key: null, keyExpr: name('k'), value: name('v') },
          { key: null, value: name('extra'), spread: true },
        ],
      });
    });

    it('comprehensions: several generators and conditions, dict comprehension keys', async () => {
      assert.deepEqual(await expr('[y for x in xs if x if ok(x) for y in x]'), {
        k: 'comp',
        elt: name('y'),
        generators: [
          { target: name('x'), iter: name('xs'), conds: [name('x'), call(name('ok'), pos(name('x')))] },
          { target: name('y'), iter: name('x'), conds: [] },
        ],
      });
      assert.deepEqual(await expr('{k: v for k, v in pairs}'), {
        k: 'comp',
        elt: name('v'),
        keyElt: name('k'),
        generators: [{ target: { k: 'tuple', items: [name('k'), name('v')] }, iter: name('pairs'), conds: [] }],
      });
      assert.equal((await expr('{x for x in s}')).k, 'comp');
      assert.equal((await expr('(x async for x in s)')).k, 'comp');
    });

    it('conditional expression is ?: with args test, then, else', async () => {
      assert.deepEqual(await expr('a if cond else b'), { k: 'op', op: '?:', args: [name('cond'), name('a'), name('b')] });
    });

    it('boolean, comparison (not in, is not, chains), unary and binary operators', async () => {
      assert.deepEqual(await expr('a and not b or c'), { k: 'op', op: 'or', args: [{ k: 'op', op: 'and', args: [name('a'), { k: 'op', op: 'not', args: [name('b')] }] }, name('c')] });
      assert.deepEqual(await expr('x not in allowed'), { k: 'op', op: 'not in', args: [name('x'), name('allowed')] });
      assert.deepEqual(await expr('x is not None'), { k: 'op', op: 'is not', args: [name('x'), { k: 'lit', kind: 'null', value: null }] });
      assert.deepEqual(await expr('0 < x <= 10'), {
        k: 'op',
        op: 'and',
        args: [
          { k: 'op', op: '<', args: [num(0), name('x')] },
          { k: 'op', op: '<=', args: [name('x'), num(10)] },
        ],
      });
      assert.deepEqual(await expr('-x + ~y ** 2 // z'), {
        k: 'op',
        op: '+',
        args: [{ k: 'op', op: '-', args: [name('x')] }, { k: 'op', op: '//', args: [{ k: 'op', op: '~', args: [{ k: 'op', op: '**', args: [name('y'), num(2)] }] }, name('z')] }],
      });
    });

    it('await', async () => {
      assert.deepEqual(await expr('await client.get(u)'), { k: 'await', expr: call(attr(name('client'), 'get'), pos(name('u'))) });
    });

    it('parenthesised expressions are unwrapped', async () => {
      const ir = await lower('(((x)))');
      assert.deepEqual(strip(ir.body), [{ k: 'expr', expr: name('x') }]);
      assert.deepEqual((ir.body[0] as Extract<Stmt, { k: 'expr' }>).expr.span, { start: 3, end: 4 });
    });

    it('a bare tuple statement and Python 2 print', async () => {
      assert.deepEqual(await expr('a, b'), { k: 'seq', kind: 'tuple', items: [name('a'), name('b')] });
      assert.deepEqual(await expr('print x'), call(name('print'), pos(name('x'))));
    });
  });

  describe('comments, spans and syntax errors', () => {
    it('collects every comment with its text and span, in order', async () => {
      const src = '# top\nx = 1  # trailing\ndef f():\n    # inside\n    return [1,  # in list\n        2]\nok = (a not  # in an operator\n      in b)\n';
      const ir = await lower(src);
      assert.deepEqual(ir.comments.map((c) => c.text), ['# top', '# trailing', '# inside', '# in list', '# in an operator']);
      for (const c of ir.comments) assert.equal(src.slice(c.span.start, c.span.end), c.text);
      assert.deepEqual(ir.syntaxErrors, []);
      // Comments are not lowered as code.
      assert.deepEqual(strip((ir.body[1] as FuncStmt).fn.body), [{ k: 'return', value: { k: 'seq', kind: 'list', items: [num(1), num(2)] } }]);
    });

    it('spans are UTF-16 offsets', async () => {
      const src = 's = "héllo 😀"\nt = f(s)';
      const ir = await lower(src);
      const second = ir.body[1] as Extract<Stmt, { k: 'assign' }>;
      assert.equal(src.slice(second.span.start, second.span.end), 't = f(s)');
      const first = ir.body[0] as Extract<Stmt, { k: 'assign' }>;
      assert.deepEqual(strip(first.value), str('héllo 😀'));
    });

    it('a syntax error in the middle keeps the statements before and after it', async () => {
      const src = 'import os\nx = foo(1)\ny = = bar(2)\nz = os.system(cmd)\nprint(z)\n';
      const ir = await lower(src);
      assert.ok(ir.syntaxErrors.length > 0);
      assert.deepEqual(strip(ir.body), [
        { k: 'import', module: 'os', names: [{ imported: null, local: 'os' }] },
        assign(name('x'), call(name('foo'), pos(num(1)))),
        assign(name('y'), call(name('bar'), pos(num(2)))),
        assign(name('z'), call(attr(name('os'), 'system'), pos(name('cmd')))),
        { k: 'expr', expr: call(name('print'), pos(name('z'))) },
      ]);
      for (const e of ir.syntaxErrors) assert.ok(e.start >= 0 && e.end <= src.length);
    });

    it('an unclosed call swallowing the next lines still yields their code', async () => {
      // Tree-sitter reads this as `y = bar(z = os.system(cmd) <ERROR print> (z))`.
      const src = 'import os\nx = foo(1)\ny = bar(\nz = os.system(cmd)\nprint(z)\n';
      const ir = await lower(src);
      assert.ok(ir.syntaxErrors.length > 0);
      const body = strip(ir.body);
      assert.deepEqual(body.slice(0, 2), [
        { k: 'import', module: 'os', names: [{ imported: null, local: 'os' }] },
        assign(name('x'), call(name('foo'), pos(num(1)))),
      ]);
      const flat = JSON.stringify(body);
      assert.ok(flat.includes(JSON.stringify(call(attr(name('os'), 'system'), pos(name('cmd'))))), flat);
      assert.ok(flat.includes(JSON.stringify({ k: 'expr', expr: name('print') })), flat);
    });

    it('code inside ERROR nodes is recovered: calls, and target = value runs', async () => {
      const src = 'a = 1\nif x\n    y(secret)\nz = 2\n';
      const ir = await lower(src);
      assert.ok(ir.syntaxErrors.length > 0);
      assert.deepEqual(strip(ir.body), [
        assign(name('a'), num(1)),
        { k: 'expr', expr: name('x') },
        { k: 'expr', expr: call(name('y'), pos(name('secret'))) },
        assign(name('z'), num(2)),
      ]);
    });

    it('an unclosed bracket still assigns what follows to the target', async () => {
      const ir = await lower('a = 1\nmsgs = [user_input, 2\n');
      assert.deepEqual(strip(ir.body), [assign(name('a'), num(1)), assign(name('msgs'), { k: 'unknown', children: [name('user_input'), num(2)] })]);
    });

    it('an ERROR inside an argument list or a list becomes an unknown item over its code', async () => {
      const ir = await lower('f(a, b c)\nx = [1, 2 3]');
      assert.equal(ir.syntaxErrors.length, 2);
      assert.deepEqual(strip(ir.body), [
        { k: 'expr', expr: call(name('f'), pos(name('a')), pos(name('b')), pos({ k: 'unknown', children: [name('c')] })) },
        assign(name('x'), { k: 'seq', kind: 'list', items: [num(1), num(2), { k: 'unknown', children: [num(3)] }] }),
      ]);
    });

    it('reports MISSING nodes as zero-width syntax errors', async () => {
      const src = 'def f(:\n    g()\n';
      const ir = await lower(src);
      assert.ok(ir.syntaxErrors.some((e) => e.start === e.end), JSON.stringify(ir.syntaxErrors));
      assert.deepEqual(strip((ir.body[0] as FuncStmt).fn.body), [{ k: 'expr', expr: call(name('g')) }]);
    });
  });

  describe('hostile input', () => {
    it('50,000 nested parentheses', async () => {
      const src = '('.repeat(50_000) + 'x' + ')'.repeat(50_000);
      const ir = await lower(src);
      assert.ok(depthOf(ir) < 2000);
      assertSpansInside(ir, src.length);
    });

    it('20,000 nested lists give a bounded IR', async () => {
      const src = 'v = ' + '['.repeat(20_000) + ']'.repeat(20_000);
      const ir = await lower(src);
      assert.equal(ir.body.length, 1);
      // Two JSON levels per list (the seq and its items array), capped at MAX_DEPTH lists.
      assert.ok(depthOf(ir) < 1000, `depth ${depthOf(ir)}`);
    });

    it('long operator chains, attribute chains, comparison chains and elif ladders', async () => {
      const cases = [
        'x = ' + Array(30_000).fill('a').join(' + '),
        'x = a' + '.b'.repeat(30_000),
        'x = ' + Array(5_000).fill('a').join(' < '),
        'if a: pass\n' + 'elif b: pass\n'.repeat(3_000),
        'x = ' + 'f('.repeat(20_000) + ')'.repeat(20_000),
        'x = ' + '{"a": '.repeat(10_000) + '1' + '}'.repeat(10_000),
        'x = ' + 'not '.repeat(20_000) + 'y',
        'x = ' + 'lambda: '.repeat(5_000) + '0',
        '(' .repeat(30_000),
        '[' .repeat(30_000),
      ];
      for (const src of cases) {
        const ir = await lower(src);
        assert.ok(depthOf(ir) < 2000, `depth ${depthOf(ir)} for ${src.slice(0, 20)}`);
        assertSpansInside(ir, src.length);
      }
    });

    it('deeply nested statements are cut off, not overflowed', async () => {
      let src = '';
      for (let i = 0; i < 1000; i++) src += ' '.repeat(i) + 'if x:\n';
      src += ' '.repeat(1000) + 'pass\n';
      const ir = await lower(src);
      assert.ok(depthOf(ir) < 2000, `depth ${depthOf(ir)}`);
    });

    it('never throws on random Python-like token soup, and spans stay inside the text', async () => {
      const tokens = ['x', 'f', '(', ')', '[', ']', '{', '}', ':', ',', '=', ':=', '.', '+', 'not', 'in', 'if', 'else', 'elif', 'for', 'while', 'def', 'class', 'return', 'yield', 'lambda', 'import', 'from', 'as', 'with', 'try', 'except', 'match', 'case', 'async', 'await', '*', '**', '"s"', "f'{x}'", '1', '\n', '\n    ', '#c\n', '@', '\\\n', '"""', 'r"\\d"'];
      await fc.assert(
        fc.asyncProperty(fc.array(fc.constantFrom(...tokens), { maxLength: 60 }), async (parts) => {
          const src = parts.join(' ');
          const ir = await lower(src);
          assert.equal(ir.language, 'python');
          assertSpansInside(ir, src.length);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('a big file', () => {
    it('lowers ~10,000 lines and reports the time', async () => {
      const chunk = [
        'import os',
        'from openai import OpenAI as O',
        '',
        'client = O(api_key=os.environ["OPENAI_API_KEY"])',
        '',
        '# handles a chat request',
        '@app.post("/chat/{n}")',
        'async def handler_N(request: Request, user_id: int = 0, *args, **kwargs) -> dict:',
        '    """Docstring."""',
        '    body = await request.json()',
        '    prompt = f"User {user_id} says: {body[\'text\']!r:>{10}}"',
        '    messages = [{"role": "system", "content": "be nice"}, {"role": "user", "content": prompt}]',
        '    try:',
        '        r = client.chat.completions.create(model="gpt-4o", messages=messages, temperature=0.2)',
        '    except (ValueError, KeyError) as e:',
        '        raise HTTPException(status_code=500, detail=str(e)) from e',
        '    text = r.choices[0].message.content',
        '    if text is not None and len(text) > 100:',
        '        text = text[:100] + "..."',
        '    elif not text:',
        '        return {"error": True}',
        '    for i, (k, v) in enumerate(kwargs.items()):',
        '        if k not in ("a", "b"):',
        '            continue',
        '    results = {k: v for k, v in zip(keys, values) if v}',
        '    with open("out.txt", "w") as fh, lock:',
        '        fh.write(text)',
        '    return {"answer": text, "n": len(results), **extra}',
        '',
        'class Service_N(Base):',
        '    retries: int = 3',
        '    def run(self, xs):',
        '        while (n := len(xs)) > 0:',
        '            xs = xs[1:]',
        '        return lambda y, z=1: y + z + n',
        '',
      ];
      const lines: string[] = [];
      for (let i = 0; lines.length < 10_000; i++) for (const line of chunk) lines.push(line.replace(/_N\b/g, `_${i}`));
      const src = lines.slice(0, 10_000).join('\n');
      const copies = Math.floor(10_000 / chunk.length);
      const parseStarted = performance.now();
      const tree = await parse('python', src, { timeoutMs: 60_000 });
      const parseMs = performance.now() - parseStarted;
      try {
        // First run (cold JIT) and the best of three; wall and CPU time, since the machine may be shared.
        const runs: { wall: number; cpu: number }[] = [];
        let ir!: ModuleIR;
        for (let i = 0; i < 3; i++) {
          const cpu = process.cpuUsage();
          const started = performance.now();
          ir = lowerPython(tree.rootNode, src);
          runs.push({ wall: performance.now() - started, cpu: process.cpuUsage(cpu).user / 1000 });
        }
        const best = runs.reduce((a, b) => (b.wall < a.wall ? b : a));
        console.log(
          `      ${lines.length.toLocaleString()} lines, ${src.length.toLocaleString()} chars: parse ${parseMs.toFixed(0)} ms; ` +
            `lower first ${runs[0].wall.toFixed(0)} ms (cpu ${runs[0].cpu.toFixed(0)}), best ${best.wall.toFixed(0)} ms (cpu ${best.cpu.toFixed(0)})`,
        );
        const handlers = ir.body.filter((s) => s.k === 'func' && s.fn.name?.startsWith('handler_'));
        assert.ok(handlers.length >= copies, `${handlers.length} handlers`);
        assert.ok(ir.comments.length >= copies);
        assert.deepEqual(ir.syntaxErrors, []);
      } finally {
        tree.delete();
      }
    });
  });
});
