/**
 * Every input the fuzzer or a review found crashing or hanging the engine
 * (test/fixtures/regressions, described in its README) stays fixed, in the engine itself: they run
 * on this thread (an analysis pool without workers), where no watchdog would save a hang.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../src/engine/api';
import { AnalysisPool } from '../src/engine/pool';
import { languageForPath } from '../src/engine/languages';
import { runCase } from '../scripts/fuzz/check';

const DIR = path.join(__dirname, 'fixtures', 'regressions');
/** Generous: the machine running the tests may be shared and loaded. */
const HANG_MS = DEFAULT_CONFIG.fileTimeoutMs * 2;

describe('fuzz regressions', function () {
  this.timeout(300_000);
  const files = fs.readdirSync(DIR).filter((f) => languageForPath(f)).sort();
  let pool: AnalysisPool;
  before(() => {
    pool = new AnalysisPool({ config: DEFAULT_CONFIG }, 0);
  });
  after(() => pool.close());

  it('has regression inputs, each listed in the README', () => {
    assert.ok(files.length >= 10);
    const readme = fs.readFileSync(path.join(DIR, 'README.md'), 'utf8');
    for (const f of files) {
      const stem = f.replace(/\.(py|js|ts|mts)$/, '');
      assert.ok(readme.includes(stem), `${f} is not described in the README`);
    }
  });

  for (const name of files) {
    it(`${name}: no crash, no hang, a valid result, in a scan and in the editor`, async () => {
      const text = fs.readFileSync(path.join(DIR, name), 'utf8');
      const outcome = await runCase(pool, { index: 0, kind: 'mutate', label: name, ext: path.extname(name).slice(1), text }, { hangMs: HANG_MS, editor: true });
      assert.ok(outcome.status === 'ok' || outcome.status === 'skipped', `${outcome.status}: ${outcome.problem}`);
    });
  }
});
