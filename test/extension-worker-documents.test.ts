// The analysis pool's document protocol, which the editor uses to analyse off the extension
// host's thread: open / change / close on a worker thread that keeps the document between
// edits, with results identical to a fresh analysis of the same text, and quick fixes computed
// when asked for. Runs against a real worker bundle (built here with esbuild) and against the
// in-thread fallback.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../src/engine/api';
import type { TextChange } from '../src/engine/documents';
import { Engine } from '../src/engine/engine';
import type { FileResult } from '../src/engine/findings';
import { AnalysisPool, DocumentOutOfSyncError } from '../src/engine/pool';
import { buildWorkerBundle, checkoutWorkerInit } from '../scripts/lib/worker-bundle';

const root = path.join(__dirname, '..');
const init = checkoutWorkerInit(DEFAULT_CONFIG);

const BEFORE = `import subprocess
from openai import OpenAI

client = OpenAI()

def answer(question):
    reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])
    text = reply.choices[0].message.content
    return text
`;

/** Edits as an editor reports them: offset and length in the text before each edit. */
function change(text: string, find: string, replacement: string): { change: TextChange; after: string } {
  const at = text.indexOf(find);
  assert.ok(at >= 0, find);
  return { change: { rangeOffset: at, rangeLength: find.length, text: replacement }, after: text.slice(0, at) + replacement + text.slice(at + find.length) };
}

function summary(result: FileResult): string[] {
  return result.findings.map((f) => `${f.ruleId}@${f.location.range.start.line}:${f.location.range.start.character}-${f.location.range.end.line}:${f.location.range.end.character} flow=${f.flow.length} ${f.fingerprint}`).sort();
}

const refOf = (f: FileResult['findings'][number]) => ({ ruleId: f.ruleId, startOffset: f.location.startOffset, endOffset: f.location.endOffset, fingerprint: f.fingerprint });

