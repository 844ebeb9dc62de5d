// End to end through the UI, with the packaged VSIX installed in code-server and the example
// workspace open (a copy: the quick fix is saved to disk): squiggles and Problems entries that
// cite OWASP and ISO/IEC 42001, the hover, a quick fix with Ctrl+. written to disk, and the risk
// panel, whose numbers must match the Problems panel. Screenshots go to .test-artifacts/e2e/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { e2e, openFile, problemEntries, runCommand, squiggles, waitForWorkbench } from './workbench';

const STANDARDS = / \[LLM\d\d:2025( · LLM\d\d:2025)* · ISO 42001 A\.[\d.]+(, A\.[\d.]+)*\]$/;

async function goTo(page: Page, lineColumn: string): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 10_000 });
  await page.keyboard.type(lineColumn);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** llmsec's entries in the Problems panel, counted from the file rows of the filtered, collapsed tree. */
async function llmsecProblemCount(page: Page): Promise<number> {
  await page.keyboard.press('Control+Shift+M');
  const filter = page.locator('.part.panel input[aria-label="Filter Problems"]');
  await filter.waitFor({ timeout: 10_000 });
  await filter.fill('@source:llmsec');
  await page.waitForTimeout(800);
  await page.locator('.part.panel .codicon-collapse-all').first().click();
  await page.waitForTimeout(800);
  const badges = await page.locator('.markers-panel .monaco-list-row .monaco-count-badge').allInnerTexts();
  return badges.reduce((n, text) => n + Number(text.trim() || 0), 0);
}

