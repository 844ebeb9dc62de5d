/**
 * Results of edited documents sent as differences (src/engine/result-delta.ts): rebuilding the
 * new result from the previous one and the difference gives exactly the new result, after
 * random edits of the rule fixtures; and the difference of a small edit to a large file is small.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { Engine } from '../src/engine/engine';
import { DocumentAnalyzer } from '../src/engine/documents';
import { languageForPath } from '../src/engine/languages';
import type { FileResult } from '../src/engine/findings';
import { applyDelta, diffResult, moveItem } from '../src/engine/result-delta';
import { listFixtures } from '../src/tools/fixtures';
import { applyEdit, prng, randomEdit } from '../scripts/fuzz/edits';

const root = path.join(__dirname, '..');

describe('document results as differences', function () {
  this.timeout(120_000);
  const engine = Engine.create();

  it('the previous result and the difference rebuild the new result exactly, after random edits', async () => {
    let checked = 0;
    let kept = 0;
    for (const file of listFixtures(path.join(root, 'rules'))) {
      const lang = languageForPath(file)!;
      let text = fs.readFileSync(file, 'utf8');
      const docs = new DocumentAnalyzer(engine, { fixes: 'lazy' });
      let previous: FileResult = await docs.open(file, text, lang);
      // What the receiving side holds: a copy, as it arrives across threads.
      let received: FileResult = structuredClone(previous);
      const rand = prng(file.length);
      for (let i = 0; i < 8; i++) {
        const edit = randomEdit(text, rand, lang === 'python');
        text = applyEdit(text, edit);
        const next = await docs.change(file, [edit], lang);
        const delta = structuredClone(diffResult(previous, next, docs.lastEditOf(file)!));
        received = applyDelta(received, delta);
        assert.deepEqual(received, next, `${path.basename(file)} after edit ${i}`);
        kept += delta.findings.filter((s) => typeof s === 'number').length;
        previous = next;
        checked++;
      }
    }
    assert.ok(checked > 300);
    assert.ok(kept > checked, `${kept} findings sent as references`);
  });

  // The generated handlers repeat their lines, and a finding's fingerprint counts the identical
  // lines before it: an edit of one handler's line renumbers those below it, which are then sent
  // in full. A comment line between two functions changes no finding, it moves half of them.
  it('a line added in the middle of a large file sends a few findings, not all of them', async () => {
    const { generateLlmApp } = await import('../scripts/bench/lib/llm-app-code.mjs');
    const text = generateLlmApp('python', 5000, 3);
    const docs = new DocumentAnalyzer(engine, { fixes: 'lazy' });
    const before = await docs.open('big.py', text, 'python');
    const at = text.indexOf('\n\n\n', text.length / 2) + 1;
    const after = await docs.change('big.py', [{ rangeOffset: at, rangeLength: 0, text: '# reviewed\n' }], 'python');
    assert.equal(after.findings.length, before.findings.length);
    const delta = diffResult(before, after, docs.lastEditOf('big.py')!);
    const sent = delta.findings.filter((s) => typeof s !== 'number').length;
    assert.ok(after.findings.length > 200, `${after.findings.length} findings`);
    assert.ok(sent <= 5, `${sent} of ${after.findings.length} findings sent in full`);
    assert.ok(JSON.stringify(delta).length < JSON.stringify(after).length / 20);
    assert.deepEqual(applyDelta(before, delta), after);
  });

  it('an item on a line the edit touched is not moved (it must be sent again)', () => {
    const edit = { start: 100, oldEnd: 105, delta: 3, firstLine: 4, lastLine: 4, lineDelta: 0 };
    const at = (line: number, start: number) => ({ file: 'f', range: { start: { line, character: 2 }, end: { line, character: 9 } }, startOffset: start, endOffset: start + 7 });
    const site = { provider: 'openai', sdk: 'openai', api: 'x', model: null, endpoint: null, streaming: false, location: at(4, 110) };
    assert.equal(moveItem(site, edit), undefined);
    const later = moveItem({ ...site, location: at(6, 150) }, edit)!;
    assert.equal(later.location.startOffset, 153);
    assert.equal(later.location.range.start.line, 6);
    const before = { ...site, location: at(2, 50) };
    assert.equal(moveItem(before, edit), before);
  });
});
