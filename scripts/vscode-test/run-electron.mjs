// Runs the same extension-host suite in a desktop VS Code through @vscode/test-electron, for
// machines that can download VS Code (the offline build machines cannot: they use
// run-host-tests.mjs). @vscode/test-electron is not a dependency of the repository; install it
// on the desktop without saving it:
//
//   npm install --no-save @vscode/test-electron
//   npm run build && node scripts/vscode-test/run-electron.mjs [--extension DIR] [--suite DIR]
//       [--workspace DIR] [--vscode-version stable|insiders|1.90.0] [--require-extension]
//
// On Linux without a display, run it under xvfb-run.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, pathOption } from './lib/args.mjs';
import { buildSuite, defaultSuiteDir } from './build-suite.mjs';
import { extensionBuildState, notBuiltExitCode } from './lib/extension-state.mjs';
import { repoRoot } from './lib/tools.mjs';

const label = 'test:vscode (electron)';
const options = parseArgs(process.argv.slice(2), {
  values: ['extension', 'suite', 'workspace', 'vscode-version'],
  flags: ['require-extension'],
});

let runTests;
try {
  ({ runTests } = createRequire(join(repoRoot, 'package.json'))('@vscode/test-electron'));
} catch {
  console.error(`${label}: @vscode/test-electron is not installed. On a machine that can download VS Code:`);
  console.error('  npm install --no-save @vscode/test-electron');
  console.error('Offline (no VS Code download possible) use `npm run test:vscode` (code-server) instead.');
  process.exit(1);
}

const extensionDir = pathOption(options.extension, repoRoot);
const state = extensionBuildState(extensionDir);
if (!state.built) process.exit(notBuiltExitCode(label, state, options['require-extension']));

const { entry } = await buildSuite({ suiteDir: pathOption(options.suite, defaultSuiteDir) });
const example = join(repoRoot, 'examples', 'chat-app');
let workspace = pathOption(options.workspace, undefined);
if (!workspace) {
  workspace = existsSync(example) ? example : join(mkdtempSync(join(tmpdir(), 'llmsec-electron-')), 'workspace');
  mkdirSync(workspace, { recursive: true });
}

try {
  await runTests({
    version: options['vscode-version'] ?? 'stable',
    extensionDevelopmentPath: extensionDir,
    extensionTestsPath: entry,
    extensionTestsEnv: { LLMSEC_TEST_EXTENSION_ID: `${state.manifest.publisher}.${state.manifest.name}` },
    // Only the extension under development: other installed extensions stay off.
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (error) {
  console.error(`${label}: ${error?.message ?? error}`);
  process.exit(1);
}
