import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_CONFIG } from '../src/engine/api';
import { scanPaths } from '../src/engine/scan';
import { serializeJsonReport, toJsonReport } from '../src/report/json';
import { buildFixture } from './report-fixture';

const ROOT = '/work/acme/chat-service';

describe('JSON report', () => {
  it('uses paths relative to the root, sorted findings, and keeps suppressed ones', () => {
    const { result } = buildFixture({ root: ROOT });
    const report = toJsonReport(result);
    const where = report.findings.map((f) => `${f.location.file}:${f.location.range.start.line + 1}`);
    assert.deepEqual(where, [
      'app/server.py:8',
      'app/server.py:17',
      'app/server.py:20',
      'app/server.py:22',
      'config/keys.py:3',
      'ml/load_model.py:5',
      'ml/load_model.py:5',
      'ml/load_model.py:6',
      'web/src/"><img src=x onerror="window.__pwned=1">.ts:7',
      'web/src/chat.ts:12',
      'web/src/chat.ts:15',
    ]);
    assert.equal(report.findings.filter((f) => f.suppression).length, 1);
    assert.ok(report.findings.every((f) => f.flow.every((s) => !s.location.file.startsWith('/'))));
    assert.deepEqual(report.callSites.map((c) => c.location.file), ['app/server.py', 'web/src/"><img src=x onerror="window.__pwned=1">.ts', 'web/src/chat.ts']);
    assert.equal(report.notices[0].file, 'static/bundle.min.js');
    assert.deepEqual(report.summary.open, { critical: 2, high: 5, medium: 3, low: 0, info: 0 });
    assert.equal(report.summary.suppressed, 1);
  });

  it("lists a skipped file's notice once (the scan and the file's result both carry it)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmsec-json-'));
    try {
      // A real flow (so the prefilter lets it through) and enough code to overrun a 200 ms budget.
      const flow = 'import os\nfrom openai import OpenAI\nclient = OpenAI()\nr = client.chat.completions.create(model="gpt-4o", messages=[])\nos.system(r.choices[0].message.content)\n';
      fs.writeFileSync(path.join(dir, 'slow.py'), flow + Array.from({ length: 3000 }, (_, i) => `v${i} = 1\n`).join('') + 'if a:\n    b = 1\n'.repeat(3000));
      const result = await scanPaths([dir], { ...DEFAULT_CONFIG, fileTimeoutMs: 200 }, { root: dir, workers: 0 });
      assert.equal(result.stats.filesSkipped, 1);
      const notices = toJsonReport(result).notices.filter((n) => n.file === 'slow.py');
      assert.deepEqual(notices.map((n) => n.reason), ['timeout'], JSON.stringify(notices));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is byte-identical across runs and worker orders, without timings unless asked', () => {
    const one = buildFixture({ root: ROOT }).result;
    const two = buildFixture({ root: ROOT }).result;
    two.files.reverse();
    two.files.forEach((f, i) => (f.elapsedMs = 100 + i));
    two.stats.elapsedMs = 9999;
    const a = serializeJsonReport(toJsonReport(one));
    assert.equal(serializeJsonReport(toJsonReport(two)), a);
    assert.doesNotMatch(a, /elapsedMs/);
    assert.match(serializeJsonReport(toJsonReport(two, { includeTimings: true })), /"elapsedMs": 9999/);
    // Keys are sorted at every level.
    const keys = Object.keys(JSON.parse(a) as object);
    assert.deepEqual(keys, [...keys].sort());
  });
});
