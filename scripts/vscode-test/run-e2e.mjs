// End-to-end tests through the UI: installs the packaged VSIX into a fresh code-server, opens a
// workspace in headless chromium and runs the specs (test/vscode/e2e/*.e2e.ts, mocha
// describe/it, loaded through tsx) against the page. Screenshots go to .test-artifacts/e2e/.
//
//   node scripts/vscode-test/run-e2e.mjs [WORKSPACE] [options]       (npm run test:e2e)
//     WORKSPACE / --workspace DIR   folder to open (default: examples/chat-app)
//     --vsix FILE            install this VSIX (default: build and package the repository)
//     --extension DIR        package this extension folder instead of the repository (no build)
//     --specs DIR            folder of *.e2e.ts / *.e2e.mjs specs (default: test/vscode/e2e)
//     --timeout SECONDS      overall limit (default 300)
//     --require-extension    fail (exit 1) instead of skipping when the extension is not built
//     --keep                 keep the run's temporary folder (logs, profile)
import Mocha from 'mocha';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { register as registerTsxCjs } from 'tsx/cjs/api';
import { register as registerTsxEsm } from 'tsx/esm/api';
import { parseArgs, pathOption } from './lib/args.mjs';
import { openBrowser, workbenchUrl } from './lib/browser.mjs';
import { installExtension, isolatedProfile, startCodeServer, tail } from './lib/code-server.mjs';
import { notBuiltExitCode } from './lib/extension-state.mjs';
import { sampleMemory } from './lib/memory.mjs';
import { guardedRun, onCleanup } from './lib/run-guard.mjs';
import { artifactsDir, repoRoot, requireTools } from './lib/tools.mjs';
import { packageVsix } from './package-vsix.mjs';

const label = 'test:e2e';
const options = parseArgs(process.argv.slice(2), {
  values: ['workspace', 'vsix', 'extension', 'specs', 'timeout'],
  flags: ['require-extension', 'keep'],
});
const timeoutMs = Number(options.timeout ?? 300) * 1000;
const screenshotsDir = join(artifactsDir, 'e2e');

async function main() {
  const started = Date.now();
  const specsDir = pathOption(options.specs, join(repoRoot, 'test', 'vscode', 'e2e'));
  const specs = readdirSync(specsDir).filter((name) => /\.e2e\.(ts|mjs)$/.test(name)).sort().map((name) => join(specsDir, name));
  if (specs.length === 0) throw new Error(`no *.e2e.ts or *.e2e.mjs spec in ${specsDir}`);

  const runDir = mkdtempSync(join(tmpdir(), 'llmsec-e2e-'));
  if (!options.keep) onCleanup(() => rmSync(runDir, { recursive: true, force: true }));

  let vsix = pathOption(options.vsix, undefined);
  if (!vsix) {
    const extensionDir = pathOption(options.extension, repoRoot);
    const out = extensionDir === repoRoot ? undefined : join(runDir, 'extension.vsix');
    const result = await packageVsix({ extensionDir, out, build: extensionDir === repoRoot });
    if (result.notBuilt) return notBuiltExitCode(label, result.notBuilt, options['require-extension']);
    vsix = result.vsix;
  }
  requireTools();
  const packaged = Date.now();
  const source = pathOption(options.workspace ?? options._[0], join(repoRoot, 'examples', 'chat-app'));
  if (!existsSync(source)) throw new Error(`workspace ${source} does not exist`);
  // Specs apply quick fixes and save: they work on a copy, never on the repository's files.
  const workspace = join(runDir, basename(source));
  cpSync(source, workspace, { recursive: true });

  const serverLog = join(runDir, 'code-server.log');
  const profile = isolatedProfile(runDir);
  await installExtension(profile, vsix, serverLog);
  console.log(`${label}: installed ${vsix} in ${seconds(packaged)} s`);
  const memory = sampleMemory();
  const server = await startCodeServer(profile, { logFile: serverLog });
  onCleanup(server.stop);

  const { context, page } = await openBrowser(join(runDir, 'chromium-profile'));
  onCleanup(() => context.close());
  page.on('crash', () => console.error(`${label}: the page crashed`));
  await page.goto(workbenchUrl(server.url, { folder: workspace }));
  console.log(`${label}: workbench opened on ${workspace}`);

  // Pictures of this run only: an old failure's picture would mislead.
  rmSync(screenshotsDir, { recursive: true, force: true });
  mkdirSync(screenshotsDir, { recursive: true });
  const screenshot = async (name) => {
    const path = join(screenshotsDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await page.screenshot({ path });
    console.log(`      screenshot: ${path}`);
    return path;
  };
  globalThis.__llmsecE2E = { page, context, workspace, screenshot };

  // TypeScript specs: mocha require()s them first and falls back to import(); tsx serves both.
  registerTsxCjs();
  registerTsxEsm();
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 120_000, failZero: true, color: process.stdout.isTTY });
  // A failed test leaves a picture of the page behind.
  mocha.suite.afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(`failed-${this.currentTest.fullTitle()}`);
  });
  for (const spec of specs) mocha.addFile(spec);
  await mocha.loadFilesAsync();
  const failures = await new Promise((resolve) => mocha.run(resolve));

  const peakMb = memory.stop();
  if (failures > 0) console.error(`${label}: code-server log ${options.keep ? serverLog : '(end)'}:\n${tail(serverLog, 15)}`);
  console.log(`${label}: ${failures === 0 ? 'passed' : `${failures} failed`} in ${seconds(started)} s (after packaging: ${seconds(packaged)} s); peak memory of code-server + chromium ${peakMb} MB`);
  return failures === 0 ? 0 : 1;
}

function seconds(since) {
  return ((Date.now() - since) / 1000).toFixed(1);
}

await guardedRun(main, { timeoutMs, label });