describe('llmsec through the UI (packaged VSIX)', function () {
  this.timeout(240_000);
  let panel: FrameLocator;

  before(async () => {
    await waitForWorkbench(e2e().page);
  });

  it('draws squiggles and lists Problems entries ending with the OWASP id and ISO/IEC 42001 control', async () => {
    const { page, screenshot } = e2e();
    await openFile(page, 'backend/analysis.py');
    await goTo(page, '44:20');
    await squiggles(page).first().waitFor({ timeout: 90_000 });
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
    await screenshot('llmsec-1-squiggles');
    const entries = (await problemEntries(page)).filter((e) => e.source === 'llmsec');
    await screenshot('llmsec-2-problems');
    assert.ok(entries.length >= 2, `llmsec entries: ${JSON.stringify(entries)}`);
    for (const entry of entries) {
      assert.match(entry.message, STANDARDS, entry.message);
      assert.ok(entry.codeLink, `${entry.code} links to its documentation`);
    }
    const evalEntry = entries.find((e) => e.code === 'llm-output-code-execution');
    assert.ok(evalEntry, 'the eval in analysis.py is listed');
    assert.ok(evalEntry.message.endsWith('[LLM05:2025 · ISO 42001 A.6.2.4, A.6.2.5]'), evalEntry.message);
    assert.equal(evalEntry.position, '[Ln 44, Col 19]');
  });

  it('hovers with the flow, OWASP, ISO/IEC 42001 with its rationale, CWE, ATLAS and the fix', async () => {
    const { page, screenshot } = e2e();
    await page.locator('.monaco-editor .view-lines').first().click();
    await goTo(page, '44:20');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover').filter({ hasText: 'How to fix' }).first();
    await hover.waitFor({ timeout: 15_000 });
    await page.waitForTimeout(500);
    await screenshot('llmsec-3-hover');
    const text = (await hover.innerText()).replace(/\s+/g, ' ');
    for (const expected of ['LLM output executed as code', 'OWASP Top 10 for LLM Applications 2025', 'LLM05:2025 Improper Output Handling', 'ISO/IEC 42001 Annex A', 'A.6.2.4 AI system verification and validation', 'CWE-95 Eval Injection', 'MITRE ATLAS', 'Data flow', 'backend/analysis.py:44', 'Why it matters']) {
      assert.ok(text.includes(expected), `hover lacks "${expected}": ${text.slice(0, 400)}`);
    }
    await page.keyboard.press('Escape');
  });

  it('applies the preferred quick fix with Ctrl+. and saves it to disk', async () => {
    const { page, screenshot, workspace } = e2e();
    const file = join(workspace, 'backend', 'models.py');
    assert.doesNotMatch(readFileSync(file, 'utf8'), /weights_only=True/);
    await openFile(page, 'backend/models.py');
    await goTo(page, '22:15');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });
    // The squiggle seen may still be the previous file's, drawn before the editor switched models,
    // and Ctrl+. before this file's diagnostics arrive offers nothing: ask again, as a user would.
    const menu = page.locator('.action-widget:not(.action-list-submenu-panel)').first();
    await until('the quick fix menu', async () => {
      await page.keyboard.press('Control+.');
      if (await menu.waitFor({ timeout: 5_000 }).then(() => true, () => false)) return true;
      await page.keyboard.press('Escape');
      await goTo(page, '22:15');
      return false;
    }, 60_000);
    await page.waitForTimeout(400);
    await screenshot('llmsec-4-quick-fix-menu');
    // The menu's rows, without its group headers ("Quick Fix").
    const items = (await menu.locator('.monaco-list-row').allInnerTexts()).map((t) => t.trim()).filter((t) => t && !/^(Quick Fix|More Actions)/i.test(t));
    assert.ok(items.some((t) => /Suppress unsafe-model-deserialization/.test(t)), `menu: ${items.join(' | ')}`);
    assert.match(items[0] ?? '', /weights_only=True/, `the preferred fix is first: ${items.join(' | ')}`);
    await page.keyboard.press('Enter');
    await until('the fix in the editor', async () => (await page.locator('.monaco-editor .view-lines').first().innerText()).includes('weights_only=True'));
    await page.keyboard.press('Control+S');
    await until('the fix on disk', async () => /torch\.load\([^)]*weights_only=True\)/.test(readFileSync(file, 'utf8')));
    await screenshot('llmsec-5-after-fix');
  });

  it('opens the risk panel; its numbers match the Problems panel', async () => {
    const { page, screenshot } = e2e();
    await runCommand(page, 'llmsec: Open Risk Panel');
    panel = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await panel.locator('[data-testid="open-total"]').waitFor({ timeout: 60_000 });
    // Opening the panel scans the workspace; wait for the scan to finish and the numbers to settle.
    await until('the workspace scan', async () => (await panel.locator('header.top').innerText()).includes('last scan'), 90_000);
    await page.waitForTimeout(1_500);
    await screenshot('llmsec-6-risk-panel');
    const openTotal = Number(await panel.locator('[data-testid="open-total"]').innerText());
    const bySeverity = await Promise.all(['critical', 'high', 'medium', 'low', 'info'].map(async (s) => Number(await panel.locator(`[data-testid="count-${s}"]`).innerText())));
    assert.equal(bySeverity.reduce((a, b) => a + b, 0), openTotal);
    assert.equal(await panel.locator('[data-testid="finding"]').count(), openTotal, 'one row per open finding');
    const owaspBars = await panel.locator('[data-testid^="owasp-LLM"]').allInnerTexts();
    assert.equal(owaspBars.length, 10);
    const inProblems = await llmsecProblemCount(page);
    await screenshot('llmsec-7-problems-filtered');
    assert.equal(inProblems, openTotal, `Problems panel lists ${inProblems} llmsec entries, the risk panel ${openTotal}`);
    assert.ok(openTotal >= 10, `the example should have at least 10 open findings, got ${openTotal}`);
    console.log(`      risk panel: ${openTotal} open (${bySeverity.join('/')}) = Problems panel ${inProblems}`);
  });

  it('filters the findings list and opens a finding from the panel', async () => {
    const { page, screenshot } = e2e();
    await panel.locator('[data-testid="filter-severity"]').selectOption('critical');
    const critical = Number(await panel.locator('[data-testid="count-critical"]').innerText());
    await until('the filter', async () => (await panel.locator('[data-testid="finding"]').count()) === critical);
    await panel.locator('[data-testid="finding"]').first().scrollIntoViewIfNeeded();
    await screenshot('llmsec-8-risk-panel-filtered');
    const where = (await panel.locator('[data-testid="finding"] .location').first().innerText()).trim();
    const [file, line] = where.split(':');
    await panel.locator('[data-testid="finding"] .location').first().click();
    const name = file.split('/').pop()!;
    await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 15_000 });
    await until('the cursor on the finding line', async () => (await page.locator('.statusbar').innerText()).includes(`Ln ${line},`));
    await screenshot('llmsec-9-opened-from-panel');
  });

  it('keeps the panel and its filters across a window reload', async () => {
    const { page, screenshot } = e2e();
    await runCommand(page, 'llmsec: Open Risk Panel');
    await panel.locator('[data-testid="filter-severity"]').waitFor({ timeout: 15_000 });
    assert.equal(await panel.locator('[data-testid="filter-severity"]').inputValue(), 'critical');
    await runCommand(page, 'Developer: Reload Window');
    await waitForWorkbench(page);
    const restored = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await restored.locator('[data-testid="open-total"]').waitFor({ timeout: 90_000 });
    assert.equal(await restored.locator('[data-testid="filter-severity"]').inputValue(), 'critical', 'the filter survived the reload');
    await screenshot('llmsec-10-after-reload');
  });
});
