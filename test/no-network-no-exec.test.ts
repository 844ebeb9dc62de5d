/**
 * The user's machine: a full CLI scan makes no network request, starts no process and runs none
 * of the scanned code, and writes nothing but the output the user asked for.
 *
 * The built CLI (out/cli.js, what users run) is started in a child Node process with a preload
 * (`--require`) that replaces every way to reach the network (sockets, DNS, HTTP, HTTP/2, TLS,
 * UDP, fetch, listening servers) or to start a program (child_process, native add-ons, eval) with
 * functions that record the attempt and throw. The preload is inherited by the analysis worker
 * threads, and each thread reports that it is armed. File writes are recorded, not blocked.
 * The scanned trees are copies of examples/chat-app and of the rule fixtures in rules/, hashed
 * before and after.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'out', 'cli.js');

/** The preload. Plain CommonJS: it runs before anything else in every thread. */
const TRAP = String.raw`
'use strict';
const fs = require('fs');
const { isMainThread, threadId } = require('worker_threads');
// Opened before anything is patched; each line is one write() on an O_APPEND descriptor.
const fd = fs.openSync(process.env.LLMSEC_TRAP_LOG, 'a');
const writeSync = fs.writeSync;
function log(kind, detail) {
  writeSync(fd, JSON.stringify({ thread: threadId, kind, detail: String(detail).slice(0, 300) }) + '\n');
}
function trap(obj, name, kind) {
  const original = obj[name];
  if (typeof original !== 'function') return;
  obj[name] = function trapped(...args) {
    log(kind, name + ' ' + JSON.stringify(args.filter((a) => typeof a !== 'function')).slice(0, 200));
    throw new Error('llmsec trap: ' + kind + ' ' + name + ' is not allowed');
  };
}
const net = require('net');
trap(net.Socket.prototype, 'connect', 'network');
trap(net, 'connect', 'network');
trap(net, 'createConnection', 'network');
trap(net.Server.prototype, 'listen', 'network');
trap(require('tls'), 'connect', 'network');
trap(require('dgram'), 'createSocket', 'network');
const dns = require('dns');
for (const name of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'reverse']) {
  trap(dns, name, 'network');
  trap(dns.promises, name, 'network');
}
for (const mod of ['http', 'https']) {
  trap(require(mod), 'request', 'network');
  trap(require(mod), 'get', 'network');
}
trap(require('http2'), 'connect', 'network');
trap(globalThis, 'fetch', 'network');
trap(globalThis, 'WebSocket', 'network');
const cp = require('child_process');
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) trap(cp, name, 'exec');
trap(process, 'dlopen', 'exec');
trap(globalThis, 'eval', 'exec');
// Writes are allowed but recorded with their path.
for (const name of ['writeFileSync', 'writeFile', 'appendFile', 'createWriteStream', 'mkdirSync', 'mkdir', 'renameSync', 'rename', 'unlinkSync', 'unlink', 'rmSync', 'rm', 'copyFileSync', 'copyFile', 'symlinkSync', 'symlink', 'truncateSync', 'chmodSync', 'utimesSync', 'openSync']) {
  const original = fs[name];
  if (typeof original !== 'function') continue;
  fs[name] = function recorded(target, ...rest) {
    const flags = name === 'openSync' ? String(rest[0] ?? 'r') : 'w';
    if (name !== 'openSync' || /[wa+]/.test(flags)) log('write', name + ' ' + String(target));
    return original.call(this, target, ...rest);
  };
}
for (const name of ['writeFile', 'appendFile', 'mkdir', 'rename', 'unlink', 'rm', 'copyFile', 'symlink']) {
  const original = fs.promises[name];
  fs.promises[name] = function recorded(target, ...rest) {
    log('write', 'promises.' + name + ' ' + String(target));
    return original.call(this, target, ...rest);
  };
}
const { Worker } = require('worker_threads');
require('worker_threads').Worker = class RecordedWorker extends Worker {
  constructor(script, options) {
    log('worker', String(script));
    super(script, options);
  }
};
log('armed', isMainThread ? 'main' : 'worker');
`;

interface TrapEvent {
  thread: number;
  kind: 'network' | 'exec' | 'write' | 'worker' | 'armed';
  detail: string;
}

