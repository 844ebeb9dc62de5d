import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ScanResult } from '../src/engine/findings';
import { SARIF_FINGERPRINT_KEY, serializeSarif, toSarif } from '../src/report/sarif';
import type { SarifLog, SarifResult } from '../src/report/sarif-types';
import { SECRET, buildFixture, buildLargeFixture, fixtureReader } from './report-fixture';

const ROOT = path.join(path.sep, 'work', 'acme', 'chat-service');
const OUT_DIR = path.join(__dirname, '..', '.test-artifacts', 'sarif');

interface ValidatorFinding {
  ruleId: string;
  level: string;
  text: string;
}

/** Runs Microsoft's SARIF Multitool validator (SARIF and GitHub rule sets) and returns its results. */
function validateSarif(name: string, text: string): { findings: ValidatorFinding[]; configErrors: string[] } {
  mkdirSync(OUT_DIR, { recursive: true });
  const input = path.join(OUT_DIR, `${name}.sarif`);
  const output = path.join(OUT_DIR, `${name}.validation.sarif`);
  writeFileSync(input, text);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tool: string = require('@microsoft/sarif-multitool');
  const run = spawnSync(
    tool,
    ['validate', input, '--output', output, '--log', 'ForceOverwrite', '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning;Note', '--max-file-size-in-kb', '512000'],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  assert.equal(run.status, 0, `sarif-multitool failed: ${run.stderr}\n${run.stdout.slice(0, 2000)}`);
  const log = JSON.parse(readFileSync(output, 'utf8')) as {
    runs: Array<{
      tool: { driver: { rules?: Array<{ id: string; defaultConfiguration?: { level?: string } }> } };
      results?: Array<{ ruleId: string; level?: string; message: { text?: string; id?: string; arguments?: string[] } }>;
      invocations?: Array<{ executionSuccessful: boolean; toolConfigurationNotifications?: Array<{ level?: string; message: { text: string } }> }>;
    }>;
  };
  const vrun = log.runs[0];
  const defaults = new Map((vrun.tool.driver.rules ?? []).map((r) => [r.id, r.defaultConfiguration?.level ?? 'warning']));
  const findings = (vrun.results ?? []).map((r) => ({
    ruleId: r.ruleId,
    // A result without a level takes its rule's default, and SARIF's default is 'warning'.
    level: r.level ?? defaults.get(r.ruleId) ?? 'warning',
    text: r.message.text ?? `${r.message.id} ${(r.message.arguments ?? []).join(' ')}`,
  }));
  const invocation = vrun.invocations?.[0];
  const configErrors = (invocation?.toolConfigurationNotifications ?? []).filter((n) => n.level === 'error' || n.level === undefined).map((n) => n.message.text);
  if (invocation && !invocation.executionSuccessful) configErrors.push('validator execution failed');
  return { findings, configErrors };
}

function problems(findings: ValidatorFinding[]): string[] {
  return findings.filter((f) => f.level === 'error' || f.level === 'warning').map((f) => `${f.level} ${f.ruleId}: ${f.text}`);
}

function sarifFor(result: ScanResult, rules = buildFixture({ root: ROOT }).rules, sources?: Record<string, string>): SarifLog {
  return toSarif(result, rules, sources ? { readSource: fixtureReader(result.root, sources) } : {});
}

function allResults(log: SarifLog): SarifResult[] {
  return log.runs[0].results;
}

describe('SARIF report', function () {
  this.timeout(300_000);

  it('passes the SARIF Multitool validator with no errors and no warnings (fixture workspace)', () => {
    const { result, rules, sources } = buildFixture({ root: ROOT });
    const { findings, configErrors } = validateSarif('fixture', serializeSarif(sarifFor(result, rules, sources)));
    assert.deepEqual(configErrors, []);
    assert.deepEqual(problems(findings), []);
    // The validator did look at the log: it reports its informational notes (e.g. SARIF2002 per result).
    assert.ok(findings.some((f) => f.ruleId === 'SARIF2002'), 'expected the validator to have analysed the results');
  });

  it('passes the validator on a large scan (1,000 files, 1,500 results with flows and snippets)', () => {
    const root = path.join(path.sep, 'srv', 'monorepo');
    const { result, rules, sources } = buildLargeFixture(root, 1000);
    const log = sarifFor(result, rules, sources);
    assert.equal(allResults(log).length, 1500);
    const { findings, configErrors } = validateSarif('large', serializeSarif(log));
    assert.deepEqual(configErrors, []);
    assert.deepEqual(problems(findings), []);
    assert.equal(findings.filter((f) => f.ruleId === 'SARIF2002').length, 1500, 'every result was analysed');
  });

  it('describes each rule: help URI, descriptions, help markdown, default level, standards tags and security-severity', () => {
    const { result, rules } = buildFixture({ root: ROOT });
    const driver = sarifFor(result, rules).runs[0].tool.driver;
    assert.deepEqual(
      driver.rules.map((r) => r.id),
      [...rules.map((r) => r.id)].sort(),
    );
    const rule = driver.rules.find((r) => r.id === 'llm-output-shell-command');
    assert.ok(rule);
    assert.equal(rule.name, 'LlmOutputShellCommand');
    assert.equal(rule.helpUri, 'https://example.test/llmsec/rules/llm-output-shell-command');
    assert.equal(rule.shortDescription?.text, 'LLM output runs as a shell command.');
    assert.match(rule.fullDescription?.text ?? '', /steered into emitting any command/);
    assert.match(rule.help?.markdown ?? '', /\[LLM05:2025 Improper Output Handling\]\(https:\/\/genai\.owasp\.org\/llmrisk\/llm052025-improper-output-handling\/\)/);
    assert.match(rule.help?.markdown ?? '', /\[CWE-78\]\(https:\/\/cwe\.mitre\.org\/data\/definitions\/78\.html\)/);
    assert.match(rule.help?.markdown ?? '', /\[AML\.T0050\]\(https:\/\/atlas\.mitre\.org\/techniques\/AML\.T0050\)/);
    assert.match(rule.help?.markdown ?? '', /A\.6\.2\.4 AI system verification and validation/);
    assert.deepEqual(rule.defaultConfiguration, { level: 'error' });
    const props = rule.properties as { tags: string[]; 'security-severity': string };
    assert.equal(props['security-severity'], '9.5');
    for (const tag of ['security', 'LLM05:2025', 'LLM10:2026', 'ISO-42001:A.6.2.4', 'CWE-78', 'CWE-1426', 'AML.T0050']) assert.ok(props.tags.includes(tag), tag);
    const medium = driver.rules.find((r) => r.id === 'hf-unpinned-model');
    assert.deepEqual(medium?.defaultConfiguration, { level: 'warning' });
    assert.equal((medium?.properties as { 'security-severity': string })['security-severity'], '5.5');
  });

  it('keeps suppressed findings as results with suppressions and their justification', () => {
    const { result, rules } = buildFixture({ root: ROOT });
    const keys = result.files.find((f) => f.file.endsWith('keys.py'));
    assert.ok(keys);
    keys.findings[0].suppression = { kind: 'register', justification: 'Demo key, rotated weekly', owner: 'Dana', acceptedOn: '2025-01-10', reviewBy: '2025-07-10' };
    const results = allResults(sarifFor(result, rules));
    const total = result.files.reduce((n, f) => n + f.findings.length, 0);
    assert.equal(results.length, total, 'no finding vanishes');
    const inline = results.filter((r) => r.suppressions?.[0]?.kind === 'inSource');
    assert.equal(inline.length, 1);
    assert.equal(inline[0].suppressions?.[0].justification, 'the command runs in a throwaway sandbox container');
    assert.equal(inline[0].suppressions?.[0].status, 'accepted');
    const external = results.filter((r) => r.suppressions?.[0]?.kind === 'external');
    assert.equal(external.length, 1);
    assert.equal(external[0].ruleId, 'hardcoded-api-key');
    assert.deepEqual(external[0].suppressions?.[0], {
      kind: 'external',
      status: 'accepted',
      justification: 'Demo key, rotated weekly',
      properties: { owner: 'Dana', acceptedOn: '2025-01-10', reviewBy: '2025-07-10', source: '.llmsec/accepted-risks.yaml' },
    });
    assert.equal(results.filter((r) => !r.suppressions).length, total - 2);
  });

  it('writes URIs relative to the scanned root, percent-encoded, with the root in originalUriBaseIds', () => {
    const { result, rules } = buildFixture({ root: ROOT });
    result.notices.push({ level: 'error', message: 'Cannot read file', file: path.join(path.sep, 'elsewhere', 'lib.py'), reason: 'unreadable' });
    const run = sarifFor(result, rules).runs[0];
    assert.deepEqual(run.originalUriBaseIds.SRCROOT.uri, 'file:///work/acme/chat-service/');
    const uris = new Set(run.results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri));
    assert.ok(uris.has('app/server.py'));
    assert.ok(uris.has('web/src/%22%3E%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E.ts'), [...uris].join(', '));
    for (const r of run.results) {
      assert.equal(r.locations[0].physicalLocation.artifactLocation.uriBaseId, 'SRCROOT');
      for (const step of r.codeFlows?.[0].threadFlows[0].locations ?? []) assert.equal(step.location.physicalLocation.artifactLocation.uriBaseId, 'SRCROOT');
    }
    const outside = run.invocations[0].toolExecutionNotifications?.find((n) => n.properties?.reason === 'unreadable');
    assert.deepEqual(outside?.locations?.[0].physicalLocation.artifactLocation, { uri: 'file:///elsewhere/lib.py' });
    assert.equal(outside?.level, 'error');
    const shared = toSarif(result, rules, { includeRootUri: false }).runs[0].originalUriBaseIds.SRCROOT;
    assert.equal(shared.uri, undefined);
  });

  it('carries codeFlows with every step in order, and 1-based regions', () => {
    const { result, rules, sources } = buildFixture({ root: ROOT });
    const r = allResults(sarifFor(result, rules, sources)).find((x) => x.ruleId === 'llm-output-shell-command' && !x.suppressions);
    assert.ok(r);
    const steps = r.codeFlows?.[0].threadFlows[0].locations ?? [];
    assert.deepEqual(
      steps.map((s) => [s.executionOrder, s.location.message?.text, s.location.physicalLocation.region?.startLine]),
      [
        [1, 'Source: LLM response created.', 15],
        [2, 'Step: message content read into command.', 19],
        [3, 'Sink: passed to os.system().', 20],
      ],
    );
    const region = r.locations[0].physicalLocation.region;
    assert.deepEqual({ ...region, snippet: undefined }, { startLine: 20, startColumn: 15, endLine: 20, endColumn: 22, snippet: undefined });
    assert.equal(region?.snippet?.text, 'command');
    assert.equal(r.locations[0].physicalLocation.contextRegion?.startLine, 18);
    assert.equal(r.locations[0].physicalLocation.contextRegion?.endLine, 22);
  });

  it('keeps partialFingerprints when an unrelated line is inserted above, while regions move', () => {
    const before = buildFixture({ root: ROOT });
    const after = buildFixture({ root: ROOT, shiftServer: true });
    const a = allResults(sarifFor(before.result, before.rules, before.sources)).filter((r) => r.locations[0].physicalLocation.artifactLocation.uri === 'app/server.py');
    const b = allResults(sarifFor(after.result, after.rules, after.sources)).filter((r) => r.locations[0].physicalLocation.artifactLocation.uri === 'app/server.py');
    assert.equal(a.length, 4);
    assert.deepEqual(
      b.map((r) => r.partialFingerprints[SARIF_FINGERPRINT_KEY]),
      a.map((r) => r.partialFingerprints[SARIF_FINGERPRINT_KEY]),
    );
    assert.deepEqual(
      b.map((r) => r.locations[0].physicalLocation.region?.startLine),
      a.map((r) => (r.locations[0].physicalLocation.region?.startLine ?? 0) + 1),
    );
    const fromEngine = new Set(before.result.files.flatMap((f) => f.findings.map((x) => x.fingerprint)));
    for (const r of allResults(sarifFor(before.result, before.rules))) assert.ok(fromEngine.has(r.partialFingerprints[SARIF_FINGERPRINT_KEY]));
  });

  it('is byte-identical across runs and whatever order the files and findings arrive in', () => {
    const one = buildFixture({ root: ROOT });
    const two = buildFixture({ root: ROOT });
    two.result.files.reverse();
    for (const f of two.result.files) f.findings.reverse();
    two.result.files.forEach((f) => (f.elapsedMs = 999));
    const rulesShuffled = [...two.rules].reverse();
    const textOne = serializeSarif(sarifFor(one.result, one.rules, one.sources));
    const textTwo = serializeSarif(sarifFor(two.result, rulesShuffled, two.sources));
    assert.equal(textTwo, textOne);
    assert.doesNotMatch(textOne, /TimeUtc/);
    const withTimes = serializeSarif(toSarif(one.result, one.rules, { timestamps: { start: '2025-03-01T10:00:00.000Z', end: '2025-03-01T10:00:02.000Z' } }));
    assert.match(withTimes, /"startTimeUtc": "2025-03-01T10:00:00.000Z"/);
  });

  it('redacts secrets in snippets and context regions', () => {
    const { result, rules, sources } = buildFixture({ root: ROOT });
    const text = serializeSarif(sarifFor(result, rules, sources));
    assert.ok(!text.includes(SECRET.slice(8)), 'the key must not appear');
    assert.match(text, /sk-p\*{10,}/);
  });

  it('gives a rule description to findings of rules it was not told about', () => {
    const { result, rules } = buildFixture({ root: ROOT });
    const log = sarifFor(result, rules.filter((r) => r.id !== 'hf-trust-remote-code'));
    const rule = log.runs[0].tool.driver.rules.find((r) => r.id === 'hf-trust-remote-code');
    assert.ok(rule);
    const r = log.runs[0].results.find((x) => x.ruleId === 'hf-trust-remote-code');
    assert.equal(log.runs[0].tool.driver.rules[r?.ruleIndex ?? -1].id, 'hf-trust-remote-code');
  });
});
