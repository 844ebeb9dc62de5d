// package.json's setting contributions: well-formed, known to VS Code with the declared
// defaults, and every one of them read by the extension.
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import { activate, contributedSettings, manifest } from './helpers';

suite('contributed settings', () => {
  suiteSetup(async () => {
    await activate();
  });

  test('package.json contributes settings, each with a type, a default and a description', () => {
    const settings = contributedSettings(manifest());
    assert.ok(settings.length > 0, 'contributes.configuration has no properties');
    const incomplete = settings
      .filter(([, schema]) => schema.type === undefined || !('default' in schema) || !(schema.description ?? schema.markdownDescription))
      .map(([key]) => key);
    assert.deepEqual(incomplete, [], `settings missing a type, default or description: ${incomplete.join(', ')}`);
  });

  test('VS Code knows every contributed setting, with the default package.json declares', () => {
    const configuration = vscode.workspace.getConfiguration();
    for (const [key, schema] of contributedSettings(manifest())) {
      const inspected = configuration.inspect(key);
      assert.ok(inspected, `VS Code does not know ${key}`);
      assert.deepEqual(inspected.defaultValue, schema.default, `default of ${key}`);
      if (schema.enum) assert.ok(schema.enum.some((v) => isDeepStrictEqual(v, schema.default)), `default of ${key} is not in its enum`);
    }
  });

  // The extension's activate() returns `settingKeys(): string[]`, the full keys ("llmsec.x")
  // its settings reader reads (src/extension/settings/read.ts).
  test('the extension reads every contributed setting', async () => {
    const api = (await activate()) as { settingKeys?: () => string[] } | undefined;
    assert.equal(typeof api?.settingKeys, 'function', 'the extension API has no settingKeys()');
    const read = new Set(api?.settingKeys?.());
    const unread = contributedSettings(manifest()).map(([key]) => key).filter((key) => !read.has(key));
    assert.deepEqual(unread, [], `contributed but never read by the extension: ${unread.join(', ')}`);
  });
});

