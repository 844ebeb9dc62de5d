// The risk panel: its numbers (computed from the same findings as the diagnostics), the checks
// on messages from the webview, and the HTML shell's Content-Security-Policy.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../src/engine/api';
import { Engine } from '../src/engine/engine';
import type { FileResult, Severity } from '../src/engine/findings';
import { scanPaths } from '../src/engine/scan';
import { contentSecurityPolicy, panelHtml } from '../src/extension/panel/html';
import { isInsideFolders, parseWebviewMessage } from '../src/extension/panel/messages';
import { buildPanelState, type PanelEntry } from '../src/extension/panel/panel-model';
import { computeRiskScore } from '../src/report/risk-score';

const example = path.join(__dirname, '..', 'examples', 'chat-app');

describe('extension risk panel', () => {
  let entries: PanelEntry[];
  let engine: Engine;

  before(async function () {
    this.timeout(60_000);
    engine = Engine.create({});
    const result = await scanPaths([example], DEFAULT_CONFIG, { root: example, workers: 0 });
    entries = result.files.map((f: FileResult) => ({ uri: `file://${f.file}`, displayPath: path.relative(example, f.file), result: f }));
    // One suppressed finding, so suppressed counts are exercised too.
    const first = entries.find((e) => e.result.findings.length > 0)!;
    first.result = { ...first.result, findings: first.result.findings.map((f, i) => (i === 0 ? { ...f, suppression: { kind: 'inline' as const, justification: 'reviewed' } } : f)) };
    assert.ok(entries.reduce((n, e) => n + e.result.findings.length, 0) >= 5, 'the example should have findings');
  });

  const build = (edition: '2025' | '2026' = '2025') =>
    buildPanelState({ workspaceName: 'chat-app', edition, entries, rules: engine.ruleInfos, scan: { running: false, done: 0, total: 0 }, restricted: false, problems: [] });

  it('counts open findings by severity as the diagnostics do (suppressed ones apart)', () => {
    const state = build();
    const all = entries.flatMap((e) => e.result.findings);
    const open = all.filter((f) => !f.suppression);
    assert.equal(state.openTotal, open.length);
    for (const s of ['critical', 'high', 'medium', 'low', 'info'] as Severity[]) assert.equal(state.open[s], open.filter((f) => f.severity === s).length, s);
    assert.equal(state.suppressed, 1);
    assert.equal(state.findings.length, all.length, 'the list holds suppressed findings too (hidden by a filter)');
    assert.equal(state.findings.filter((f) => f.suppressed === 'reviewed').length, 1);
  });

  it('uses the shared risk score and explains it', () => {
    const state = build();
    const expected = computeRiskScore(entries.flatMap((e) => e.result.findings));
    assert.equal(state.score.score, expected.score);
    assert.equal(state.score.rating, expected.rating);
    assert.equal(state.score.points, expected.points);
    assert.match(state.score.explanation, /points/);
  });

  it('charts every OWASP category of the chosen edition, counting open findings', () => {
    for (const edition of ['2025', '2026'] as const) {
      const state = build(edition);
      assert.equal(state.owasp.length, 10);
      assert.ok(state.owasp.every((c) => c.id.endsWith(`:${edition}`)));
      const open = entries.flatMap((e) => e.result.findings).filter((f) => !f.suppression);
      const tagged = open.reduce((n, f) => n + (edition === '2025' ? f.tags.owasp2025 : f.tags.owasp2026).length, 0);
      assert.equal(state.owasp.reduce((n, c) => n + c.openTotal, 0), tagged);
      for (const c of state.owasp) assert.equal(Object.values(c.open).reduce((a, b) => a + b, 0), c.openTotal);
    }
  });

  it('lists the ISO/IEC 42001 controls with open and suppressed counts and the rationale', () => {
    const state = build();
    const open = entries.flatMap((e) => e.result.findings).filter((f) => !f.suppression);
    for (const row of state.iso) {
      assert.equal(row.open, open.filter((f) => f.tags.iso42001.includes(row.id)).length, row.id);
      assert.ok(row.name.length > 0 && row.rules.length > 0);
    }
    assert.equal(state.iso.reduce((n, r) => n + r.suppressed, 0), entries.flatMap((e) => e.result.findings).filter((f) => f.suppression).reduce((n, f) => n + f.tags.iso42001.length, 0));
    assert.ok(state.iso.some((r) => r.rationale.length > 10));
  });

  it('carries the inventory of call sites and model sources with their locations', () => {
    const state = build();
    assert.equal(state.callSites.length, entries.reduce((n, e) => n + e.result.callSites.length, 0));
    assert.equal(state.modelSources.length, entries.reduce((n, e) => n + e.result.modelSources.length, 0));
    assert.ok(state.callSites.length > 0);
    for (const c of state.callSites) {
      assert.ok(c.provider && c.file && c.uri.startsWith('file://'));
      assert.ok(Number.isInteger(c.line) && c.line >= 0);
    }
  });

  it('sorts the findings list from the most severe', () => {
    const order = ['critical', 'high', 'medium', 'low', 'info'];
    const ranks = build().findings.map((f) => order.indexOf(f.severity));
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
    assert.equal(new Set(build().findings.map((f) => f.key)).size, build().findings.length, 'keys are unique');
  });

  describe('messages from the webview', () => {
    it('accepts the known messages', () => {
      for (const m of [{ type: 'ready' }, { type: 'scanWorkspace' }, { type: 'exportSarif' }, { type: 'exportAiBom' }, { type: 'openLocation', uri: 'file:///ws/a.py', line: 3, character: 0 }, { type: 'showRuleDocumentation', ruleId: 'hf-unpinned-model' }, { type: 'pong', token: 't', openTotal: 3, rendered: 3 }]) {
        assert.equal(parseWebviewMessage(m).ok, true, JSON.stringify(m));
      }
    });

    it('refuses unknown types, extra fields, wrong types and out-of-range values', () => {
      for (const m of [
        null,
        'ready',
        { type: 'runCommand', command: 'workbench.action.terminal.new' },
        { type: 'ready', extra: 1 },
        { type: 'openLocation', uri: 'file:///ws/a.py', line: -1, character: 0 },
        { type: 'openLocation', uri: 'file:///ws/a.py', line: 1.5, character: 0 },
        { type: 'openLocation', uri: 42, line: 1, character: 0 },
        { type: 'showRuleDocumentation', ruleId: '../../etc/passwd' },
      ]) {
        const parsed = parseWebviewMessage(m);
        assert.equal(parsed.ok, false, JSON.stringify(m));
      }
    });

    it('opens only locations inside a workspace folder', () => {
      const folders = ['/ws/app'];
      assert.equal(isInsideFolders('/ws/app/backend/main.py', folders, path.posix), true);
      assert.equal(isInsideFolders('/ws/app/../secrets.py', folders, path.posix), false);
      assert.equal(isInsideFolders('/ws/application/x.py', folders, path.posix), false);
      assert.equal(isInsideFolders('/etc/passwd', folders, path.posix), false);
      assert.equal(isInsideFolders('/ws/app', folders, path.posix), false);
    });
  });

  describe('HTML shell', () => {
    const html = panelHtml({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://r/out/webview.js', styleUri: 'https://r/media/panel.css', nonce: 'abc123' });

    it('sets a strict CSP: nothing by default, the script only by nonce', () => {
      const csp = contentSecurityPolicy('https://x', 'n0nce');
      assert.match(csp, /^default-src 'none'/);
      assert.match(csp, /script-src 'nonce-n0nce'(;|$)/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
      assert.ok(html.includes(`content="${contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', 'abc123').replace(/'/g, "'")}"`));
    });

    it('has one script, with the nonce, and no inline handlers or remote resources', () => {
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      assert.equal(scripts.length, 1);
      assert.match(scripts[0], /nonce="abc123"/);
      assert.match(scripts[0], /src="https:\/\/r\/out\/webview\.js"/);
      assert.doesNotMatch(html, /\son[a-z]+=/i);
      assert.doesNotMatch(html, /style="/);
      const urls = html.match(/(?:src|href)="([^"]+)"/g) ?? [];
      assert.ok(urls.every((u) => u.includes('https://r/')), urls.join(' '));
    });

    it('makes a fresh nonce each time', () => {
      const a = panelHtml({ cspSource: 'x', scriptUri: 's', styleUri: 'c' });
      const b = panelHtml({ cspSource: 'x', scriptUri: 's', styleUri: 'c' });
      const nonce = (h: string) => /nonce="([^"]+)"/.exec(h)![1];
      assert.notEqual(nonce(a), nonce(b));
      assert.ok(nonce(a).length >= 16);
    });
  });
});
