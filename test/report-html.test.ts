import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import type { ScanResult } from '../src/engine/findings';
import { escapeHtml, html, safeHref } from '../src/report/html-escape';
import { renderHtmlReport } from '../src/report/html';
import { withInlineCode } from '../src/report/html-sections';
import { computeRiskScore } from '../src/report/risk-score';
import { HOSTILE_FILE, HOSTILE_MESSAGE_BITS, SECRET, buildFixture, fixtureReader } from './report-fixture';

const ARTIFACTS = path.join(__dirname, '..', '.test-artifacts');
const ROOT = path.join(path.sep, 'work', 'acme', 'chat-service');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function fixtureWithAcceptedRisk(): { result: ScanResult; page: string } {
  const { result, rules, sources } = buildFixture({ root: ROOT });
  const keys = result.files.find((f) => f.file.endsWith('keys.py'));
  assert.ok(keys);
  keys.findings[0].suppression = { kind: 'register', justification: 'Demo key for the offline sandbox <b>only</b> ${x}', owner: 'Dana Reviewer', acceptedOn: '2025-01-10', reviewBy: '2025-07-10' };
  const page = renderHtmlReport(result, rules, { readSource: fixtureReader(ROOT, sources), generatedAt: '2025-03-01' });
  return { result, page };
}

describe('HTML risk report', function () {
  this.timeout(120_000);
  let browser: Browser;

  before(async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
  });

  it('renders in headless Chromium with no console errors, no requests, and hostile text shown as text', async () => {
    const { result, page: pageHtml } = fixtureWithAcceptedRisk();
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, 'report.html');
    writeFileSync(file, pageHtml);
    const url = pathToFileURL(file).href;

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url, { waitUntil: 'load' });

    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(requests, [url], 'the page loads nothing but itself');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    const dom = await page.evaluate(() => ({
      scripts: document.querySelectorAll('script').length,
      images: document.querySelectorAll('img').length,
      handlers: Array.from(document.querySelectorAll('*')).filter((el) => Array.from(el.attributes).some((a) => a.name.startsWith('on'))).length,
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
      text: document.body.innerText,
      findings: document.querySelectorAll('details.finding').length,
      excerpts: document.querySelectorAll('details.finding pre.code').length,
      flows: document.querySelectorAll('details.finding ol.flow').length,
      fixes: document.querySelectorAll('details.finding .fix').length,
      gauge: document.querySelector('svg.gauge')?.getAttribute('aria-label') ?? '',
      styled: getComputedStyle(document.querySelector('header.top') as Element).backgroundImage,
    }));
    assert.equal(dom.scripts, 0);
    assert.equal(dom.images, 0);
    assert.equal(dom.handlers, 0);
    assert.match(dom.csp, /default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    assert.match(dom.styled, /linear-gradient/, 'the inline stylesheet is allowed by the CSP and applied');
    for (const bit of [...HOSTILE_MESSAGE_BITS, '"quoted"', "'single'", '<img src=x onerror=window.__pwned=1>', HOSTILE_FILE, '{{ topic }}', '<b>only</b> ${x}']) {
      assert.ok(dom.text.includes(bit), `expected to see as text: ${bit}`);
    }
    assert.ok(!dom.text.includes(SECRET.slice(8)), 'the secret is redacted');

    const open = result.files.flatMap((f) => f.findings).filter((f) => !f.suppression);
    assert.equal(dom.findings, open.length);
    assert.equal(dom.excerpts, open.length, 'every finding has its code excerpt');
    assert.equal(dom.flows, open.filter((f) => f.flow.length > 0).length, 'every flow finding has its path');
    assert.equal(dom.fixes, open.length, 'every finding has fix advice');

    const risk = computeRiskScore(result.files.flatMap((f) => f.findings));
    assert.equal(dom.gauge, `Risk score ${risk.score} of 100, rating ${risk.rating}`);
    assert.ok(dom.text.includes(`${risk.points} points from ${open.length} open findings`));
    assert.match(dom.text, /How the risk score is computed\. Each open finding adds points by severity/);

    // The ISO/IEC 42001 table lists the accepted risk under each control its rule maps to.
    const isoRows = await page.$$eval('#iso tbody tr', (rows) => rows.map((r) => (r as HTMLElement).innerText));
    const a625 = isoRows.find((t) => t.startsWith('A.6.2.5'));
    const a45 = isoRows.find((t) => t.startsWith('A.4.5'));
    for (const row of [a625, a45]) {
      assert.ok(row);
      assert.match(row, /hardcoded-api-key at config\/keys\.py:3/);
      assert.match(row, /owner Dana Reviewer, review by 2025-07-10/);
    }
    assert.match(a625 ?? '', /AI system deployment/);
    assert.ok(isoRows.some((t) => t.startsWith('A.10.3') && /Suppliers/.test(t)));

    const inventory = await page.$eval('#inventory', (el) => (el as HTMLElement).innerText);
    assert.match(inventory, /claude-3-5-sonnet-20241022/);
    assert.match(inventory, /http:\/\/llm\.internal:8000\/v1/);
    assert.match(inventory, /meta-llama\/Llama-3\.1-8B-Instruct/);

    await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });
    await context.close();
  });

  it('renders identically for the same input and never emits a script element', () => {
    const one = fixtureWithAcceptedRisk().page;
    const two = fixtureWithAcceptedRisk().page;
    assert.equal(two, one);
    assert.doesNotMatch(one, /<script/i, 'no script element, and hostile markup is escaped in the source');
    assert.ok(one.includes('&lt;script&gt;window.__pwned=1&lt;/script&gt;'));
    assert.ok(!one.includes('onerror="window'), 'no live attribute from a file name');
  });

  it('escapes every interpolation and only links http(s) URLs', () => {
    assert.equal(escapeHtml(`<a href="x" onclick='y'>&\`</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
    const name = '"><script>alert(1)</script>';
    assert.equal(html`<td title="${name}">${[name, 1, null, undefined, false]}</td>`.value, `<td title="${escapeHtml(name)}">${escapeHtml(name)}1</td>`);
    assert.equal(withInlineCode('Use `<script>` never, `x` always').value, 'Use <code>&lt;script&gt;</code> never, <code>x</code> always');
    assert.equal(safeHref('javascript:alert(1)'), undefined);
    assert.equal(safeHref('data:text/html,x'), undefined);
    assert.equal(safeHref('https://cwe.mitre.org/data/definitions/78.html'), 'https://cwe.mitre.org/data/definitions/78.html');
  });
});
