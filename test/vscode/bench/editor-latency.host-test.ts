// The editing benchmark in a real VS Code (npm run bench:editor, not part of npm test): from
// the extension host's change event for an edit to llmsec setting the diagnostics for the new
// text, with the typing delay set to 0 (the goal excludes the debounce). That is llmsec receiving
// the change, the analysis worker re-analysing, the result crossing back, and the diagnostics set
// (or, when the new result changes no diagnostic, found unchanged and not set again). Printed
// apart: when VS Code's onDidChangeDiagnostics then fires (VS Code debounces it by 50 ms), and the
// time VS Code takes to apply the edit and tell the extension host (in code-server that includes
// a round trip to the browser). Prints p50 / p90 / p95 / max per file; asserts only that every
// edit got its diagnostics. The time llmsec takes is also split by stage (AnalysisStages).
// LLMSEC_BENCH_CPU_PROFILE=DIR also writes a CPU profile of the extension host's thread over each
// file's edits to DIR (scripts/bench/profile-summary.mjs reads it).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { log } from '../suite/helpers';
import type { LlmsecApi } from '../../../src/extension/extension';
import { closeScratch, llmsecApi, llmsecDiagnostics, openScratch, setSetting } from '../suite/oracle';
import type { AnalysisStages } from '../../../src/extension/editor/diagnostics';

const EDITS = Number(process.env.LLMSEC_BENCH_EDITS ?? 60);
const PROFILE_DIR = process.env.LLMSEC_BENCH_CPU_PROFILE;

/** Profiles this thread (the extension host's) from start() until the returned stop() writes the profile to `file`. */
async function startProfile(file: string): Promise<() => Promise<void>> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object): Promise<unknown> =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  return async () => {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    session.disconnect();
    mkdirSync(PROFILE_DIR!, { recursive: true });
    writeFileSync(file, JSON.stringify(profile));
    log(`        CPU profile of the extension host: ${file}`);
  };
}

const STAGE_NAMES: Record<keyof AnalysisStages, string> = {
  waitMs: 'change to sent',
  analysisMs: 'engine in the worker',
  transportMs: 'messages and result difference',
  publishMs: 'answer to diagnostics set',
  convertMs: '(of that: findings to diagnostics)',
  setMs: '(of that: DiagnosticCollection.set)',
};

/** When llmsec published a document version's result, whether it set new diagnostics, and where the time went, by `uri#version` (kept from suite setup on). */
const publishedAt = new Map<string, { at: number; changed: boolean; stages?: AnalysisStages }>();
const versionKey = (uri: vscode.Uri, version: number | undefined): string => `${uri.toString()}#${version}`;
/** Called when a version is published (set by the edit waiting for it). */
let onPublished: ((key: string) => void) | undefined;

interface Published {
  published: number;
  /** When VS Code's onDidChangeDiagnostics reported them; undefined when llmsec did not set them again (nothing shown changed). */
  reported?: number;
  stages?: AnalysisStages;
}

/**
 * Resolves once llmsec has published the result of document version `version` of `uri` and, when
 * that set new diagnostics, VS Code's onDidChangeDiagnostics has reported them.
 */
