import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine, lower } from '../src/engine/engine';
import { DocumentAnalyzer } from '../src/engine/documents';
import { lowerIncrementally } from '../src/engine/incremental-lowering';
import { languageForPath } from '../src/engine/languages';
import { parse } from '../src/engine/parser';
import { listFixtures } from '../src/tools/fixtures';

const rulesDir = path.join(__dirname, '..', 'rules');

function summary(findings: { ruleId: string; location: { startOffset: number; endOffset: number }; flow: unknown[]; message: string; fixes: unknown[] }[]): string[] {
  return findings.map((f) => `${f.ruleId}@${f.location.startOffset}-${f.location.endOffset} ${f.flow.length} ${f.message} ${JSON.stringify(f.fixes)}`).sort();
}

describe('incremental analysis', function () {
  this.timeout(120_000);
  const engine = Engine.create();

  it('lowering statement by statement gives the same IR as lowering the whole file', async () => {
    for (const file of listFixtures(rulesDir)) {
      const text = fs.readFileSync(file, 'utf8');
      const lang = languageForPath(file)!;
      const tree = await parse(lang, text);
      const whole = lower(tree, text, lang);
      const chunked = lowerIncrementally(tree, text, lang, undefined).module;
      assert.deepEqual(chunked.body, whole.body, path.basename(file));
      assert.deepEqual(chunked.comments, whole.comments, path.basename(file));
      tree.delete();
    }
  });

  it('after edits, incremental results equal a fresh analysis of the same text', async () => {
    const files = listFixtures(rulesDir).filter((f) => /system-prompt\.(py|ts)$|code-execution\.py$|fixes\/.*\.(py|ts)$/.test(f));
    for (const file of files) {
      const lang = languageForPath(file)!;
      let text = fs.readFileSync(file, 'utf8');
      const docs = new DocumentAnalyzer(engine);
      await docs.open(file, text, lang);
      // Type into strings, delete characters, insert a statement, then undo part of it.
      const edits: { at: number; remove: number; insert: string }[] = [];
      for (let i = 1; i <= 12; i++) edits.push({ at: Math.floor((text.length * i) / 13), remove: i % 3 === 0 ? 1 : 0, insert: i % 4 === 0 ? '\n' : 'x' });
      for (const e of edits) {
        const result = await docs.change(file, [{ rangeOffset: e.at, rangeLength: e.remove, text: e.insert }], lang);
        text = text.slice(0, e.at) + e.insert + text.slice(e.at + e.remove);
        assert.equal(docs.textOf(file), text);
        const fresh = await engine.analyzeText(file, text, { language: lang });
        assert.deepEqual(summary(result.findings), summary(fresh.findings), `${path.basename(file)} after an edit at ${e.at}`);
      }
      docs.closeAll();
    }
  });
});
