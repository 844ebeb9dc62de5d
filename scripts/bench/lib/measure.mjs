// Runs one command and measures it: wall time (process.hrtime around the child's whole life),
// CPU time, and peak RSS. Peak RSS and CPU come from GNU time (`/usr/bin/time`, Debian package
// `time`), which reports the child's getrusage maximum resident set size: for a multi-threaded
// process (ast-grep's threads, llmsec's worker threads) that is the whole process. Without GNU time
// the peak is read by polling /proc/<pid>/status (VmHWM), and CPU time is not known.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setInterval, clearInterval } from 'node:timers';

const GNU_TIME = '/usr/bin/time';
export const hasGnuTime = existsSync(GNU_TIME);

function readHwmKb(pid) {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // the process has exited between polls
  }
}

/**
 * Runs cmd with args; stdout goes to stdoutPath (use /dev/null when the output is not needed) and
 * stderr to stderrPath. Resolves to { wallMs, cpuMs, peakRssMb, exitCode, loadBefore }.
 */
export function measure(cmd, args, { stdoutPath = '/dev/null', stderrPath = '/dev/null', cwd, env } = {}) {
  const timeFile = join(tmpdir(), `llmsec-bench-time-${process.pid}-${Date.now()}.txt`);
  const [file, argv] = hasGnuTime ? [GNU_TIME, ['-f', '%e %U %S %M %x', '-o', timeFile, '--', cmd, ...args]] : [cmd, args];
  const out = openSync(stdoutPath, 'w');
  const err = openSync(stderrPath, 'w');
  const loadBefore = loadavg()[0];
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(file, argv, { stdio: ['ignore', out, err], cwd, env });
    let polledKb = 0;
    const poll = hasGnuTime ? undefined : setInterval(() => (polledKb = Math.max(polledKb, readHwmKb(child.pid))), 10);
    child.on('error', (e) => {
      if (poll) clearInterval(poll);
      reject(e);
    });
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      if (poll) clearInterval(poll);
      closeSync(out);
      closeSync(err);
      if (!hasGnuTime) {
        resolve({ wallMs, cpuMs: NaN, peakRssMb: polledKb / 1024, exitCode: code, loadBefore });
        return;
      }
      const fields = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ');
      rmSync(timeFile, { force: true });
      const [, user, sys, maxKb, exit] = fields.map(Number);
      // GNU time reports a signal death as its own exit status; prefer the child's real code.
      resolve({ wallMs, cpuMs: (user + sys) * 1000, peakRssMb: maxKb / 1024, exitCode: Number.isFinite(exit) ? exit : code, loadBefore });
    });
  });
}
