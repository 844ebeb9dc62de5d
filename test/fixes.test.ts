/**
 * Quick fixes, end to end: for each pair `rules/<family>/fixes/<id>.<ext>` + `<id>.fixed.<ext>`,
 * the engine's preferred fixes for rule <id>, applied together, must give the .fixed text exactly;
 * the result must parse, and the rule must stop reporting at the fixed sites (hf-unpinned-model
 * must keep reporting: its placeholder is not a commit SHA). Also: edits never overlap, no fix
 * ever shows a hardcoded key, and the registry agrees with the rule files.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine, lower } from '../src/engine/engine';
import type { Finding, Fix, TextEdit } from '../src/engine/findings';
import { languageForPath } from '../src/engine/languages';
import { parse } from '../src/engine/parser';
import { LineIndex } from '../src/engine/span';
import { applyEdits, combineFixes, editsOverlap } from '../src/engine/fixes/apply';
import { fixKindByRule, generatorsByKind } from '../src/engine/fixes/registry';
import { REVISION_PLACEHOLDER } from '../src/engine/fixes/hf-revision';

const RULES = path.join(__dirname, '..', 'rules');
const SNIPPET = /\$\{\d+:([^}]*)\}/g;

interface Pair {
  ruleId: string;
  input: string;
  fixed: string;
}

function fixturePairs(): Pair[] {
  const pairs: Pair[] = [];
  for (const family of fs.readdirSync(RULES)) {
    const dir = path.join(RULES, family, 'fixes');
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      const m = /^(.+?)\.([a-z]+)$/.exec(name);
      if (!m || name.includes('.fixed.') || !languageForPath(name)) continue;
      pairs.push({ ruleId: m[1], input: path.join(dir, name), fixed: path.join(dir, `${m[1]}.fixed.${m[2]}`) });
    }
  }
  return pairs;
}

async function syntaxErrors(file: string, text: string): Promise<number> {
  const language = languageForPath(file)!;
  const tree = await parse(language, text);
  try {
    return lower(tree, text, language).syntaxErrors.length;
  } finally {
    tree.delete();
  }
}

function preferred(f: Finding): Fix | undefined {
  return f.fixes.find((x) => x.isPreferred);
}

/** Where an offset of the old text lands in the new one. */
function mapOffset(edits: readonly TextEdit[], offset: number, side: 'start' | 'end'): number {
  let delta = 0;
  for (const e of [...edits].sort((a, b) => a.startOffset - b.startOffset)) {
    if (e.endOffset < offset || (e.endOffset === offset && (e.startOffset < e.endOffset || side === 'start' || e.startOffset < offset))) delta += e.newText.length - (e.endOffset - e.startOffset);
    else if (e.startOffset < offset && offset < e.endOffset) return e.startOffset + delta + (side === 'end' ? e.newText.length : 0);
    else break;
  }
  return offset + delta;
}

/** Findings of a rule in the new text on the lines an old finding's range maps to. */
function atSite(after: Finding[], ruleId: string, f: Finding, edits: readonly TextEdit[], newLines: LineIndex): Finding[] {
  const first = newLines.position(mapOffset(edits, f.location.startOffset, 'start')).line;
  const last = newLines.position(mapOffset(edits, f.location.endOffset, 'end')).line;
  return after.filter((a) => a.ruleId === ruleId && a.location.range.start.line >= first && a.location.range.start.line <= last);
}

