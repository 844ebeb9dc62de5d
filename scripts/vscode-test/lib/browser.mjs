// Opens Debian's chromium through playwright-core (never playwright's own browser download,
// which cannot work offline) with a throwaway profile folder.
import { chromium } from 'playwright-core';
import { URLSearchParams } from 'node:url';
import { chromiumPath } from './tools.mjs';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * A persistent context (the profile goes through launchPersistentContext, not as an argument)
 * and its first page. Close the context to end chromium.
 */
export async function openBrowser(profileDir, { headless = true, viewport = { width: 1440, height: 900 } } = {}) {
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless,
    args: chromiumArgs,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/**
 * The workbench URL. With `--vscode-option enable-smoke-test-driver` on the server, the built
 * workbench reads extensionDevelopmentPath and extensionTestsPath from `payload`, like
 * --extensionDevelopmentPath / --extensionTestsPath on the desktop.
 */
export function workbenchUrl(serverUrl, { folder, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const authority = new URL(serverUrl).host;
  const remote = (path) => `vscode-remote://${authority}${path}`;
  const payload = [['skipWelcome', 'true']];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = new URLSearchParams();
  if (folder) query.set('folder', folder);
  query.set('payload', JSON.stringify(payload));
  return `${serverUrl}/?${query}`;
}
