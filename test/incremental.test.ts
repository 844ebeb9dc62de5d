/**
 * The editor's incremental analysis (src/engine/documents.ts) against a fresh analysis of the
 * same text: after seeded random edits of every rule fixture and held-out app, each text that
 * parses cleanly must give the same findings (with the same fixes, computed on demand), call
 * sites, model sources and notices. Broken texts are analysed too (and undone), so the way back
 * from a syntax error is covered. Then targeted cases of chunk boundaries, and how much an edit
 * re-analyses.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine, lower } from '../src/engine/engine';
import { DocumentAnalyzer, type TextChange } from '../src/engine/documents';
import { chunksOfRoot } from '../src/engine/document-chunks';
import { markExported } from '../src/engine/lower/javascript';
import { languageForPath } from '../src/engine/languages';
import type { LanguageId } from '../src/engine/ir';
import type { FileResult } from '../src/engine/findings';
import { parse } from '../src/engine/parser';
import { listFixtures } from '../src/tools/fixtures';
import { applyEdit, prng, randomEdit, seedOf } from '../scripts/fuzz/edits';

const root = path.join(__dirname, '..');
// Another base seed gives other edits (LLMSEC_EDIT_SEED=n npx mocha test/incremental.test.ts).
const baseSeed = Number(process.env.LLMSEC_EDIT_SEED ?? 0);
const corpus = [...listFixtures(path.join(root, 'rules')), ...listFixtures(path.join(root, 'bench', 'heldout', 'apps'))];

function comparable(r: FileResult): unknown {
  return { findings: r.findings.map((f) => ({ ...f, fixes: [] })), callSites: r.callSites, modelSources: r.modelSources, notices: r.notices };
}

const hasSyntaxErrors = (r: FileResult): boolean => r.notices.some((n) => n.reason === 'syntax-error');

describe('incremental analysis', function () {
  this.timeout(300_000);
  const engine = Engine.create();
  // The benchmark's generator of LLM-application files (an ES module).
  let generateLlmApp: (language: 'python' | 'typescript', lines: number, seed?: number) => string;
  before(async () => {
    ({ generateLlmApp } = await import('../scripts/bench/lib/llm-app-code.mjs'));
  });

  it('lowering chunk by chunk gives the IR of lowering the whole file', async () => {
    for (const file of corpus) {
      const text = fs.readFileSync(file, 'utf8');
      const lang = languageForPath(file)!;
      const tree = await parse(lang, text);
      const whole = lower(tree, text, lang);
      const chunks = chunksOfRoot(tree.rootNode, text, lang);
      const body = chunks.flatMap((c) => c.body);
      markExported(body, new Set(chunks.flatMap((c) => c.exportedNames)));
      assert.deepEqual(body, whole.body, path.basename(file));
      assert.deepEqual(chunks.flatMap((c) => c.comments), whole.comments, path.basename(file));
      tree.delete();
    }
  });

  it('after random edits of every fixture, each clean text gives what a fresh analysis gives', async () => {
    let compared = 0;
    let incremental = 0;
    for (const file of corpus) {
      const lang = languageForPath(file)!;
      let text = fs.readFileSync(file, 'utf8');
      const docs = new DocumentAnalyzer(engine, { fixes: 'lazy' });
      await docs.open(file, text, lang);
      const rand = prng(seedOf(path.relative(root, file), baseSeed));
      for (let i = 0; i < 14; i++) {
        const edit = randomEdit(text, rand, lang === 'python');
        const before = text;
        text = applyEdit(text, edit);
        const result = await docs.change(file, [edit], lang);
        assert.equal(docs.textOf(file), text);
        if (!docs.statsOf(file)!.full) incremental++;
        const fresh = await engine.analyzeText(file, text, { language: lang });
        if (!hasSyntaxErrors(fresh) && !hasSyntaxErrors(result)) {
          compared++;
          assert.deepEqual(comparable(result), comparable(fresh), `${path.relative(root, file)} after edit ${i} ${JSON.stringify(edit)}`);
          assert.deepEqual(docs.fixesFor(file), fresh.findings.map((f) => f.fixes), `fixes of ${path.relative(root, file)} after edit ${i}`);
          continue;
        }
        // Undo the breaking edit, as a user would.
        const undo: TextChange = { rangeOffset: edit.rangeOffset, rangeLength: edit.text.length, text: before.slice(edit.rangeOffset, edit.rangeOffset + edit.rangeLength) };
        text = before;
        const back = await docs.change(file, [undo], lang);
        const again = await engine.analyzeText(file, text, { language: lang });
        if (hasSyntaxErrors(again)) continue;
        compared++;
        assert.deepEqual(comparable(back), comparable(again), `${path.relative(root, file)} after undoing edit ${i} ${JSON.stringify(edit)}`);
      }
      docs.closeAll();
    }
    assert.ok(compared > 700, `${compared} texts compared`);
    assert.ok(incremental > compared / 2, `${incremental} edits analysed incrementally`);
  });

  it('typing a handler character by character, through broken states, ends where a fresh analysis is', async () => {
    for (const [lang, file, addition] of [
      ['python', 'app.py', '\n\n@app.route("/run")\ndef run():\n    cmd = request.args.get("cmd")\n    os.system(cmd)\n'],
      ['typescript', 'app.ts', "\napp.post('/run', (req, res) => {\n  exec(req.body.cmd);\n  res.send('ok');\n});\n"],
    ] as const) {
      const start = lang === 'python' ? 'import os\nfrom flask import Flask, request\n\napp = Flask(__name__)\n' : "import { exec } from 'node:child_process';\nimport express from 'express';\nconst app = express();\n";
      const tail = lang === 'python' ? '\n\ndef helper(x):\n    return x\n' : '\nexport function helper(x: string) {\n  return x;\n}\n';
      const docs = new DocumentAnalyzer(engine, { fixes: 'lazy' });
      let text = start + tail;
      await docs.open(file, text, lang);
      let result: FileResult | undefined;
      for (let i = 0; i < addition.length; i++) {
        const at = start.length + i;
        result = await docs.change(file, [{ rangeOffset: at, rangeLength: 0, text: addition[i] }], lang);
        text = text.slice(0, at) + addition[i] + text.slice(at);
      }
      const fresh = await engine.analyzeText(file, text, { language: lang });
      assert.equal(docs.textOf(file), text);
      assert.deepEqual(comparable(result!), comparable(fresh), lang);
      assert.ok(result!.findings.some((f) => f.ruleId === 'prompt-injection-user-input' || f.ruleId.startsWith('llm-output') || f.flow.length > 0) || fresh.findings.length === result!.findings.length);
    }
  });

  describe('chunk boundaries', () => {
    const cases: { name: string; lang: LanguageId; text: string; edit: (t: string) => TextChange }[] = [
      {
        name: 'Python: a line dedented out of a function becomes a top-level statement',
        lang: 'python',
        text: 'import os\n\ndef f(x):\n    y = x\n    os.system(y)\n\ndef g():\n    pass\n',
        edit: (t) => ({ rangeOffset: t.indexOf('    os.system'), rangeLength: 4, text: '' }),
      },
      {
        name: 'Python: an indented line after a column-0 comment still belongs to the function',
        lang: 'python',
        text: 'import os\n\ndef f(x):\n    y = x\n# a note\nz = 1\n\ndef g():\n    pass\n',
        edit: (t) => ({ rangeOffset: t.indexOf('z = 1'), rangeLength: 0, text: '    os.system(x)\n' }),
      },
      {
        name: 'Python: a decorator typed above a function',
        lang: 'python',
        text: 'from flask import Flask, request\nimport os\napp = Flask(__name__)\n\n\ndef run():\n    os.system(request.args["c"])\n',
        edit: (t) => ({ rangeOffset: t.indexOf('def run'), rangeLength: 0, text: '@app.route("/x")\n' }),
      },
      {
        name: 'Python: the newline between two statements deleted',
        lang: 'python',
        text: 'import os\nx = input()\nos.system(x)\n',
        edit: (t) => ({ rangeOffset: t.indexOf('\nos.system'), rangeLength: 1, text: '' }),
      },
      {
        name: 'JavaScript: a statement without a semicolon runs on into a parenthesis',
        lang: 'javascript',
        text: "const run = require('child_process').exec\nconst cmd = process.argv[2];\n(cmd)\n",
        edit: (t) => ({ rangeOffset: t.indexOf('2];') + 2, rangeLength: 1, text: '' }),
      },
      {
        name: 'TypeScript: an unclosed brace swallows what follows until it is closed',
        lang: 'typescript',
        text: "import { exec } from 'node:child_process';\nfunction f(x: string) {\n  return x;\n}\nexec(process.argv[2]);\n",
        edit: (t) => ({ rangeOffset: t.indexOf('  return x;\n}') + 12, rangeLength: 1, text: '' }),
      },
      {
        name: 'TypeScript: a string left open parses as nothing but an ERROR, whose chunk holds the parts that parsed',
        lang: 'typescript',
        text: "import { execSync } from 'node:child_process';\nexport async function run(task: string): Promise<string> {\n  const { text } = await generate({ prompt: task });\n  return execSync(text, { encoding: 'utf8' });\n}\n\nexport function other() {\n  return 1;\n}\n",
        edit: (t) => ({ rangeOffset: t.indexOf("8' }"), rangeLength: 2, text: '' }),
      },
      {
        name: 'an edit at the very start of the file',
        lang: 'python',
        text: 'x = input()\nimport os\nos.system(x)\n',
        edit: () => ({ rangeOffset: 0, rangeLength: 0, text: 'import subprocess\n' }),
      },
      {
        // Fuzz case 70952: parsed alone, the joined line's comment ended with the region, and the
        // statement it now swallows was kept as code.
        name: 'joining a line that ends in a comment with the next statement',
        lang: 'typescript',
        text: 'eval(location.hash); // llmsec-ignore[x5]\neval(location.hash); // llmsec-ignore[x6]\neval(location.hash);\n',
        edit: (t) => ({ rangeOffset: t.indexOf('5]'), rangeLength: 3, text: '' }),
      },
      {
        name: 'deleting everything',
        lang: 'typescript',
        text: "eval(process.argv[2]);\n",
        edit: (t) => ({ rangeOffset: 0, rangeLength: t.length, text: '' }),
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const file = c.lang === 'python' ? 'case.py' : c.lang === 'javascript' ? 'case.js' : 'case.ts';
        const docs = new DocumentAnalyzer(engine, { fixes: 'lazy' });
        await docs.open(file, c.text, c.lang);
        const edit = c.edit(c.text);
        const text = applyEdit(c.text, edit);
        const result = await docs.change(file, [edit], c.lang);
        const fresh = await engine.analyzeText(file, text, { language: c.lang });
        if (hasSyntaxErrors(fresh)) {
          // A broken text: the same findings, and a syntax error reported (how many errors the
          // parser counts depends on how much of the text it was given).
          assert.ok(hasSyntaxErrors(result));
          assert.deepEqual(comparable({ ...result, notices: [] }), comparable({ ...fresh, notices: [] }));
        } else assert.deepEqual(comparable(result), comparable(fresh));
        // And back.
        const back = await docs.change(file, [{ rangeOffset: edit.rangeOffset, rangeLength: edit.text.length, text: c.text.slice(edit.rangeOffset, edit.rangeOffset + edit.rangeLength) }], c.lang);
        assert.deepEqual(comparable(back), comparable(await engine.analyzeText(file, c.text, { language: c.lang })));
      });
    }

    it('several changes in one event (multi-cursor)', async () => {
      const text = 'import os\nx = input()\ny = input()\nos.system(x)\nos.system(y)\n';
      const docs = new DocumentAnalyzer(engine, { fixes: 'lazy' });
      await docs.open('multi.py', text, 'python');
      // Each change applies to the text the previous one left (later offsets first, as editors send them).
      const changes: TextChange[] = [
        { rangeOffset: text.lastIndexOf('y)'), rangeLength: 1, text: 'z' },
        { rangeOffset: text.indexOf('y = '), rangeLength: 1, text: 'z' },
      ];
      let expected = text;
      for (const c of changes) expected = applyEdit(expected, c);
      const result = await docs.change('multi.py', changes, 'python');
      assert.equal(docs.textOf('multi.py'), expected);
      assert.deepEqual(comparable(result), comparable(await engine.analyzeText('multi.py', expected, { language: 'python' })));
    });
  });

  describe('what an edit re-analyses', () => {
    for (const lang of ['python', 'typescript'] as const) {
      it(`${lang}: typing in one handler of a 2,000-line file parses, lowers and analyses that handler alone`, async () => {
        const text = generateLlmApp(lang, 2000, 11);
        const docs = new DocumentAnalyzer(engine, { fixes: 'lazy' });
        const file = lang === 'python' ? 'big.py' : 'big.ts';
        await docs.open(file, text, lang);
        const at = text.indexOf('Summarise as HTML: ', text.length / 2) + 'Summarise as HTML: '.length;
        const result = await docs.change(file, [{ rangeOffset: at, rangeLength: 0, text: 'briefly ' }], lang);
        const stats = docs.statsOf(file)!;
        assert.equal(stats.full, false);
        assert.equal(stats.lowered, 1);
        assert.equal(stats.affected, 1);
        // The handler and what it reads: imports and module-level clients, not the other handlers.
        assert.ok(stats.needed < 20, `${stats.needed} of ${stats.chunks} chunks run`);
        const fresh = await engine.analyzeText(file, applyEdit(text, { rangeOffset: at, rangeLength: 0, text: 'briefly ' }), { language: lang });
        assert.deepEqual(comparable(result), comparable(fresh));
      });
    }

    it('editing a helper re-analyses its callers, and only them', async () => {
      const text = [
        'import os',
        'from openai import OpenAI',
        'client = OpenAI()',
        '',
        'def ask(q):',
        '    return client.chat.completions.create(model="m", messages=[{"role": "user", "content": q}]).choices[0].message.content',
        '',
        'def uses_helper():',
        '    os.system(ask("x"))',
        '',
        'def unrelated():',
        '    os.system(input())',
        '',
      ].join('\n');
      const docs = new DocumentAnalyzer(engine, { fixes: 'lazy' });
      await docs.open('h.py', text, 'python');
      const at = text.indexOf('.choices[0]');
      const edit = { rangeOffset: at, rangeLength: '.choices[0].message.content'.length, text: '' };
      const result = await docs.change('h.py', [edit], 'python');
      const stats = docs.statsOf('h.py')!;
      assert.equal(stats.full, false);
      assert.equal(stats.affected, 2, JSON.stringify(stats));
      assert.deepEqual(comparable(result), comparable(await engine.analyzeText('h.py', applyEdit(text, edit), { language: 'python' })));
    });
  });

  it('opening the same text twice gives the same result', async () => {
    for (const lang of ['python', 'typescript'] as const) {
      const text = generateLlmApp(lang, 3000, 5);
      const a = await new DocumentAnalyzer(engine).open('same', text, lang);
      const b = await new DocumentAnalyzer(engine).open('same', text, lang);
      assert.deepEqual(a.findings, b.findings);
      assert.deepEqual(a.callSites, b.callSites);
    }
  });
});
