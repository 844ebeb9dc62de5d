/**
 * The result cache (src/engine/result-cache.ts): a cached scan gives the same results and the
 * same report bytes as a fresh one, also from another checkout path; rules, configuration and
 * content changes invalidate; timing-dependent results are never stored; damaged, foreign and
 * future entries are ignored and replaced; writers in several processes and threads never leave
 * a torn entry; the size cap evicts the least recently used.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG, type EngineConfig } from '../src/engine/api';
import { scanPathsWithCache } from '../src/engine/cached-scan';
import { Engine } from '../src/engine/engine';
import type { FileResult, ScanResult } from '../src/engine/findings';
import { ResultCache, isCacheable, versionDir } from '../src/engine/result-cache';
import { clearCacheDir, prepareCacheDir, pruneCacheDir } from '../src/engine/result-cache-dir';
import { buildAiBom, serializeBom } from '../src/report/bom';
import { renderHtmlReport } from '../src/report/html';
import { serializeJsonReport, toJsonReport } from '../src/report/json';
import { manifestDirsFor, readManifests } from '../src/report/manifests';
import { serializeSarif, toSarif } from '../src/report/sarif';
import { diskSourceReader } from '../src/report/source';

const REPO = path.join(__dirname, '..');
const EXAMPLE = path.join(REPO, 'examples', 'chat-app');
const BUILTIN_RULES = path.join(REPO, 'rules');

const EXTRA_FILES: Record<string, string | Buffer> = {
  // A syntax error: its notice message starts with the absolute path (rebased on load).
  'backend/broken.py': 'import os\nfrom openai import OpenAI\nclient = OpenAI()\ndef f(q:\n    r = client.chat.completions.create(model="m", messages=[{"role": "user", "content": q}])\n    os.system(r.choices[0].message.content)\n',
  // Not UTF-8: the read's notice is not part of the cached result and must still be reported.
  'backend/latin1.py': Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nimport os\nfrom openai import OpenAI\nc = OpenAI()\nos.system(c.chat.completions.create(model="m", messages=[]).choices[0].message.content)\n')]),
};

const made: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `llmsec-cache-${prefix}-`));
  made.push(dir);
  return dir;
}
after(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function workspace(): string {
  const dir = tempDir('ws');
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  for (const [name, content] of Object.entries(EXTRA_FILES)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

async function scan(root: string, cacheDir?: string, config: EngineConfig = DEFAULT_CONFIG, builtinRulesDir?: string): Promise<ScanResult> {
  return scanPathsWithCache([root], config, { root, workers: 0, builtinRulesDir, ...(cacheDir ? { cache: { dir: cacheDir } } : {}) });
}

function reports(result: ScanResult): Record<'json' | 'sarif' | 'html' | 'bom', string> {
  const engine = Engine.create({ config: DEFAULT_CONFIG });
  const read = diskSourceReader(result.root);
  return {
    json: serializeJsonReport(toJsonReport(result)),
    sarif: serializeSarif(toSarif(result, engine.ruleInfos, { readSource: read })),
    html: renderHtmlReport(result, engine.ruleInfos, { readSource: read }),
    bom: serializeBom(buildAiBom(result, readManifests(result.root, manifestDirsFor(result)))),
  };
}

const withoutTimings = (r: ScanResult): FileResult[] => r.files.map((f) => ({ ...f, elapsedMs: 0 }));

function entryFiles(cacheDir: string): string[] {
  const v = versionDir(cacheDir);
  if (!fs.existsSync(v)) return [];
  return fs.readdirSync(v).flatMap((shard) => fs.readdirSync(path.join(v, shard)).map((n) => path.join(v, shard, n)));
}

describe('result cache', function () {
  this.timeout(240_000);
  let ws: string;
  let fresh: ScanResult;
  let freshReports: ReturnType<typeof reports>;

  before(async () => {
    ws = workspace();
    fresh = await scan(ws);
    freshReports = reports(fresh);
    assert.ok(fresh.files.some((f) => f.findings.length), 'the workspace has findings');
    assert.ok(fresh.files.some((f) => f.notices.some((n) => n.reason === 'syntax-error')), 'a result with a syntax-error notice');
    assert.ok(fresh.notices.some((n) => n.reason === 'not-utf8'), 'a read notice');
  });

  it('a warm scan answers every analysed file from the cache, with identical results and report bytes', async () => {
    const cacheDir = tempDir('warm');
    const cold = await scan(ws, cacheDir);
    assert.equal(cold.stats.filesFromCache, 0);
    assert.equal(entryFiles(cacheDir).length, fresh.stats.filesAnalysed);
    const warm = await scan(ws, cacheDir);
    assert.equal(warm.stats.filesFromCache, fresh.stats.filesAnalysed);
    assert.equal(warm.stats.filesAnalysed, fresh.stats.filesAnalysed);
    assert.deepStrictEqual(withoutTimings(warm), withoutTimings(fresh));
    assert.deepStrictEqual(warm.notices, fresh.notices);
    const warmReports = reports(warm);
    for (const format of ['json', 'sarif', 'html', 'bom'] as const) assert.equal(warmReports[format], freshReports[format], `${format} report`);
  });

  it('entries written under one checkout path serve a copy at another, rebased to the new path', async () => {
    const cacheDir = tempDir('moved');
    await scan(ws, cacheDir);
    const copy = workspace();
    const warm = await scan(copy, cacheDir);
    assert.equal(warm.stats.filesFromCache, fresh.stats.filesAnalysed);
    const freshCopy = await scan(copy);
    assert.deepStrictEqual(withoutTimings(warm), withoutTimings(freshCopy));
    assert.ok(!JSON.stringify(warm).includes(ws), 'no trace of the first path');
    const a = reports(warm);
    const b = reports(freshCopy);
    for (const format of ['json', 'sarif', 'html', 'bom'] as const) assert.equal(a[format], b[format], `${format} report`);
  });

  it('a result that mentions the scan root elsewhere is served only to its own path', () => {
    const cacheDir = tempDir('bound');
    const cache = new ResultCache(cacheDir, 'fp');
    const rootA = path.join(cacheDir, 'a');
    const fileA = path.join(rootA, 'app.py');
    const result: FileResult = { file: fileA, language: 'python', findings: [], callSites: [], modelSources: [], notices: [{ level: 'info', reason: 'syntax-error', file: fileA, message: `see ${rootA}/other.py` }], elapsedMs: 1 };
    cache.slot(fileA, 'x = 1\n', rootA).write(result);
    assert.ok(cache.slot(fileA, 'x = 1\n', rootA).read(), 'hit at its own path');
    const rootB = path.join(cacheDir, 'b');
    assert.equal(cache.slot(path.join(rootB, 'app.py'), 'x = 1\n', rootB).read(), undefined, 'miss at another path');
  });

  it('changed content is analysed again; the other files still come from the cache', async () => {
    const cacheDir = tempDir('content');
    const copy = workspace();
    await scan(copy, cacheDir);
    const changed = path.join(copy, 'backend', 'broken.py');
    fs.writeFileSync(changed, EXTRA_FILES['backend/broken.py'].toString().replace('def f(q:', 'def f(q):'));
    const warm = await scan(copy, cacheDir);
    assert.equal(warm.stats.filesFromCache, fresh.stats.filesAnalysed - 1);
    assert.deepStrictEqual(withoutTimings(warm), withoutTimings(await scan(copy)));
  });

  it('a changed setting invalidates: disabled rules, severities, size and time limits; exclusions do not', async () => {
    const cacheDir = tempDir('config');
    await scan(ws, cacheDir);
    const variants: Array<[string, Partial<EngineConfig>, boolean]> = [
      ['disabledRules', { disabledRules: ['llm-output-shell-command'] }, false],
      ['severityOverrides', { severityOverrides: { 'llm-output-shell-command': 'low' } }, false],
      ['maxFileBytes', { maxFileBytes: 1024 * 1024 }, false],
      ['fileTimeoutMs', { fileTimeoutMs: 9_000 }, false],
      ['parseTimeoutMs', { parseTimeoutMs: 4_000 }, false],
      ['exclude', { exclude: ['nothing-here/'] }, true],
    ];
    for (const [name, change, reused] of variants) {
      const config = { ...DEFAULT_CONFIG, ...change };
      const result = await scan(ws, cacheDir, config);
      assert.equal(result.stats.filesFromCache! > 0, reused, `${name}: from the cache ${result.stats.filesFromCache}`);
      assert.deepStrictEqual(withoutTimings(result), withoutTimings(await scan(ws, undefined, config)), `${name}: same as fresh`);
    }
  });

  it('a changed rule or catalogue file, built-in or in a user rule directory, invalidates', async () => {
    const cacheDir = tempDir('rules');
    const rules = tempDir('rules-copy');
    fs.cpSync(BUILTIN_RULES, rules, { recursive: true });
    const userRules = tempDir('user-rules');
    const config = { ...DEFAULT_CONFIG, ruleDirs: [userRules] };
    await scan(ws, cacheDir, config, rules);
    assert.equal((await scan(ws, cacheDir, config, rules)).stats.filesFromCache, fresh.stats.filesAnalysed);

    const ruleFile = path.join(rules, 'output-handling', 'llm-output-shell-command.yaml');
    fs.writeFileSync(ruleFile, fs.readFileSync(ruleFile, 'utf8').replace(/^title: .*$/m, 'title: LLM output runs as a shell command (edited)'));
    const afterRule = await scan(ws, cacheDir, config, rules);
    assert.equal(afterRule.stats.filesFromCache, 0, 'built-in rule edited');
    assert.ok(afterRule.files.some((f) => f.findings.some((x) => x.title.endsWith('(edited)'))));

    const catalogFile = path.join(rules, 'catalog', fs.readdirSync(path.join(rules, 'catalog')).find((n) => n.endsWith('.yaml'))!);
    fs.appendFileSync(catalogFile, '\n# a comment\n');
    assert.equal((await scan(ws, cacheDir, config, rules)).stats.filesFromCache, 0, 'catalogue file edited');

    fs.writeFileSync(path.join(userRules, 'notes.yaml'), '# not a rule yet\n');
    const afterUser = await scan(ws, cacheDir, config, rules);
    assert.equal(afterUser.stats.filesFromCache, 0, 'user rule directory changed');
  });

  it('never stores results that depend on timing or on a failure', () => {
    const base: FileResult = { file: '/w/a.py', language: 'python', findings: [], callSites: [], modelSources: [], notices: [], elapsedMs: 1 };
    const notice = (reason: string) => ({ ...base, notices: [{ level: 'warning' as const, reason, file: base.file, message: `${base.file}: x` }] });
    assert.ok(isCacheable(base));
    assert.ok(isCacheable(notice('syntax-error')));
    for (const reason of ['timeout', 'fixes-timeout', 'internal-error', 'parse-error', 'something-new']) assert.ok(!isCacheable(notice(reason)), reason);
    const cacheDir = tempDir('timing');
    const cache = new ResultCache(cacheDir, 'fp');
    cache.slot(base.file, 'x', '/w').write(notice('timeout'));
    assert.deepEqual(entryFiles(cacheDir), []);
  });

  it('a scan whose files run out of time stores nothing for them', async () => {
    const cacheDir = tempDir('budget');
    const dir = tempDir('budget-ws');
    const big = ['from openai import OpenAI', 'import os', 'c = OpenAI()'];
    for (let i = 0; i < 4000; i++) big.push(`def f${i}(q):\n    r = c.chat.completions.create(model="m", messages=[{"role": "user", "content": q}])\n    os.system(r.choices[0].message.content)`);
    fs.writeFileSync(path.join(dir, 'big.py'), big.join('\n'));
    const result = await scan(dir, cacheDir, { ...DEFAULT_CONFIG, fileTimeoutMs: 20 });
    assert.ok(result.notices.some((n) => n.reason === 'timeout' || n.reason === 'fixes-timeout'), JSON.stringify(result.notices));
    assert.deepEqual(entryFiles(cacheDir), []);
  });

  it('damaged, foreign and future entries are misses, and the next write replaces them', async () => {
    const cacheDir = tempDir('corrupt');
    await scan(ws, cacheDir);
    const entries = entryFiles(cacheDir).sort();
    const original = new Map(entries.map((e) => [e, fs.readFileSync(e, 'utf8')]));
    const [truncated, garbage, wrongKey, future, tampered, empty, ...rest] = entries;
    const text = (e: string) => original.get(e)!;
    fs.writeFileSync(truncated, text(truncated).slice(0, Math.floor(text(truncated).length / 2)));
    fs.writeFileSync(garbage, Buffer.from([0xff, 0x00, 0x7b, 0x0a, 0x22]));
    fs.writeFileSync(wrongKey, text(rest[0])); // a valid entry, in the wrong place
    fs.writeFileSync(future, text(future).replace('"version":1,', '"version":2,'));
    const [header, payload] = [text(tampered).slice(0, text(tampered).indexOf('\n')), text(tampered).slice(text(tampered).indexOf('\n') + 1)];
    fs.writeFileSync(tampered, `${header}\n${payload.replace('"language":"', '"language":"x')}`);
    fs.writeFileSync(empty, '');
    const damaged = [truncated, garbage, wrongKey, future, tampered, empty];
    if (process.platform !== 'win32') {
      // A FIFO must not block the scan, and a symbolic link is not followed.
      const [fifo, link] = rest.slice(1, 3);
      fs.rmSync(fifo);
      spawnSync('mkfifo', [fifo]);
      fs.rmSync(link);
      fs.writeFileSync(`${link}.target`, text(link));
      fs.symlinkSync(`${link}.target`, link);
      damaged.push(fifo, link);
    }
    const result = await scan(ws, cacheDir);
    assert.equal(result.stats.filesFromCache, fresh.stats.filesAnalysed - damaged.length);
    assert.deepStrictEqual(withoutTimings(result), withoutTimings(fresh));
    for (const e of damaged) assert.equal(fs.readFileSync(e, 'utf8'), original.get(e), `${path.basename(e)} rewritten`);
    assert.equal((await scan(ws, cacheDir)).stats.filesFromCache, fresh.stats.filesAnalysed);
  });

  it('writers in several processes and threads at once leave only whole entries', async () => {
    const cacheDir = tempDir('race');
    const script = path.join(__dirname, 'result-cache-race.ts');
    const run = (writer: number) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script, cacheDir, String(writer)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`writer ${writer} exited ${code}: ${out}`))));
      });
    const outputs = await Promise.all([1, 2, 3].map(run));
    for (const out of outputs) assert.match(out, /^ok reads=\d+ hits=\d+/m, out);
    const entries = entryFiles(cacheDir);
    assert.equal(entries.filter((e) => e.endsWith('.tmp')).length, 0, 'no temporary files left');
    assert.equal(entries.length, 40);
    const cache = new ResultCache(cacheDir, 'race');
    for (let k = 0; k < 40; k++) assert.ok(cache.slot(`/race/f${k}.py`, `text ${k}`, '/race').read(), `entry ${k} readable`);
  });

  it('the size cap removes the least recently used entries; stale temporary files go; other files stay', async () => {
    const cacheDir = tempDir('cap');
    const cache = new ResultCache(cacheDir, 'cap');
    const hours = (h: number) => new Date(Date.now() - h * 3600_000);
    const keys: string[] = [];
    for (let i = 0; i < 10; i++) {
      const file = `/cap/f${i}.py`;
      const slot = cache.slot(file, `text ${i}`, '/cap');
      slot.write({ file, language: 'python', findings: [], callSites: [], modelSources: [], notices: [], elapsedMs: 0 });
      const key = cache.keyOf(`f${i}.py`, `text ${i}`);
      keys.push(key);
      fs.utimesSync(cache.entryPath(key), hours(20 - i), hours(20 - i)); // f0 oldest
    }
    assert.ok(cache.slot('/cap/f0.py', 'text 0', '/cap').read(), 'reading f0 makes it the most recent');
    const size = fs.statSync(cache.entryPath(keys[0])).size;
    const shard = path.dirname(cache.entryPath(keys[1]));
    const staleTemp = path.join(shard, `${keys[1]}.json.1.0.abc.tmp`);
    const freshTemp = path.join(shard, `${keys[1]}.json.2.0.def.tmp`);
    const foreign = path.join(shard, 'notes.txt');
    for (const f of [staleTemp, freshTemp, foreign]) fs.writeFileSync(f, 'x');
    fs.utimesSync(staleTemp, hours(2), hours(2));
    const pruned = await pruneCacheDir(cacheDir, size * 5.5);
    const left = keys.filter((k) => fs.existsSync(cache.entryPath(k)));
    assert.equal(pruned.removed, 10 - left.length);
    assert.ok(pruned.bytes <= size * 5.5 * 0.8 + 1, `${pruned.bytes} bytes left`);
    assert.deepEqual(left, [keys[0], ...keys.slice(10 - (left.length - 1))], 'the most recently used are kept');
    assert.ok(!fs.existsSync(staleTemp) && fs.existsSync(freshTemp) && fs.existsSync(foreign));
    const cleared = await clearCacheDir(cacheDir);
    assert.equal(cleared.removed, left.length);
    assert.deepEqual(fs.readdirSync(path.dirname(foreign)), ['notes.txt']);
  });

  it('refuses a cache directory anyone can write to, and the scan goes on without it', async function () {
    if (process.platform === 'win32') this.skip();
    const dir = tempDir('open');
    fs.chmodSync(dir, 0o777);
    const check = prepareCacheDir(dir);
    assert.equal(check.ok, false);
    const result = await scan(ws, dir);
    assert.ok(result.notices.some((n) => n.reason === 'cache-unavailable'));
    assert.equal(result.stats.filesFromCache, undefined);
    assert.deepStrictEqual(withoutTimings(result), withoutTimings(fresh));
    assert.deepEqual(entryFiles(dir), []);
    const made = path.join(tempDir('made'), 'nested', 'cache');
    assert.deepEqual(prepareCacheDir(made), { ok: true });
    assert.equal(fs.statSync(made).mode & 0o777, 0o700);
    assert.ok(fs.readFileSync(path.join(made, 'CACHEDIR.TAG'), 'utf8').startsWith('Signature: 8a477f597d28d172789f06886806bc55'));
  });
});
