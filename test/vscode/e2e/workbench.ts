// Helpers for the end-to-end specs (*.e2e.ts), which drive the VS Code workbench (code-server)
// in chromium through playwright-core. scripts/vscode-test/run-e2e.mjs starts everything, puts
// the page in the context below and runs the specs with mocha (describe/it).
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';

export interface E2EContext {
  page: Page;
  context: BrowserContext;
  /** The folder open in the workbench. */
  workspace: string;
  /** Saves a PNG of the page under .test-artifacts/e2e/ and returns its path. */
  screenshot(name: string): Promise<string>;
}

/** The running workbench, set up by run-e2e.mjs. */
export function e2e(): E2EContext {
  const context = (globalThis as { __llmsecE2E?: E2EContext }).__llmsecE2E;
  if (!context) throw new Error('no workbench: run the e2e specs with scripts/vscode-test/run-e2e.mjs');
  return context;
}

/** Waits until the workbench is drawn and the folder's explorer is there. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.part.statusbar').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 });
}

/**
 * Opens a workspace file with Quick Open (Ctrl+P) and waits for its editor tab. Right after
 * start-up the file search can take a while to answer, hence the long wait and one retry.
 */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  const name = relativePath.split('/').pop() ?? relativePath;
  const input = page.locator('.quick-input-widget input');
  const match = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+P');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(relativePath);
    const found = await match.waitFor({ timeout: 30_000 }).then(() => true, () => false);
    if (found) break;
    await page.keyboard.press('Escape');
    if (attempt === 2) throw new Error(`Quick Open did not find ${relativePath}`);
  }
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 10_000 });
}

/** Runs a command from the palette (F1) by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** Squiggles drawn in the visible editor. */
export function squiggles(page: Page): Locator {
  return page.locator('.monaco-editor .view-overlays :is(.squiggly-error, .squiggly-warning, .squiggly-info)');
}

/** One finding as the Problems panel shows it. */
export interface ProblemEntry {
  message: string;
  source: string;
  /** The diagnostic's code (the rule id), and where its link points when it has a target. */
  code: string;
  codeLink: string | null;
  /** "[Ln 9, Col 12]" */
  position: string;
}

/** Opens the Problems panel (Ctrl+Shift+M) and returns the text of each row it lists. */
export async function problemRows(page: Page): Promise<string[]> {
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  await rows.first().waitFor({ timeout: 15_000 });
  return (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
}

/** Opens the Problems panel and reads its finding rows (not file rows, not related-info rows). */
export async function problemEntries(page: Page): Promise<ProblemEntry[]> {
  await problemRows(page);
  // The function runs in the page: no named inner functions (tsx would add a `__name` helper
  // the page does not have).
  return page.locator('.markers-panel .monaco-list-row .marker-message-line').evaluateAll((lines) =>
    lines.map((line) => ({
      message: line.querySelector('.marker-message')?.textContent?.trim() ?? '',
      source: line.querySelector('.marker-source')?.textContent?.trim() ?? '',
      code: line.querySelector('.marker-code')?.textContent?.trim() ?? '',
      codeLink: line.querySelector('a.monaco-link')?.getAttribute('href') ?? null,
      position: line.querySelector('.marker-line')?.textContent?.trim() ?? '',
    })),
  );
}

/** Source files of the workspace, by relative path, for specs that look for findings. */
export function sourceFiles(workspace: string, limit = 20): string[] {
  const skip = new Set(['node_modules', '.git', '.venv', 'venv', 'dist', 'build', 'out', '__pycache__']);
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (found.length >= limit) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skip.has(entry.name)) walk(path);
      } else if (/\.(py|jsx?|mjs|cjs|tsx?|mts|cts)$/.test(entry.name)) {
        found.push(relative(workspace, path).split('\\').join('/'));
      }
    }
  };
  walk(workspace);
  return found;
}