/** Hardcoded keys the engine found in a file: the literal's text without its quotes. */
function keysIn(text: string, findings: Finding[]): string[] {
  return findings.filter((f) => f.ruleId === 'hardcoded-api-key').map((f) => text.slice(f.location.startOffset, f.location.endOffset).replace(/^['"`]|['"`]$/g, ''));
}

describe('quick fixes', function () {
  let engine: Engine;
  const pairs = fixturePairs();

  before(() => {
    engine = Engine.create();
  });

  it('has fixture pairs, each with its .fixed file, for every rule that offers a fix', () => {
    assert.ok(pairs.length >= 10, `only ${pairs.length} fixture pairs`);
    for (const p of pairs) assert.ok(fs.existsSync(p.fixed), `missing ${path.relative(RULES, p.fixed)}`);
    const covered = new Set(pairs.map((p) => p.ruleId));
    for (const ruleId of Object.keys(fixKindByRule)) assert.ok(covered.has(ruleId), `no fixture pair for ${ruleId}`);
  });

  it('registers a generator for every fix kind the rule files name, by the same rule ids', () => {
    const withFixes = engine.rules.filter((r) => r.fixes.length);
    for (const rule of withFixes) {
      for (const fix of rule.fixes) {
        assert.ok(generatorsByKind[fix.kind], `${rule.id}: no generator for kind ${fix.kind}`);
        assert.equal(fixKindByRule[rule.id], fix.kind, `${rule.id}: registry kind differs from the rule file`);
      }
    }
    assert.deepEqual(Object.keys(fixKindByRule).sort(), withFixes.map((r) => r.id).sort());
  });

  for (const pair of pairs) {
    const name = path.relative(RULES, pair.input);
    describe(name, () => {
      let input: string;
      let findings: Finding[];
      let fixes: Fix[];
      let edits: TextEdit[];
      let output: string;

      before(async () => {
        input = fs.readFileSync(pair.input, 'utf8');
        findings = (await engine.analyzeText(pair.input, input)).findings.filter((f) => f.ruleId === pair.ruleId);
        fixes = findings.map(preferred).filter((f): f is Fix => f !== undefined);
        edits = combineFixes(fixes).edits;
        output = applyEdits(input, edits);
      });

      it('parses, and the rule reports something with a preferred fix', async () => {
        assert.equal(await syntaxErrors(pair.input, input), 0);
        assert.ok(fixes.length > 0, 'no preferred fix offered');
        for (const f of findings) assert.ok(f.fixes.filter((x) => x.isPreferred).length <= 1, 'more than one preferred fix');
      });

      it('gives the .fixed text when every preferred fix is applied', () => {
        assert.equal(output, fs.readFileSync(pair.fixed, 'utf8'));
      });

      it('gives text that parses, with snippet placeholders as written and as filled in', async () => {
        assert.equal(await syntaxErrors(pair.input, output), 0);
        assert.equal(await syntaxErrors(pair.input, output.replace(SNIPPET, '$1')), 0);
      });

      it('fixes the sites: the rule stops reporting there, unless the fix title says it still reports', async () => {
        const after = (await engine.analyzeText(pair.input, output)).findings;
        const expanded = output.replace(SNIPPET, '$1');
        const afterExpanded = (await engine.analyzeText(pair.input, expanded)).findings;
        const lines = new LineIndex(output);
        const expandedEdits = edits.map((e) => ({ ...e, newText: e.newText.replace(SNIPPET, '$1') }));
        const expandedLines = new LineIndex(expanded);
        for (const f of findings) {
          const fix = preferred(f);
          if (!fix) continue;
          const where = `${pair.ruleId} at line ${f.location.range.start.line + 1}`;
          const remaining = atSite(after, pair.ruleId, f, edits, lines);
          if (pair.ruleId === 'hf-unpinned-model') {
            // The placeholder is not a commit: the finding stays until a real SHA is written.
            assert.ok(fix.isSnippet, `${where}: the revision placeholder must be a snippet`);
            assert.equal(remaining.length, 1, `${where}: must keep reporting with the placeholder`);
            assert.equal(atSite(afterExpanded, pair.ruleId, f, expandedEdits, expandedLines).length, 1, `${where}: must keep reporting with the placeholder text`);
          } else if (remaining.length) {
            assert.match(fix.title, /\bstill\b/, `${where}: still reported after "${fix.title}"`);
          }
        }
      });
    });
  }

  it('never offers edits that overlap inside one fix', async () => {
    for (const pair of pairs) {
      const text = fs.readFileSync(pair.input, 'utf8');
      for (const f of (await engine.analyzeText(pair.input, text)).findings) {
        for (const fix of f.fixes) {
          for (let i = 0; i < fix.edits.length; i++) {
            for (let j = i + 1; j < fix.edits.length; j++) assert.ok(!editsOverlap(fix.edits[i], fix.edits[j]), `${path.basename(pair.input)}: "${fix.title}" has overlapping edits`);
          }
        }
      }
    }
  });

  it('never puts a hardcoded key in a fix title or edit', async () => {
    const files = [...pairs.map((p) => p.input), ...fs.readdirSync(path.join(RULES, 'secrets')).filter((n) => languageForPath(n) && !n.includes('.fixed.')).map((n) => path.join(RULES, 'secrets', n))];
    let checked = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const findings = (await engine.analyzeText(file, text)).findings;
      const keys = keysIn(text, findings);
      for (const f of findings) {
        for (const fix of f.fixes) {
          for (const key of keys) {
            assert.ok(!fix.title.includes(key), `${path.basename(file)}: a fix title shows a key`);
            for (const e of fix.edits) assert.ok(!e.newText.includes(key), `${path.basename(file)}: a fix edit writes a key`);
          }
          checked++;
        }
      }
      if (file.includes(`${path.sep}secrets${path.sep}`)) assert.ok(keys.length > 0, `${path.basename(file)}: no keys found`);
    }
    assert.ok(checked > 0);
  });

  it('uses a revision placeholder that is not a commit SHA', () => {
    const filled = REVISION_PLACEHOLDER.replace(SNIPPET, '$1');
    assert.doesNotMatch(filled, /^[0-9a-f]{40}$/);
    assert.doesNotMatch(filled, /^(main|master)$/);
  });
});

describe('applying fixes', () => {
  const fix = (edits: TextEdit[]): Fix => ({ title: 't', edits, isPreferred: true });

  it('applies identical edits once and keeps same-point insertions in list order', () => {
    const importOs = { startOffset: 0, endOffset: 0, newText: 'import os\n' };
    const a = fix([importOs, { startOffset: 10, endOffset: 11, newText: 'A' }]);
    const b = fix([importOs, { startOffset: 0, endOffset: 0, newText: 'import re\n' }, { startOffset: 12, endOffset: 13, newText: 'B' }]);
    const { edits, skipped } = combineFixes([a, b]);
    assert.equal(skipped.length, 0);
    assert.equal(applyEdits('0123456789xyz', edits), 'import os\nimport re\n0123456789AyB');
  });

  it('leaves out a fix whose edits overlap an accepted one, whole', () => {
    const a = fix([{ startOffset: 2, endOffset: 6, newText: 'X' }]);
    const b = fix([{ startOffset: 0, endOffset: 0, newText: 'import y\n' }, { startOffset: 4, endOffset: 8, newText: 'Y' }]);
    const { applied, skipped, edits } = combineFixes([a, b]);
    assert.deepEqual([applied.length, skipped.length], [1, 1]);
    assert.equal(applyEdits('0123456789', edits), '01X6789');
  });

  it('puts an insertion before a replacement that starts at the same offset', () => {
    assert.equal(applyEdits('eval(x)', [{ startOffset: 0, endOffset: 4, newText: 'ast.literal_eval' }, { startOffset: 0, endOffset: 0, newText: '>' }]), '>ast.literal_eval(x)');
  });

  it('refuses overlapping edits', () => {
    assert.throws(() => applyEdits('abcdef', [{ startOffset: 1, endOffset: 4, newText: '' }, { startOffset: 3, endOffset: 5, newText: '' }]), /overlapping/);
  });
});