function diagnosticsOfVersion(api: LlmsecApi, uri: vscode.Uri, version: number, timeoutMs = 20_000): Promise<Published> {
  const key = versionKey(uri, version);
  return new Promise((resolve, reject) => {
    let reported: number | undefined;
    const finish = (): void => {
      const published = publishedAt.get(key);
      if (!published || (published.changed && reported === undefined)) return;
      clearTimeout(timer);
      sub.dispose();
      onPublished = undefined;
      if (reported !== undefined && reported < published.at) reject(new Error(`VS Code reported diagnostics of version ${version} before llmsec set them`));
      else resolve({ published: published.at, reported, stages: published.stages });
    };
    const timer = setTimeout(() => {
      sub.dispose();
      onPublished = undefined;
      reject(new Error(`no diagnostics for version ${version} of ${uri.toString()} within ${timeoutMs} ms`));
    }, timeoutMs);
    // Other extensions set diagnostics for the same document too: they do not count.
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      if (api.analysedVersion(uri) !== version || reported !== undefined) return;
      reported = performance.now();
      finish();
    });
    onPublished = (k) => {
      if (k === key) finish();
    };
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

suite('editor latency (benchmark)', () => {
  let editSequence: (text: string, count: number, seed: number, language: string) => { start: number; end: number; text: string }[];
  let generateLlmApp: (language: 'python' | 'typescript', lines: number, seed?: number, options?: { plainShare?: number }) => string;
  let published: vscode.Disposable | undefined;
  suiteSetup(async function () {
    this.timeout(60_000);
    ({ editSequence } = await import('../../../scripts/bench/lib/edit-sequence.mjs'));
    ({ generateLlmApp } = await import('../../../scripts/bench/lib/llm-app-code.mjs'));
    const api = await llmsecApi();
    published = await api.onDidPublishDiagnostics((e) => {
      const key = versionKey(e.uri, e.version);
      if (publishedAt.has(key)) return;
      publishedAt.set(key, { at: performance.now(), changed: e.diagnosticsChanged, stages: e.stages });
      onPublished?.(key);
    });
    await setSetting('llmsec.typingDelay', 0);
  });
  suiteTeardown(async () => {
    published?.dispose();
    await setSetting('llmsec.typingDelay', undefined);
  });

  // The generated files hold about one finding per 10 lines, the worst case for publishing (every
  // finding below an added line moves); the sparse ones one per 200–280 lines (19 blocks in 20 plain code).
  const files = [
    ['python', 2000, 0],
    ['typescript', 2000, 0],
    ['python', 10000, 0],
    ['typescript', 10000, 0],
    ['python', 10000, 0.95],
    ['typescript', 10000, 0.95],
  ] as const;
  for (const [language, lines, plainShare] of files) {
    const name = `${language}, ${lines} lines${plainShare ? ', sparse findings' : ''}`;
    test(`${name}: ${EDITS} edits`, async function () {
      this.timeout(600_000);
      const text = generateLlmApp(language, lines, 42 + lines, { plainShare });
      const editor = await openScratch(text, language, language === 'python' ? 'app.py' : 'app.ts');
      try {
        const uri = editor.document.uri;
        const api = await llmsecApi();
        await api.settled(120_000);
        const latencies: number[] = [];
        const reportedAfter: number[] = [];
        const applying: number[] = [];
        let unchanged = 0;
        const stages: Record<keyof AnalysisStages, number[]> = { waitMs: [], analysisMs: [], transportMs: [], publishMs: [], convertMs: [], setMs: [] };
        const stopProfile = PROFILE_DIR ? await startProfile(join(PROFILE_DIR, `${language}-${lines}${plainShare ? '-sparse' : ''}.cpuprofile`)) : undefined;
        for (const e of editSequence(editor.document.getText(), EDITS, 42, language)) {
          const document = editor.document;
          const edit = new vscode.WorkspaceEdit();
          edit.replace(uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.text);
          let changed = 0;
          const sub = vscode.workspace.onDidChangeTextDocument((ev) => {
            if (ev.document.uri.toString() === uri.toString() && !changed) changed = performance.now();
          });
          // One edit makes one new version.
          const updated = diagnosticsOfVersion(api, uri, document.version + 1);
          const started = performance.now();
          let done: Published;
          try {
            assert.ok(await vscode.workspace.applyEdit(edit));
            done = await updated;
          } finally {
            sub.dispose();
          }
          assert.ok(changed > 0, 'the change event came');
          latencies.push(done.published - changed);
          if (done.reported === undefined) unchanged++;
          else reportedAfter.push(done.reported - done.published);
          applying.push(changed - started);
          for (const [stage, ms] of Object.entries(done.stages ?? {})) stages[stage as keyof AnalysisStages].push(ms);
        }
        await stopProfile?.();
        const f = (x: number) => x.toFixed(1);
        const line = (xs: number[]) => {
          const s = [...xs].sort((a, b) => a - b);
          return `p50 ${f(percentile(s, 50))} ms, p90 ${f(percentile(s, 90))} ms, p95 ${f(percentile(s, 95))} ms, max ${f(s[s.length - 1])} ms`;
        };
        log(`      editor latency ${name} (${llmsecDiagnostics(uri).length} llmsec diagnostics), ${latencies.length} edits, change event to diagnostics set: ${line(latencies)}`);
        log(`        (${unchanged} edits changed no diagnostic, so none were set; for the other ${reportedAfter.length}, then VS Code's debounced onDidChangeDiagnostics: ${reportedAfter.length ? line(reportedAfter) : 'none'})`);
        for (const [stage, xs] of Object.entries(stages)) if (xs.length) log(`        of which ${STAGE_NAMES[stage as keyof AnalysisStages]}: ${line(xs)}`);
        log(`        (VS Code applying the edit until the change event: ${line(applying)})`);
        assert.equal(latencies.length, EDITS);
      } finally {
        await closeScratch(editor);
      }
    });
  }
});
