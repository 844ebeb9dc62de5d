// The result cache in the real extension host: workspace scans keep per-file results in the
// extension's global storage; a later scan (new worker threads, so nothing survives in memory:
// only what is on disk) takes unchanged files from it with the same diagnostics, and analyses
// only the file that changed. "llmsec: Clear Analysis Cache" empties it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LlmsecApi } from '../../../src/extension/extension';
import { log } from './helpers';
import { llmsecApi, workspaceRoot } from './oracle';

const TEMP_DIR = 'tmp-llmsec-cache-host-test';
const NEW_FILE = `import os
from openai import OpenAI

client = OpenAI()


def run(question):
    reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])
    os.system(reply.choices[0].message.content)
`;

suite('llmsec result cache', () => {
  let api: LlmsecApi;
  const tempDir = () => path.join(workspaceRoot(), TEMP_DIR);

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await llmsecApi();
  });
  suiteTeardown(() => fs.rmSync(tempDir(), { recursive: true, force: true }));

  test('a second scan takes unchanged files from the cache in global storage; a changed file is analysed again', async function () {
    this.timeout(180_000);
    await vscode.commands.executeCommand('llmsec.clearCache');
    const cold = await api.scanWorkspace();
    assert.ok(cold && !cold.cancelled && cold.analysed > 0, JSON.stringify(cold));
    assert.equal(cold.fromCache, 0, 'nothing cached after clearing');
    await api.settled();
    const coldCounts = await api.openFindingCounts();

    const warm = await api.scanWorkspace();
    assert.ok(warm && !warm.cancelled);
    assert.equal(warm.analysed, cold.analysed);
    assert.equal(warm.fromCache, warm.analysed, 'every analysed file from the cache');
    assert.equal(warm.findings, cold.findings);
    await api.settled();
    assert.deepEqual(await api.openFindingCounts(), coldCounts, 'same diagnostics');

    fs.mkdirSync(tempDir(), { recursive: true });
    fs.writeFileSync(path.join(tempDir(), 'added.py'), NEW_FILE);
    const changed = await api.scanWorkspace();
    assert.ok(changed && !changed.cancelled);
    assert.equal(changed.analysed, cold.analysed + 1);
    assert.equal(changed.fromCache, cold.analysed, 'only the new file analysed');
    assert.ok(changed.findings > cold.findings);
    log(`      (cold ${Math.round(cold.elapsedMs)} ms, warm ${Math.round(warm.elapsedMs)} ms; ${warm.fromCache} of ${warm.analysed} analysed files from the cache)`);
  });
});
