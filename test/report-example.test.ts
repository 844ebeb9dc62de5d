/**
 * The reports on a real scan: the example workspace (examples/chat-app) analysed by the engine,
 * then written as SARIF, JSON, AI-BOM and HTML exactly as `llmsec scan --format ...` and
 * `llmsec bom` do. Checks the validators accept them and that two scans give identical bytes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { chromium } from 'playwright-core';
import { DEFAULT_CONFIG } from '../src/engine/api';
import { Engine } from '../src/engine/engine';
import type { ScanResult } from '../src/engine/findings';
import { scanPaths } from '../src/engine/scan';
import { buildAiBom, serializeBom } from '../src/report/bom';
import { renderHtmlReport } from '../src/report/html';
import { serializeJsonReport, toJsonReport } from '../src/report/json';
import { manifestDirsFor, readManifests } from '../src/report/manifests';
import { serializeSarif, toSarif } from '../src/report/sarif';
import { diskSourceReader } from '../src/report/source';

const EXAMPLE = path.join(__dirname, '..', 'examples', 'chat-app');
const OUT = path.join(__dirname, '..', '.test-artifacts', 'example');

interface Outputs {
  sarif: string;
  json: string;
  bom: string;
  html: string;
  result: ScanResult;
}

async function scanAndReport(): Promise<Outputs> {
  const engine = Engine.create({ config: DEFAULT_CONFIG });
  const result = await scanPaths([EXAMPLE], DEFAULT_CONFIG, { root: EXAMPLE, workers: 0 });
  const read = diskSourceReader(result.root);
  return {
    result,
    sarif: serializeSarif(toSarif(result, engine.ruleInfos, { readSource: read })),
    json: serializeJsonReport(toJsonReport(result)),
    bom: serializeBom(buildAiBom(result, readManifests(result.root, manifestDirsFor(result)))),
    html: renderHtmlReport(result, engine.ruleInfos, { readSource: read }),
  };
}

describe('reports on the example workspace', function () {
  this.timeout(300_000);
  let first: Outputs;

  before(async () => {
    first = await scanAndReport();
    mkdirSync(OUT, { recursive: true });
    writeFileSync(path.join(OUT, 'chat-app.sarif'), first.sarif);
    writeFileSync(path.join(OUT, 'chat-app.bom.json'), first.bom);
    writeFileSync(path.join(OUT, 'chat-app.html'), first.html);
  });

  it('finds something to report (the workspace is deliberately vulnerable)', () => {
    const findings = first.result.files.flatMap((f) => f.findings);
    assert.ok(findings.length >= 5, `only ${findings.length} findings`);
    assert.ok(first.result.files.some((f) => f.callSites.length > 0));
  });

  it('SARIF passes the SARIF Multitool validator with no errors and no warnings', () => {
    const output = path.join(OUT, 'chat-app.validation.sarif');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tool: string = require('@microsoft/sarif-multitool');
    const run = spawnSync(tool, ['validate', path.join(OUT, 'chat-app.sarif'), '--output', output, '--log', 'ForceOverwrite', '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning;Note'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const log = JSON.parse(readFileSync(output, 'utf8')) as {
      runs: Array<{ tool: { driver: { rules?: Array<{ id: string; defaultConfiguration?: { level?: string } }> } }; results?: Array<{ ruleId: string; level?: string; message: { text?: string } }>; invocations?: Array<{ executionSuccessful: boolean }> }>;
    };
    const vrun = log.runs[0];
    assert.equal(vrun.invocations?.[0].executionSuccessful, true);
    const defaults = new Map((vrun.tool.driver.rules ?? []).map((r) => [r.id, r.defaultConfiguration?.level ?? 'warning']));
    const bad = (vrun.results ?? []).filter((r) => ['error', 'warning'].includes(r.level ?? defaults.get(r.ruleId) ?? 'warning'));
    assert.deepEqual(bad.map((r) => `${r.ruleId}: ${r.message.text}`), []);
    assert.ok((vrun.results ?? []).length > 0, 'the validator analysed the log');
  });

  it('the AI-BOM validates against CycloneDX 1.6 and names the models the example uses', async () => {
    const error = await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(first.bom);
    assert.equal(error, null, JSON.stringify(error));
    const bom = JSON.parse(first.bom) as { components: Array<{ type: string; name: string }>; services: unknown[] };
    assert.ok(bom.components.some((c) => c.type === 'machine-learning-model'));
    assert.ok(bom.components.some((c) => c.type === 'library'));
    assert.ok(bom.services.length > 0);
  });

  it('SARIF, JSON and BOM are byte-identical across two scans', async () => {
    const second = await scanAndReport();
    assert.equal(second.sarif, first.sarif);
    assert.equal(second.json, first.json);
    assert.equal(second.bom, first.bom);
    assert.equal(second.html, first.html);
  });

  it('the HTML report renders in Chromium without console errors or requests', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(path.join(OUT, 'chat-app.html')).href;
      await page.goto(url, { waitUntil: 'load' });
      assert.deepEqual(problems, []);
      assert.deepEqual(requests, [url]);
      const open = first.result.files.flatMap((f) => f.findings).filter((f) => !f.suppression).length;
      assert.equal(await page.locator('details.finding').count(), open);
      await page.screenshot({ path: path.join(OUT, 'chat-app.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
