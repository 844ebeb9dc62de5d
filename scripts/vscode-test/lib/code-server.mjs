// Starts and stops one code-server for one test run: its own port on 127.0.0.1, fresh
// user-data, extensions and XDG folders under the run's folder, so nothing leaks into $HOME or
// between runs. code-server runs on the Node 24 from .tools/vscode (it refuses any other).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { codeServerEntry, node24 } from './tools.mjs';

/** A port the OS just handed out on 127.0.0.1 (released again before code-server binds it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// User settings of every run: no prompts, side panels or online look-ups that would cover the
// editor in screenshots or fill the log (the machines are offline).
const quietSettings = {
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};

/** The folders and environment that keep code-server inside the run's folder. */
export function isolatedProfile(runDir) {
  const dirs = {
    userData: join(runDir, 'user-data'),
    extensions: join(runDir, 'extensions'),
    xdgConfig: join(runDir, 'xdg', 'config'),
    xdgData: join(runDir, 'xdg', 'data'),
    xdgCache: join(runDir, 'xdg', 'cache'),
    xdgState: join(runDir, 'xdg', 'state'),
    // VS Code puts its IPC and git sockets in the temp folder: keep them in the run's.
    tmp: join(runDir, 'tmp'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(quietSettings, null, 2));
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    XDG_STATE_HOME: dirs.xdgState,
    TMPDIR: dirs.tmp,
  };
  const profileArgs = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  return { dirs, env, profileArgs };
}

/** `code-server --install-extension file.vsix` into the run's extensions folder. */
export async function installExtension(profile, vsixPath, logFile) {
  const args = [codeServerEntry, ...profile.profileArgs, '--install-extension', vsixPath, '--force'];
  const code = await runToEnd(node24, args, profile.env, logFile);
  if (code !== 0) {
    throw new Error(`code-server --install-extension ${vsixPath} exited with ${code}:\n${tail(logFile, 10)}`);
  }
}

/**
 * Starts code-server and resolves once GET /healthz answers.
 * Returns { port, url, pid, stop() }; stop() is safe to call more than once.
 */
export async function startCodeServer(profile, { logFile, extraArgs = [], readyTimeoutMs = 60_000 } = {}) {
  const port = await freePort();
  const args = [
    codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    ...profile.profileArgs,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...extraArgs,
  ];
  const log = createWriteStream(logFile, { flags: 'a' });
  // detached: its own process group, so stop() also ends the extension host and file watcher
  // that code-server starts (killed by that group's id, which is code-server's own pid).
  const child = spawn(node24, args, { env: profile.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  const exitedPromise = new Promise((resolve) => child.once('exit', (code, signal) => {
    exited = { code, signal };
    resolve(exited);
  }));

  const stop = async () => {
    if (exited) return;
    signalGroup(child.pid, 'SIGTERM');
    const done = await Promise.race([exitedPromise, sleep(5_000).then(() => null)]);
    if (!done) signalGroup(child.pid, 'SIGKILL');
    await Promise.race([exitedPromise, sleep(2_000)]);
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`code-server exited (${exited.code ?? exited.signal}) before it was ready:\n${tail(logFile)}`);
    }
    if (await healthy(url)) return { port, url, pid: child.pid, stop };
    await sleep(200);
  }
  await stop();
  throw new Error(`code-server did not answer ${url}/healthz within ${readyTimeoutMs} ms:\n${tail(logFile)}`);
}

async function healthy(url) {
  try {
    const response = await globalThis.fetch(`${url}/healthz`, { signal: globalThis.AbortSignal.timeout(1_000) });
    return response.ok;
  } catch {
    return false;
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function runToEnd(command, args, env, logFile) {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    child.once('error', reject);
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

/** The last lines of a log file, for error messages. */
export function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