describe('analysis pool: editor documents', function () {
  this.timeout(60_000);
  let workerScript: string;
  let removeBundle = () => {};
  const engine = Engine.create({ builtinRulesDir: init.builtinRulesDir });
  const fresh = async (text: string) => summary(await engine.analyzeText('/ws/app.py', text, { language: 'python', root: '/ws' }));

  before(async () => {
    ({ script: workerScript, remove: removeBundle } = await buildWorkerBundle());
  });
  after(() => removeBundle());

  for (const mode of ['worker thread', 'in-thread fallback'] as const) {
    describe(mode, () => {
      let pool: AnalysisPool;
      beforeEach(() => {
        pool = mode === 'worker thread' ? new AnalysisPool(init, 1, workerScript) : new AnalysisPool(init, 0);
        assert.equal(pool.threads, mode === 'worker thread' ? 1 : 0);
      });
      afterEach(() => pool.close());

      it('opens a document with the same findings as a fresh analysis', async () => {
        const opened = await pool.openDocument('/ws/app.py', BEFORE, 'python', '/ws');
        assert.deepEqual(summary(opened), await fresh(BEFORE));
      });

      it('applies typed changes to the kept tree and finds what a fresh analysis finds', async () => {
        await pool.openDocument('/ws/app.py', BEFORE, 'python', '/ws');
        const first = change(BEFORE, '    return text\n', '    subprocess.run(text, shell=True)\n    return text\n');
        const r1 = await pool.changeDocument('/ws/app.py', [first.change], 'python', '/ws', first.after.length);
        assert.ok(r1.findings.some((f) => f.ruleId === 'llm-output-shell-command'), summary(r1).join('\n'));
        assert.deepEqual(summary(r1), await fresh(first.after));
        // Two changes in one event, the second against the text after the first.
        const a = change(first.after, 'shell=True', 'shell=False');
        const b = change(a.after, 'model="gpt-4o"', 'model="gpt-4o-mini"');
        const r2 = await pool.changeDocument('/ws/app.py', [a.change, b.change], 'python', '/ws', b.after.length);
        assert.deepEqual(summary(r2), await fresh(b.after));
      });

      it('computes the quick fixes of a document\'s findings when asked, as a fresh analysis has them', async () => {
        await pool.openDocument('/ws/app.py', BEFORE, 'python', '/ws');
        const c = change(BEFORE, '    return text\n', '    subprocess.run(text, shell=True)\n    return text\n');
        const result = await pool.changeDocument('/ws/app.py', [c.change], 'python', '/ws', c.after.length);
        // Diagnostics come without fixes: those are asked for where the user looks.
        assert.ok(result.findings.every((f) => f.fixes.length === 0));
        const fixes = await pool.documentFixes('/ws/app.py', result.findings.map(refOf));
        const expected = await engine.analyzeText('/ws/app.py', c.after, { language: 'python', root: '/ws' });
        assert.deepEqual(fixes, result.findings.map((f) => expected.findings.find((e) => e.fingerprint === f.fingerprint)!.fixes));
        assert.ok(fixes!.some((list) => list.some((fix) => fix.isPreferred && /argument list|argv|shlex/i.test(fix.title))), JSON.stringify(fixes!.map((l) => l.map((x) => x.title))));
        // Once the text has changed, the findings of the old text have no fixes to give.
        const d = change(c.after, 'shell=True', 'shell=False');
        await pool.changeDocument('/ws/app.py', [d.change], 'python', '/ws', d.after.length);
        assert.equal(await pool.documentFixes('/ws/app.py', result.findings.filter((f) => f.ruleId === 'llm-output-shell-command').map(refOf)), undefined);
        await pool.closeDocument('/ws/app.py');
        assert.equal(await pool.documentFixes('/ws/app.py', result.findings.map(refOf)), undefined);
      });

      it('keeps changes in order when several are sent without waiting', async () => {
        await pool.openDocument('/ws/app.py', BEFORE, 'python', '/ws');
        let text = BEFORE;
        const pending: Promise<FileResult>[] = [];
        for (const [find, replacement] of [['    return text\n', '    eval(text)\n    return text\n'], ['eval(text)', 'eval(text)  # x'], ['question', 'q']] as const) {
          const c = change(text, find, replacement);
          text = c.after;
          pending.push(pool.changeDocument('/ws/app.py', [c.change], 'python', '/ws', text.length));
        }
        const results = await Promise.all(pending);
        assert.deepEqual(summary(results[2]), await fresh(text));
        assert.ok(results[2].findings.some((f) => f.ruleId === 'llm-output-code-execution'));
      });

      it('reports a document out of step with the editor, and one that is not open', async () => {
        await pool.openDocument('/ws/app.py', BEFORE, 'python', '/ws');
        const c = change(BEFORE, 'text = ', 'txt = ');
        await assert.rejects(pool.changeDocument('/ws/app.py', [c.change], 'python', '/ws', c.after.length + 1), DocumentOutOfSyncError);
        // The worker dropped the document: the next change must reopen it.
        await assert.rejects(pool.changeDocument('/ws/app.py', [c.change], 'python', '/ws', c.after.length), DocumentOutOfSyncError);
        await pool.openDocument('/ws/app.py', c.after, 'python', '/ws');
        await pool.closeDocument('/ws/app.py');
        await assert.rejects(pool.changeDocument('/ws/app.py', [c.change], 'python', '/ws', c.after.length), DocumentOutOfSyncError);
      });

      it('still answers the CLI requests and reports the loaded rules', async () => {
        const info = await pool.engineInfo();
        assert.deepEqual(info.rules.map((r) => r.id).sort(), engine.ruleInfos.map((r) => r.id).sort());
        const outcome = await pool.analyzeText('/ws/app.py', BEFORE, '/ws', 'python');
        assert.deepEqual(summary(outcome.result!), await fresh(BEFORE));
        const onDisk = await pool.analyzeFile(path.join(root, 'examples', 'chat-app', 'backend', 'analysis.py'), path.join(root, 'examples', 'chat-app'));
        assert.ok(onDisk.result && onDisk.result.findings.length > 0);
      });
    });
  }
});
