// The entry VS Code's extension host calls for --extensionTestsPath: the standard `run()` used
// with @vscode/test-electron on a desktop, and the same file code-server loads through the
// workbench's `payload` (scripts/vscode-test/run-host-tests.mjs). It runs every
// `*.host-test.js` bundled beside it (built from test/vscode/suite/**/*.host-test.ts by
// scripts/vscode-test/build-suite.mjs). The suffix is not `.test.ts` on purpose: the unit-test
// runner (.mocharc.json, test/**/*.test.ts, plain Node) must not load files that need `vscode`.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

const suffix = '.host-test.js';

function findSuiteFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findSuiteFiles(path));
    else if (entry.name.endsWith(suffix)) found.push(path);
  }
  return found.sort();
}

/**
 * In code-server the report reaches the runner mixed with the workbench's own log lines; the
 * runner sets LLMSEC_TEST_LOG_MARKER so it can tell ours apart. On a desktop it is unset and
 * the output is left alone. Mocha's reporters print through Base.consoleLog, which can be
 * swapped; the extension host's `console.log` cannot (VS Code pins it with a no-op setter),
 * so suites print through `log()` from ./helpers, which goes through Base.consoleLog too.
 */
function markReporterOutput(): () => void {
  const marker = process.env.LLMSEC_TEST_LOG_MARKER;
  if (!marker) return () => undefined;
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const original = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => original(marker + format(...args));
  return () => {
    base.consoleLog = original;
  };
}

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    // The report travels as plain log lines (a browser console, a CI log): no colour codes.
    color: false,
    timeout: Number(process.env.LLMSEC_TEST_TIMEOUT_MS ?? 60_000),
    // A run that finds no test has not shown anything: count it as a failure.
    failZero: true,
    ...(process.env.LLMSEC_TEST_GREP ? { grep: process.env.LLMSEC_TEST_GREP } : {}),
  });
  for (const file of findSuiteFiles(__dirname)) mocha.addFile(file);
  const restoreOutput = markReporterOutput();
  try {
    await new Promise<void>((resolve, reject) => {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
    });
  } finally {
    restoreOutput();
  }
}
