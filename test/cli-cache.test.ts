/**
 * The result cache on the command line (out/cli.js, with worker threads): off unless asked for,
 * the user's cache directory by default, identical report bytes cold and warm, --no-cache wins,
 * a repository's .llmsec.yaml cannot turn it on or move it, `llmsec cache info|clear`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultCacheDir } from '../src/cli/cache';

const root = path.join(__dirname, '..');
const cli = path.join(root, 'out', 'cli.js');
const example = path.join(root, 'examples', 'chat-app');

const made: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `llmsec-cli-cache-${prefix}-`));
  made.push(dir);
  return dir;
}
after(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function listAll(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('llmsec scan --cache', function () {
  this.timeout(180_000);
  let home: string;
  let env: NodeJS.ProcessEnv;
  const run = (args: string[], cwd = root) => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };

  before(() => {
    assert.ok(fs.existsSync(cli), 'out/cli.js missing: run npm run build');
    home = tempDir('home');
    env = { ...process.env, NO_COLOR: '1', HOME: home, XDG_CACHE_HOME: path.join(home, 'xdg-cache') };
  });

  it('writes nothing without --cache', () => {
    const r = run(['scan', example, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(listAll(home), []);
    assert.doesNotMatch(r.stderr, /cache/);
  });

  it('--cache keeps results in $XDG_CACHE_HOME/llmsec; warm output is byte-identical, for JSON and SARIF', () => {
    const expected = { json: run(['scan', example, '--format', 'json', '--no-progress']).stdout, sarif: run(['scan', example, '--format', 'sarif', '--no-progress']).stdout };
    for (const format of ['json', 'sarif'] as const) {
      const cold = run(['scan', example, '--format', format, '--cache']);
      assert.equal(cold.code, 0, cold.stderr);
      const warm = run(['scan', example, '--format', format, '--cache']);
      assert.match(warm.stderr, /result cache .*xdg-cache\/llmsec: (\d+) of \1 analysed files unchanged/);
      assert.equal(cold.stdout, expected[format], `${format}: cold`);
      assert.equal(warm.stdout, expected[format], `${format}: warm`);
    }
    const dir = path.join(home, 'xdg-cache', 'llmsec');
    assert.ok(fs.existsSync(path.join(dir, 'CACHEDIR.TAG')));
    assert.ok(listAll(dir).some((f) => /^v1\/[0-9a-f]{2}\/[0-9a-f]{64}\.json$/.test(f)));
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
  });

  it('--cache-dir DIR; --no-cache wins over both', () => {
    const dir = path.join(tempDir('dir'), 'c');
    assert.equal(run(['scan', example, '--no-progress', '--cache-dir', dir, '--no-cache']).code, 0);
    assert.ok(!fs.existsSync(dir));
    assert.equal(run(['scan', example, '--no-progress', '--cache-dir', dir]).code, 0);
    assert.ok(fs.readdirSync(path.join(dir, 'v1')).length > 0);
    const info = run(['cache', 'info', '--cache-dir', dir]);
    assert.match(info.stdout, /^\d+ entries, [\d.]+ MB$/m);
    const cleared = run(['cache', 'clear', '--cache-dir', dir]);
    assert.equal(cleared.code, 0);
    assert.match(cleared.stdout, /removed [1-9]\d* cache entries/);
    assert.deepEqual(listAll(dir), ['CACHEDIR.TAG']);
  });

  it('a repository cannot turn the cache on or point it anywhere from .llmsec.yaml', () => {
    const repo = tempDir('repo');
    fs.cpSync(example, repo, { recursive: true });
    const planted = path.join(repo, 'planted-cache');
    fs.writeFileSync(path.join(repo, '.llmsec.yaml'), `cache: true\ncacheDir: ${planted}\n`);
    const r = run(['scan', repo, '--no-progress']);
    assert.equal(r.code, 2, 'unknown fields are configuration errors');
    assert.match(r.stderr, /config|\.llmsec\.yaml/);
    assert.ok(!fs.existsSync(planted));
  });

  it('rejects a bad --cache-max-mb', () => {
    const r = run(['scan', example, '--cache', '--cache-max-mb', 'lots']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--cache-max-mb/);
  });

  it('the default directory follows XDG_CACHE_HOME, else the platform convention', () => {
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux', '/home/u'), '/x/cache/llmsec');
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u'), '/home/u/.cache/llmsec');
    assert.equal(defaultCacheDir({}, 'linux', '/home/u'), '/home/u/.cache/llmsec');
    assert.equal(defaultCacheDir({}, 'darwin', '/Users/u'), '/Users/u/Library/Caches/llmsec');
  });
});
