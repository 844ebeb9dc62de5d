// Runs the extension-host test suite (mocha inside VS Code's real extension host) in
// code-server, driven by headless chromium. The workbench loads the extension under
// development and the bundled suite from the URL `payload`; the suite's report arrives through
// codeAutomationLog and its result through codeAutomationExit. See README.md beside this file.
//
//   node scripts/vscode-test/run-host-tests.mjs [options]        (npm run test:vscode)
//     --extension DIR        extension folder (default: the repository)
//     --suite DIR            folder of *.host-test.ts suites (default: test/vscode/suite)
//     --workspace DIR        folder to open (default: examples/chat-app, else an empty folder)
//     --timeout SECONDS      overall limit (default 300)
//     --grep PATTERN         run only the tests whose full title matches
//     --skip-builtin IDS     comma-separated built-in extensions not to load, e.g.
//                            vscode.typescript-language-features (its tsserver processes)
//     --require-extension    fail (exit 1) instead of skipping when the extension is not built
//     --verbose              print every workbench log line, not only the extension host's
//     --keep                 keep the run's temporary folder (logs, profile)
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, pathOption } from './lib/args.mjs';
import { openBrowser, workbenchUrl } from './lib/browser.mjs';
import { buildSuite, defaultSuiteDir } from './build-suite.mjs';
import { isolatedProfile, startCodeServer, tail } from './lib/code-server.mjs';
import { extensionBuildState, notBuiltExitCode } from './lib/extension-state.mjs';
import { sampleMemory } from './lib/memory.mjs';
import { guardedRun, onCleanup } from './lib/run-guard.mjs';
import { createLogPrinter } from './lib/log-printer.mjs';
import { artifactsDir, repoRoot, requireTools } from './lib/tools.mjs';

const label = 'test:vscode';
const options = parseArgs(process.argv.slice(2), {
  values: ['extension', 'suite', 'workspace', 'timeout', 'grep', 'skip-builtin'],
  flags: ['require-extension', 'verbose', 'keep'],
});
const timeoutMs = Number(options.timeout ?? 300) * 1000;

async function main() {
  const started = Date.now();
  const extensionDir = pathOption(options.extension, repoRoot);
  const suiteDir = pathOption(options.suite, defaultSuiteDir);
  const state = extensionBuildState(extensionDir);
  if (!state.built) return notBuiltExitCode(label, state, options['require-extension']);
  requireTools();

  const { entry, tests } = await buildSuite({ suiteDir });
  console.log(`${label}: suite ${tests.length} file(s): ${tests.join(', ') || '(none)'}; extension ${extensionDir}`);

  const runDir = mkdtempSync(join(tmpdir(), 'llmsec-host-tests-'));
  if (!options.keep) onCleanup(() => rmSync(runDir, { recursive: true, force: true }));
  const workspace = pathOption(options.workspace, defaultWorkspace(runDir));
  const serverLog = join(runDir, 'code-server.log');
  const memory = sampleMemory();

  const printer = createLogPrinter({ verbose: options.verbose });
  const profile = isolatedProfile(runDir);
  // The extension host inherits code-server's environment: this is how the suite gets them.
  profile.env.LLMSEC_TEST_LOG_MARKER = printer.marker;
  profile.env.LLMSEC_TEST_EXTENSION_ID = `${state.manifest.publisher}.${state.manifest.name}`;
  if (options.grep) profile.env.LLMSEC_TEST_GREP = options.grep;
  // The VS Code server reads the built-in extensions to leave out from this variable.
  if (options['skip-builtin']) profile.env.VSCODE_SKIP_BUILTIN_EXTENSIONS = options['skip-builtin'];
  const server = await startCodeServer(profile, {
    logFile: serverLog,
    extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
  });
  onCleanup(server.stop);
  console.log(`${label}: code-server ready on ${server.url} (pid ${server.pid}) after ${seconds(started)} s`);

  const { context, page } = await openBrowser(join(runDir, 'chromium-profile'));
  onCleanup(() => context.close());

  let finish;
  const exitCode = new Promise((resolve) => (finish = resolve));
  await page.exposeFunction('codeAutomationLog', (type, args) => printer.print(type, args));
  await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
  page.on('pageerror', (error) => options.verbose && console.error(`[page error] ${error.message}`));
  page.on('crash', () => finish(1));

  await page.goto(workbenchUrl(server.url, {
    folder: workspace,
    extensionDevelopmentPath: extensionDir,
    extensionTestsPath: entry,
  }));
  const code = await exitCode;
  const peakMb = memory.stop();
  if (code !== 0) {
    if (!options.verbose) console.error(`${label}: last workbench log lines:\n${printer.held().join('\n')}`);
    saveServerLog(serverLog);
  }
  console.log(`${label}: ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${seconds(started)} s; peak memory of code-server + chromium ${peakMb} MB`);
  return code;
}

function defaultWorkspace(runDir) {
  const example = join(repoRoot, 'examples', 'chat-app');
  if (existsSync(example)) return example;
  const empty = join(runDir, 'workspace');
  mkdirSync(empty, { recursive: true });
  return empty;
}

function saveServerLog(serverLog) {
  mkdirSync(artifactsDir, { recursive: true });
  const copy = join(artifactsDir, 'host-tests-code-server.log');
  copyFileSync(serverLog, copy);
  console.error(`${label}: code-server log saved to ${copy}; its end:\n${tail(serverLog, 15)}`);
}

function seconds(since) {
  return ((Date.now() - since) / 1000).toFixed(1);
}

await guardedRun(main, { timeoutMs, label });
