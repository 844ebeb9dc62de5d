/**
 * Hostile source files, one kind at a time: nesting tens of thousands of levels deep in every
 * language, a 10 MB minified bundle, enormous string literals, pathological Unicode, NUL bytes,
 * the size limit (in scans and for editor documents), symbolic links out of the scanned tree,
 * the per-file time budget (the file is reported as skipped, with the reason, never hangs), and
 * analysis shapes that used to crash or hang.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../src/engine/engine';
import { DEFAULT_CONFIG } from '../src/engine/api';
import { readSourceFile } from '../src/engine/source-file';
import { analyzeFileAt } from '../src/engine/analyze-file';
import { discoverFiles } from '../src/engine/workspace';
import { scanPaths } from '../src/engine/scan';
import { DocumentAnalyzer } from '../src/engine/documents';
import { loadCorpus } from '../scripts/fuzz/corpus';
import { contractProblem } from '../scripts/fuzz/check';
import type { FileResult } from '../src/engine/findings';

/** Generous: the machine running the tests may be shared and loaded. */
const SLACK_MS = 5_000;
const LIMIT_MS = DEFAULT_CONFIG.fileTimeoutMs + SLACK_MS;

async function analyze(engine: Engine, file: string, text: string): Promise<{ result: FileResult; ms: number }> {
  const started = performance.now();
  const result = await engine.analyzeText(file, text);
  const ms = performance.now() - started;
  assert.equal(result.notices.find((n) => n.reason === 'internal-error'), undefined, `${file}: internal error`);
  assert.equal(contractProblem(result, text), undefined);
  assert.ok(ms < LIMIT_MS, `${file}: ${ms.toFixed(0)} ms, over ${LIMIT_MS} ms`);
  return { result, ms };
}

/** The LLM-output-to-shell flow every language test below hides inside hostile text. */
const PY_FLOW = 'import os\nfrom openai import OpenAI\nclient = OpenAI()\nr = client.chat.completions.create(model="gpt-4o", messages=[])\nos.system(r.choices[0].message.content)\n';
const JS_FLOW = "import OpenAI from 'openai';\nimport { exec } from 'child_process';\nconst client = new OpenAI();\nconst r = await client.chat.completions.create({ model: 'gpt-4o', messages: [] });\nexec(r.choices[0].message.content);\n";

