// Runs a test session so that whatever happens (pass, fail, exception, Ctrl+C, overall timeout)
// every process it started is stopped, then the process exits with the session's code.
import { setTimeout as sleep } from 'node:timers/promises';

const cleanups = [];

/** Registers a cleanup step; steps run in reverse order of registration. */
export function onCleanup(step) {
  cleanups.push(step);
}

async function cleanupAll() {
  while (cleanups.length > 0) {
    const step = cleanups.pop();
    try {
      // One stuck step must not keep the others (or the exit) waiting for ever.
      await Promise.race([step(), sleep(10_000)]);
    } catch (error) {
      console.error(`cleanup: ${error?.message ?? error}`);
    }
  }
}

/**
 * Runs main() (which resolves to an exit code) with an overall time limit and exits.
 * A timeout exits with 124, like coreutils' timeout.
 */
export async function guardedRun(main, { timeoutMs, label }) {
  let finishing = false;
  const finish = async (code) => {
    if (finishing) return;
    finishing = true;
    await cleanupAll();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      console.error(`${label}: ${signal}, stopping`);
      void finish(130);
    });
  }
  const timer = setTimeout(() => {
    console.error(`${label}: overall timeout of ${Math.round(timeoutMs / 1000)} s reached, stopping`);
    void finish(124);
  }, timeoutMs);
  try {
    const code = await main();
    clearTimeout(timer);
    await finish(code);
  } catch (error) {
    clearTimeout(timer);
    console.error(`${label}: ${error?.stack ?? error}`);
    await finish(1);
  }
}
