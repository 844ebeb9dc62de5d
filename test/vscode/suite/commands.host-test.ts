// package.json's command contributions against what the extension registers at activation,
// so the two cannot drift (a palette entry that does nothing, a menu naming a lost command).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, manifest } from './helpers';

suite('contributed commands', () => {
  suiteSetup(async () => {
    await activate();
  });

  test('package.json contributes commands', () => {
    const commands = manifest().contributes?.commands ?? [];
    assert.ok(commands.length > 0, 'contributes.commands is empty');
  });

  test('every command in contributes.commands is registered after activation', async () => {
    const contributed = (manifest().contributes?.commands ?? []).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((command) => !registered.has(command));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  test('menus and keybindings name only contributed commands', () => {
    const contributes = manifest().contributes ?? {};
    const contributed = new Set((contributes.commands ?? []).map((c) => c.command));
    // Only the extension's own namespace: menus may also name VS Code's built-in commands.
    const namespaces = new Set([...contributed].map((command) => command.split('.')[0]));
    const referenced = [
      ...Object.values(contributes.menus ?? {}).flat().flatMap((item) => (item.command ? [item.command] : [])),
      ...(contributes.keybindings ?? []).map((k) => k.command),
    ];
    const own = referenced.filter((command) => namespaces.has(command.split('.')[0]));
    const unknown = [...new Set(own.filter((command) => !contributed.has(command)))];
    assert.deepEqual(unknown, [], `referenced but not contributed: ${unknown.join(', ')}`);
  });
});
