import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// The CLI as users run it: the bundled out/cli.js (built by `npm ci` / `npm run build`).
const root = path.join(__dirname, '..');
const cli = path.join(root, 'out', 'cli.js');
const example = path.join(root, 'examples', 'chat-app');

function run(args: string[], cwd = root): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmsec-cli-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('llmsec CLI', function () {
  this.timeout(180_000);
  before(() => assert.ok(fs.existsSync(cli), 'out/cli.js missing: run npm run build'));

  it('--help lists the commands and exits 0', () => {
    const r = run(['--help']);
    assert.equal(r.code, 0);
    for (const word of ['scan', 'bom', 'baseline', '--format', '--fail-on', '--rules']) assert.ok(r.stdout.includes(word), word);
  });

  it('scans the example workspace: text output with locations, rules and standards', () => {
    const r = run(['scan', example, '--no-progress']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /backend\/analysis\.py:\d+:\d+ +CRITICAL +llm-output-code-execution/);
    assert.match(r.stdout, /LLM05:2025 · ISO 42001 A\.6\.2\.4/);
    assert.match(r.stdout, /flow:/);
    assert.match(r.stdout, /\d+ findings \(/);
  });

  it('--fail-on sets the exit code', () => {
    assert.equal(run(['scan', example, '--no-progress', '--fail-on', 'high']).code, 1);
    const clean = tempDir({ 'ok.py': 'import json\nprint(json.dumps({}))\n' });
    assert.equal(run(['scan', clean, '--no-progress', '--fail-on', 'low']).code, 0);
  });

  it('exits 2 with a clear message on usage and configuration errors', () => {
    const bad = run(['scan', '--format', 'xml', example]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format must be text, json, sarif or html/);
    assert.equal(run(['scan', '/no/such/dir']).code, 2);
    assert.equal(run(['frobnicate']).code, 2);
    const dir = tempDir({ '.llmsec.yaml': 'rules:\n  disable: notalist\n', 'a.py': 'x = 1\n' });
    const cfg = run(['scan', dir, '--no-progress']);
    assert.equal(cfg.code, 2);
    assert.match(cfg.stderr, /\.llmsec\.yaml: field rules\.disable/);
  });

  it('JSON output is byte-identical across runs and uses paths relative to the root', () => {
    const a = run(['scan', example, '--format', 'json', '--no-progress']);
    const b = run(['scan', example, '--format', 'json', '--no-progress', '--workers', '1']);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    const report = JSON.parse(a.stdout);
    assert.ok(report.findings.length >= 10);
    assert.ok(report.findings.every((f: { location: { file: string } }) => !path.isAbsolute(f.location.file)));
  });

  it('honours .gitignore, vendored folders and the config file, and reports unreadable input', () => {
    const flagged = 'from openai import OpenAI\nr = OpenAI().responses.create(model="m", input="x")\neval(r.output_text)\n';
    const dir = tempDir({
      '.gitignore': 'generated/\n',
      'app.py': flagged,
      'generated/copy.py': flagged,
      'node_modules/pkg/index.py': flagged,
      'skip/me.py': flagged,
      '.llmsec.yaml': 'exclude: ["skip/"]\n',
      'blob.py': Buffer.from([0x70, 0x00, 0x01, 0x02]),
    });
    const r = run(['scan', dir, '--format', 'json', '--no-progress']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual([...new Set(report.findings.map((f: { location: { file: string } }) => f.location.file))], ['app.py']);
    assert.ok(report.notices.some((n: { reason: string; file?: string }) => n.reason === 'binary' && n.file === 'blob.py'));
  });

  it('survives a symlink loop and a file over the size limit', () => {
    const dir = tempDir({ 'a.py': 'print(1)\n', 'big.py': '#' + 'x'.repeat(3 * 1024 * 1024) + '\n' });
    fs.symlinkSync(dir, path.join(dir, 'loop'));
    const r = run(['scan', dir, '--format', 'json', '--no-progress']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.ok(report.notices.some((n: { reason: string }) => n.reason === 'too-large'));
  });

  it('baseline accepts the current findings; later scans report only new ones', () => {
    const dir = tempDir({});
    fs.cpSync(example, dir, { recursive: true });
    assert.equal(run(['scan', dir, '--no-progress', '--fail-on', 'high']).code, 1);
    const base = run(['baseline', dir, '--no-progress', '--owner', 'security-team']);
    assert.equal(base.code, 0, base.stderr);
    const register = fs.readFileSync(path.join(dir, '.llmsec', 'accepted-risks.yaml'), 'utf8');
    assert.match(register, /owner: security-team/);
    const after = run(['scan', dir, '--no-progress', '--fail-on', 'high', '--format', 'json']);
    assert.equal(after.code, 0, after.stderr);
    const report = JSON.parse(after.stdout);
    assert.ok(report.findings.length > 0 && report.findings.every((f: { suppression?: { kind: string } }) => f.suppression?.kind === 'register'));
    // A new mistake is still reported.
    fs.appendFileSync(path.join(dir, 'backend', 'analysis.py'), '\n\ndef again(q):\n    r = client.responses.create(model="m", input=q)\n    exec(r.output_text)\n');
    const next = run(['scan', dir, '--no-progress', '--fail-on', 'high']);
    assert.equal(next.code, 1, next.stdout);
  });

  it('lists the rules with their OWASP ids', () => {
    const r = run(['rules']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /llm-output-shell-command +critical +LLM05:2025/);
  });
});
