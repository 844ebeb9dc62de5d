// Thin wrappers around child processes for the setup and benchmark scripts.
import { spawnSync } from 'node:child_process';

/** Runs a command, throwing with its stderr when it fails. Returns stdout as text. */
export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  if (result.error) throw new Error(`${cmd} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${result.status}: ${(result.stderr ?? '').trim().slice(-2000)}`);
  }
  return result.stdout ?? '';
}

/** Like run, but returns { status, stdout, stderr } instead of throwing on a non-zero exit. */
export function tryRun(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  return { status: result.error ? -1 : result.status, stdout: result.stdout ?? '', stderr: result.error ? result.error.message : result.stderr ?? '' };
}

/** Whether an executable is on PATH. */
export function hasCommand(name) {
  return tryRun('sh', ['-c', `command -v ${name}`]).status === 0;
}