/** Every file and folder under `dir`, with a content hash for files. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      const rel = path.relative(dir, full);
      if (e.isDirectory()) {
        out.set(rel + '/', 'dir');
        stack.push(full);
      } else {
        out.set(rel, crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex'));
      }
    }
  }
  return out;
}

function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, filter: (src) => !/[\\/](node_modules|\.next|__pycache__)([\\/]|$)/.test(src) });
}

describe('no network, no execution, no writes: a full scan under a trap', function () {
  this.timeout(300_000);
  let tmp: string;
  let workspace: string;
  let trapFile: string;
  let logFile: string;

  before(() => {
    assert.ok(fs.existsSync(CLI), 'out/cli.js missing: run npm run build');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'llmsec-trap-'));
    workspace = path.join(tmp, 'workspace');
    copyTree(path.join(ROOT, 'examples', 'chat-app'), path.join(workspace, 'chat-app'));
    copyTree(path.join(ROOT, 'rules'), path.join(workspace, 'rule-fixtures'));
    trapFile = path.join(tmp, 'trap.cjs');
    fs.writeFileSync(trapFile, TRAP);
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function run(args: string[], cwd = tmp): { code: number | null; stdout: string; stderr: string; events: TrapEvent[] } {
    logFile = path.join(tmp, `trap-${crypto.randomUUID()}.log`);
    fs.writeFileSync(logFile, '');
    const r = spawnSync(process.execPath, ['--require', trapFile, CLI, ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, LLMSEC_TRAP_LOG: logFile, NO_COLOR: '1' },
      maxBuffer: 256 * 1024 * 1024,
    });
    const events = fs
      .readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as TrapEvent);
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, events };
  }

  function assertClean(events: TrapEvent[], allowedWrites: string[] = []): void {
    const forbidden = events.filter((e) => e.kind === 'network' || e.kind === 'exec');
    assert.deepEqual(forbidden, [], 'network or process attempts');
    const writes = events.filter((e) => e.kind === 'write').map((e) => e.detail.replace(/^\S+ /, ''));
    assert.deepEqual(writes.filter((w) => !allowedWrites.includes(w)), [], 'unexpected writes');
    const workers = events.filter((e) => e.kind === 'worker').map((e) => e.detail);
    for (const w of workers) assert.equal(path.resolve(w), path.join(ROOT, 'out', 'worker.js'), 'only the bundled analysis worker is started');
    // The trap was armed in the main thread and in every analysis worker.
    const armed = events.filter((e) => e.kind === 'armed');
    assert.equal(armed.filter((e) => e.detail === 'main').length, 1);
    assert.equal(armed.filter((e) => e.detail === 'worker').length, workers.length);
  }

  it('the trap itself catches and records attempts (so a silent log means something)', () => {
    const script = path.join(tmp, 'attempts.js');
    fs.writeFileSync(
      script,
      `const tries = [
        () => require('child_process').spawnSync('true'),
        () => require('child_process').exec('true'),
        () => require('dns').lookup('example.com', () => {}),
        () => require('http').get('http://127.0.0.1:9/'),
        () => require('net').connect(9, '127.0.0.1'),
        () => fetch('http://127.0.0.1:9/'),
        () => eval('1 + 1'),
      ];
      let thrown = 0;
      for (const t of tries) { try { t(); } catch { thrown++; } }
      process.stdout.write(String(thrown));`,
    );
    logFile = path.join(tmp, 'control.log');
    fs.writeFileSync(logFile, '');
    const r = spawnSync(process.execPath, ['--require', trapFile, script], { encoding: 'utf8', env: { ...process.env, LLMSEC_TRAP_LOG: logFile } });
    assert.equal(r.stdout, '7', r.stderr);
    const kinds = fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as TrapEvent).kind);
    assert.equal(kinds.filter((k) => k === 'exec').length, 3);
    assert.equal(kinds.filter((k) => k === 'network').length, 4);
  });

  it('scan (JSON): findings in both trees, no network, no process, nothing written, nothing changed', () => {
    const before = snapshot(tmp);
    const r = run(['scan', workspace, '--format', 'json', '--no-progress']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; location: { file?: string; uri?: string } }[] };
    assert.ok(report.findings.length >= 20, `only ${report.findings.length} findings`);
    const where = JSON.stringify(report.findings.map((f) => f.location));
    assert.ok(where.includes('chat-app'), 'no finding in the example app');
    assert.ok(where.includes('rule-fixtures'), 'no finding in the rule fixtures');
    assertClean(r.events);
    assert.ok(r.events.some((e) => e.kind === 'worker'), 'the scan ran on worker threads, with the trap inherited');
    const after = snapshot(tmp);
    after.delete(path.relative(tmp, logFile));
    assert.deepEqual([...after.entries()].filter(([k]) => !before.has(k)), [], 'new files');
    assert.deepEqual([...before.entries()].filter(([k, v]) => after.get(k) !== v), [], 'changed files');
  });

  it('scan (text, on one thread): the same, without worker threads', () => {
    const before = snapshot(workspace);
    const r = run(['scan', workspace, '--workers', '0', '--no-progress'], workspace);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /llm-output-shell-command/);
    assertClean(r.events);
    assert.deepEqual(snapshot(workspace), before);
  });

  it('scan with --output writes that one file and nothing else (SARIF and HTML)', () => {
    for (const format of ['sarif', 'html']) {
      const before = snapshot(workspace);
      const out = path.join(tmp, `report.${format}`);
      const r = run(['scan', workspace, '--format', format, '--output', out, '--no-progress']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(fs.statSync(out).size > 1000);
      assertClean(r.events, [out]);
      assert.ok(r.events.some((e) => e.kind === 'write' && e.detail.endsWith(out)), 'the report write was seen by the trap');
      assert.deepEqual(snapshot(workspace), before);
    }
  });

  it('bom and baseline write only what the user asked for: the BOM file, the register', () => {
    const before = snapshot(workspace);
    const bom = path.join(tmp, 'bom.json');
    const b = run(['bom', workspace, '--output', bom]);
    assert.equal(b.code, 0, b.stderr);
    assert.ok(JSON.parse(fs.readFileSync(bom, 'utf8')).bomFormat === 'CycloneDX');
    assertClean(b.events, [bom]);
    assert.deepEqual(snapshot(workspace), before);

    const app = path.join(workspace, 'chat-app');
    const register = path.join(app, '.llmsec', 'accepted-risks.yaml');
    const base = run(['baseline', app, '--owner', 'trap-test', '--no-progress']);
    assert.equal(base.code, 0, base.stderr);
    const writes = base.events.filter((e) => e.kind === 'write').map((e) => e.detail.replace(/^\S+ /, ''));
    assert.ok(writes.length > 0 && writes.every((w) => w === register || w === path.dirname(register) || w.startsWith(register)), JSON.stringify(writes));
    assertClean(base.events, writes);
    const after = snapshot(workspace);
    const added = [...after.keys()].filter((k) => !before.has(k));
    assert.deepEqual(added.sort(), [path.join('chat-app', '.llmsec') + '/', path.join('chat-app', '.llmsec', 'accepted-risks.yaml')].sort());
    assert.deepEqual([...before.entries()].filter(([k, v]) => after.get(k) !== v), []);
  });
});