describe('hostile source files', function () {
  this.timeout(300_000);
  let engine: Engine;
  /** A user may raise the file size limit (`maxFileBytes` in .llmsec.yaml): the budget still holds. */
  let unlimited: Engine;
  before(() => {
    engine = Engine.create();
    unlimited = Engine.create({ config: { maxFileBytes: 64 * 1024 * 1024 } });
  });

  describe('nesting 30,000 levels deep (the long fuzz run goes to 50,000)', () => {
    const depth = 30_000;
    const cases: [string, string][] = [
      ['parens.py', `x = ${'('.repeat(depth)}1${')'.repeat(depth)}\n`],
      ['lists.py', `x = ${'['.repeat(depth)}${']'.repeat(depth)}\n`],
      ['calls.py', `${'f('.repeat(depth)}x${')'.repeat(depth)}\n`],
      ['binary.py', `x = 1${' + a'.repeat(depth)}\n`],
      ['attributes.py', `x = a${'.b'.repeat(depth)}\n`],
      ['unclosed.py', `x = ${'{"a": ['.repeat(depth)}\n`],
      ['parens.js', `x = ${'('.repeat(depth)}1${')'.repeat(depth)};\n`],
      ['arrays.js', `x = ${'['.repeat(depth)}${']'.repeat(depth)};\n`],
      ['arrows.js', `f = ${'x => '.repeat(depth)}x;\n`],
      ['ternaries.js', `x = ${'a ? b : '.repeat(depth)}c;\n`],
      ['blocks.ts', `${'{'.repeat(depth)}${'}'.repeat(depth)}\n`],
      ['members.ts', `let x = a${'?.b'.repeat(depth)};\n`],
      ['generics.ts', `let x: ${'Array<'.repeat(depth)}T${'>'.repeat(depth)};\n`],
      ['templates.ts', `x = ${'`${'.repeat(depth)}${'}`'.repeat(depth)};\n`],
      ['jsx.tsx', `const y = ${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)};\n`],
      ['unclosed.tsx', `const y = ${'<div>{('.repeat(depth)}\n`],
    ];
    for (const [name, text] of cases) {
      it(name, async () => {
        await analyze(engine, `/hostile/${name}`, text);
      });
    }

    it('a flow after 30,000 nested brackets is still found', async () => {
      const text = `x = ${'('.repeat(depth)}1${')'.repeat(depth)}\n${PY_FLOW}`;
      const { result } = await analyze(engine, '/hostile/deep-then-flow.py', text);
      assert.ok(result.findings.some((f) => f.ruleId === 'llm-output-shell-command'), JSON.stringify(result.notices));
    });
  });

  describe('huge files', () => {
    it('a 10 MB minified bundle: skipped as too large by default, and within the budget when the limit is raised', async () => {
      const pieces = loadCorpus().filter((f) => f.ext === 'js' || f.ext === 'ts').map((f) => f.text.replace(/\/\/[^\n]*/g, '').replace(/\s*\n\s*/g, ' '));
      assert.ok(pieces.length > 0);
      let bundle = '';
      for (let i = 0; bundle.length < 10 * 1024 * 1024; i++) bundle += `;(function(){${pieces[i % pieces.length]}})();`;
      const byDefault = await analyze(engine, '/hostile/bundle.min.js', bundle);
      assert.deepEqual(byDefault.result.notices.map((n) => n.reason), ['too-large']);
      assert.match(byDefault.result.notices[0].message, /: 10\.\d MB is over the 2\.0 MB limit, skipped/);
      const { result } = await analyze(unlimited, '/hostile/bundle.min.js', bundle);
      const timeout = result.notices.find((n) => n.reason === 'timeout');
      if (timeout) assert.match(timeout.message, /skipped, .*took longer than/);
    });

    it('a 2 MB minified bundle, just under the size limit, with its findings on one 2 MB line: within the budget', async () => {
      // Before the fix, each finding re-read, trimmed and hashed the 2 MB line: 130 findings took 38 s.
      const pieces = loadCorpus().filter((f) => f.ext === 'js' || f.ext === 'ts').map((f) => f.text.replace(/\/\/[^\n]*/g, '').replace(/\s*\n\s*/g, ' '));
      let bundle = '';
      for (let i = 0, bytes = 0; ; i++) {
        const piece = `;(function(){${pieces[i % pieces.length]}})();`;
        bytes += Buffer.byteLength(piece);
        if (bytes > DEFAULT_CONFIG.maxFileBytes) break;
        bundle += piece;
      }
      const { result } = await analyze(engine, '/hostile/bundle-2mb.min.js', bundle);
      assert.ok(!result.notices.some((n) => n.reason === 'too-large'));
      if (!result.notices.some((n) => n.reason === 'timeout')) {
        assert.ok(result.findings.length > 20, `${result.findings.length} findings`);
        assert.equal(new Set(result.findings.map((f) => f.fingerprint)).size, result.findings.length, 'fingerprints are distinct');
      }
    });

    it('an editor document over the size limit is skipped too, and analysed again once it is small', async () => {
      const docs = new DocumentAnalyzer(engine);
      const big = `x = "${'a'.repeat(3 * 1024 * 1024)}"\n`;
      const opened = await docs.open('/hostile/open.py', big, 'python');
      assert.deepEqual(opened.notices.map((n) => n.reason), ['too-large']);
      // Delete the literal: the document is small again and gets its findings.
      const small = await docs.change('/hostile/open.py', [{ rangeOffset: 0, rangeLength: big.length, text: PY_FLOW }], 'python');
      assert.ok(small.findings.some((f) => f.ruleId === 'llm-output-shell-command'), JSON.stringify(small.notices));
      docs.closeAll();
    });

    it('a 10 MB file on disk is not even read in a workspace scan: skipped as too large', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmsec-hostile-'));
      try {
        const file = path.join(dir, 'bundle.min.js');
        fs.writeFileSync(file, `x="${'a'.repeat(10 * 1024 * 1024)}";`);
        const read = readSourceFile(file, DEFAULT_CONFIG.maxFileBytes);
        assert.ok('skipped' in read && read.skipped.reason === 'too-large');
        const outcome = await analyzeFileAt(engine, file, dir);
        assert.equal(outcome.skipped, true);
        assert.match(outcome.notices[0].message, /over the 2\.0 MB limit, skipped/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    for (const [name, literal] of [
      ['string.py', `x = "${'a'.repeat(5_000_000)}"\n`],
      ['triple.py', `x = """${'a\n'.repeat(2_500_000)}"""\n`],
      ['string.js', `x = '${'a'.repeat(5_000_000)}';\n`],
      ['template.ts', `x = \`${'a\n'.repeat(2_500_000)}\`;\n`],
      ['comment.tsx', `/*${' x'.repeat(2_500_000)}*/\n`],
    ] as const) {
      it(`a 5 MB literal or comment (${name}) next to a real flow`, async () => {
        const flow = name.endsWith('.py') ? PY_FLOW : JS_FLOW;
        const { result } = await analyze(unlimited, `/hostile/${name}`, literal + flow);
        const skipped = result.notices.some((n) => n.reason === 'timeout');
        assert.ok(skipped || result.findings.some((f) => f.ruleId === 'llm-output-shell-command'), JSON.stringify(result.notices));
      });
    }
  });

  describe('pathological Unicode', () => {
    const bidi = '\u202e\u2066\u2067\u2068\u2069\u200f\u200e\u061c';
    const surrogates = '\ud800\udbff\udc00\udfff\ud83d';
    it('bidi controls, lone surrogates, NUL and separators in code, strings and comments do not hide a flow', async () => {
      for (const [name, flow, comment] of [
        ['u.py', PY_FLOW, '#'],
        ['u.ts', JS_FLOW, '//'],
      ] as const) {
        const junk = `${comment} ${bidi}${surrogates}\u0000\u2028\u2029\ufeff\u200b\n`;
        const text = `${junk}x = "${bidi}${surrogates}\u0000"\n${junk}${flow}${junk}`;
        const { result } = await analyze(engine, `/hostile/${name}`, text);
        const finding = result.findings.find((f) => f.ruleId === 'llm-output-shell-command');
        assert.ok(finding, name);
        // Offsets are UTF-16 code units: the sink text is where the finding says.
        assert.equal(text.slice(finding.location.startOffset, finding.location.endOffset), 'r.choices[0].message.content');
      }
    });

    it('identifiers and strings made of surrogates, combining marks and homoglyphs', async () => {
      const text = `\u0430\u0435 = "\u0301".repeat(3)\n${'\ud835\udc00'.repeat(10_000)} = 1\nx = "${'\u0301'.repeat(100_000)}"\n${PY_FLOW}`;
      const { result } = await analyze(engine, '/hostile/marks.py', text);
      assert.ok(result.findings.some((f) => f.ruleId === 'llm-output-shell-command'));
    });

    it('a BOM is dropped when reading a file, and a file with NUL bytes is skipped as binary', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmsec-hostile-'));
      try {
        fs.writeFileSync(path.join(dir, 'bom.py'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x = 1\n')]));
        fs.writeFileSync(path.join(dir, 'nul.py'), Buffer.from('x = 1\n\0\0\0import os\n'));
        fs.writeFileSync(path.join(dir, 'latin1.py'), Buffer.from([0x78, 0x3d, 0x22, 0xe9, 0xff, 0x22, 0x0a]));
        const bom = readSourceFile(path.join(dir, 'bom.py'), 1e6);
        assert.ok('text' in bom && bom.text === 'x = 1\n');
        const nul = readSourceFile(path.join(dir, 'nul.py'), 1e6);
        assert.ok('skipped' in nul && nul.skipped.reason === 'binary');
        const latin1 = readSourceFile(path.join(dir, 'latin1.py'), 1e6);
        assert.ok('text' in latin1 && latin1.notices[0].reason === 'not-utf8' && latin1.text === 'x="\u00e9\u00ff"\n');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('NUL bytes in editor text (never read from disk) are analysed like any character', async () => {
      const text = `\u0000\u0000x = 1\u0000\n${PY_FLOW}\u0000`;
      const { result } = await analyze(engine, '/hostile/nul-in-editor.py', text);
      assert.ok(result.findings.some((f) => f.ruleId === 'llm-output-shell-command'));
    });

    it('CR-only and mixed line endings keep offsets inside the text', async () => {
      const text = PY_FLOW.replace(/\n/g, '\r') + PY_FLOW.replace(/\n/g, '\r\n') + PY_FLOW.replace(/\n/g, '\u2028');
      await analyze(engine, '/hostile/endings.py', text);
    });
  });

  describe('the scanned tree', () => {
    it('a symbolic link out of the scanned folder is not followed (a cloned repository with leak.py -> a secret elsewhere)', async () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'llmsec-hostile-'));
      try {
        const outside = path.join(tmp, 'home', 'credentials.txt');
        fs.mkdirSync(path.dirname(outside), { recursive: true });
        fs.writeFileSync(outside, 'OPENAI_API_KEY = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7dEf0hIj3kLm6n"\n');
        const repo = path.join(tmp, 'repo');
        fs.mkdirSync(path.join(repo, 'src'), { recursive: true });
        fs.writeFileSync(path.join(repo, 'src', 'app.py'), 'x = 1\n');
        fs.symlinkSync(outside, path.join(repo, 'leak.py'));
        fs.symlinkSync(path.join(tmp, 'home'), path.join(repo, 'home-dir'));
        fs.symlinkSync(path.join(repo, 'src', 'app.py'), path.join(repo, 'alias.py'));
        const found = discoverFiles([repo], { root: repo });
        assert.deepEqual(found.files, [path.join(repo, 'alias.py'), path.join(repo, 'src', 'app.py')]);
        assert.deepEqual(found.notices.map((n) => n.reason).sort(), ['outside-root', 'outside-root']);
        assert.ok(found.notices.every((n) => /outside the scanned folder, not followed/.test(n.message)));
        const result = await scanPaths([repo], DEFAULT_CONFIG, { root: repo, workers: 0 });
        assert.deepEqual(result.files.flatMap((f) => f.findings), []);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  });

  describe('the per-file time budget', () => {
    it('a file over the budget is reported as skipped with reason timeout, naming the stage', async () => {
      const small = Engine.create({ config: { fileTimeoutMs: 300 } });
      const vars = Array.from({ length: 3000 }, (_, i) => `v${i} = 1\n`).join('');
      const text = vars + 'if a:\n    b = 1\n'.repeat(3000);
      const started = performance.now();
      const result = await small.analyzeText('/hostile/slow.py', text);
      const ms = performance.now() - started;
      const notice = result.notices.find((n) => n.reason === 'timeout');
      assert.ok(notice, JSON.stringify(result.notices));
      assert.equal(notice.level, 'warning');
      assert.match(notice.message, /^\/hostile\/slow\.py: skipped, (the dataflow analysis|lowering|reading the syntax tree|parsing) took longer than (the )?300 ms/);
      assert.deepEqual(result.findings, []);
      assert.ok(ms < 300 + SLACK_MS, `${ms.toFixed(0)} ms`);
    });

    it('the parse timeout stops Tree-sitter itself, with reason timeout', async () => {
      const tiny = Engine.create({ config: { parseTimeoutMs: 1 } });
      const text = 'x = [1, 2, 3]\n'.repeat(100_000);
      const result = await tiny.analyzeText('/hostile/parse.py', text);
      const notice = result.notices.find((n) => n.reason === 'timeout');
      assert.ok(notice);
      assert.match(notice.message, /parsing took longer than 1 ms/);
    });

    it('a workspace scan counts a timed-out file as skipped', async () => {
      const small = Engine.create({ config: { fileTimeoutMs: 200 } });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmsec-hostile-'));
      try {
        const file = path.join(dir, 'slow.py');
        // With a real flow in it, so the prefilter does not leave the file out before analysis.
        fs.writeFileSync(file, PY_FLOW + Array.from({ length: 3000 }, (_, i) => `v${i} = 1\n`).join('') + 'if a:\n    b = 1\n'.repeat(3000));
        const outcome = await analyzeFileAt(small, file, dir);
        assert.equal(outcome.skipped, true);
        assert.equal(outcome.analysed, false);
        assert.ok(outcome.notices.some((n) => n.reason === 'timeout'));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('with thousands of findings, quick fixes stop at the budget and the findings stay', async () => {
      const small = Engine.create({ config: { fileTimeoutMs: 1500 } });
      const handlers = Array.from({ length: 3000 }, (_, i) => `os.system(r${i % 7}.choices[0].message.content)\n`).join('');
      const setup = 'import os\nfrom openai import OpenAI\nclient = OpenAI()\n' + Array.from({ length: 7 }, (_, i) => `r${i} = client.chat.completions.create(model="m", messages=[])\n`).join('');
      const result = await small.analyzeText('/hostile/many.py', setup + handlers);
      if (result.notices.some((n) => n.reason === 'timeout')) return; // a very slow machine: the analysis itself ran out
      assert.equal(result.findings.length, 3000);
      const partial = result.notices.find((n) => n.reason === 'fixes-timeout');
      if (partial) {
        assert.ok(result.findings.every((f) => f.fixes.length >= 1 && f.fixes.some((x) => /^Suppress /.test(x.title))));
      }
    });
  });

  describe('analysis shapes that used to crash or hang', () => {
    it('s = s + s forty times: no RangeError, the constant is dropped past 100,000 characters', async () => {
      const { result } = await analyze(engine, '/hostile/double.py', 's = "ab"\n' + 's = s + s\n'.repeat(40) + 'import os\nos.system(s)\n');
      assert.deepEqual(result.notices, []);
    });

    it('helpers calling each other 3,000 deep: no stack overflow, and flows through the chain are still found', async () => {
      const chain = Array.from({ length: 3000 }, (_, i) => `def f${i}(x):\n    return f${i + 1}(x)\n`).join('');
      const llm = 'from openai import OpenAI\nclient = OpenAI()\nr = client.chat.completions.create(model="m", messages=[])\n';
      for (const entry of ['f2990', 'f0']) {
        const text = `import os\n${llm}${chain}def f3000(x):\n    return x\n\nos.system(${entry}(r.choices[0].message.content))\n`;
        const { result } = await analyze(engine, `/hostile/chain-${entry}.py`, text);
        assert.ok(result.findings.some((f) => f.ruleId === 'llm-output-shell-command'), `through ${entry}: ${JSON.stringify(result.notices)}`);
      }
    });

    it('40 nested loops finish (each body runs at most twice for the outer four levels)', async () => {
      const loops = Array.from({ length: 40 }, (_, i) => `${'    '.repeat(i)}for x${i} in y${i}:\n`).join('');
      const { ms } = await analyze(engine, '/hostile/loops.py', `import os\n${loops}${'    '.repeat(40)}os.system(x0)\n`);
      assert.ok(ms < DEFAULT_CONFIG.fileTimeoutMs);
    });

    it('a suppression comment with 300,000 trailing spaces still suppresses, in well under a second of regex time', async () => {
      const text = PY_FLOW.replace('os.system', `# llmsec-ignore[llm-output-shell-command]: reviewed${' '.repeat(300_000)}\nos.system`);
      const { result, ms } = await analyze(engine, '/hostile/suppress.py', text);
      const f = result.findings.find((x) => x.ruleId === 'llm-output-shell-command');
      assert.ok(f?.suppression, 'suppressed');
      assert.equal(f.suppression.justification, 'reviewed');
      assert.ok(ms < DEFAULT_CONFIG.fileTimeoutMs);
    });
  });
});
