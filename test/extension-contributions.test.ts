// package.json's contributions against the extension's code, so they cannot drift: the
// commands are exactly the ones the code registers, the settings exactly the ones it reads
// (with the same defaults), views and activation match the ids in the code, and the files
// the manifest names exist. (The same is checked inside a real VS Code by the host suite.)
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, INTERNAL_COMMANDS, RISK_PANEL_VIEW_TYPE, RISK_VIEW_ID, VIEW_CONTAINER_ID } from '../src/extension/commands';
import { defaultSettings, SETTING_KEYS, SETTINGS_SECTION } from '../src/extension/settings/schema';

const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

interface Command {
  command: string;
  title: string;
  category?: string;
}

describe('extension contributions in package.json', () => {
  const commands: Command[] = pkg.contributes.commands;

  it('contributes exactly the commands the code registers', () => {
    assert.deepEqual(commands.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
    for (const c of commands) assert.equal(c.category, 'llmsec', `${c.command} has the llmsec category`);
  });

  it('registers every command in activate(), each with a handler', () => {
    // The handler table in extension.ts is typed Record<CommandId, ...>; check it names them all.
    const source = fs.readFileSync(path.join(root, 'src', 'extension', 'extension.ts'), 'utf8');
    const names = Object.entries(COMMANDS).map(([name]) => name);
    for (const name of names) assert.match(source, new RegExp(`\\[COMMANDS\\.${name}\\]:`), `no handler for COMMANDS.${name}`);
  });

  it('hides internal commands from the command palette', () => {
    const hidden = (pkg.contributes.menus.commandPalette as { command: string; when: string }[]).filter((m) => m.when === 'false').map((m) => m.command);
    assert.deepEqual(hidden.sort(), [...INTERNAL_COMMANDS].sort());
  });

  it('menus name only contributed commands', () => {
    const contributed = new Set(commands.map((c) => c.command));
    for (const items of Object.values(pkg.contributes.menus) as { command: string }[][]) {
      for (const item of items) assert.ok(contributed.has(item.command), item.command);
    }
  });

  it('contributes exactly the settings the code reads, with the same defaults', () => {
    const properties = pkg.contributes.configuration.properties as Record<string, { default: unknown; scope?: string; description?: string; markdownDescription?: string }>;
    assert.deepEqual(Object.keys(properties).sort(), [...SETTING_KEYS].sort());
    const defaults = defaultSettings() as Record<string, unknown>;
    for (const [key, schema] of Object.entries(properties)) {
      assert.deepEqual(schema.default, defaults[key.slice(SETTINGS_SECTION.length + 1)], `default of ${key}`);
      assert.ok(schema.description ?? schema.markdownDescription, `${key} has a description`);
      assert.ok(schema.scope, `${key} declares its scope`);
    }
    assert.equal(properties['llmsec.owaspEdition'].scope, 'window');
    assert.equal(properties['llmsec.ruleDirectories'].scope, 'resource');
  });

  it('declares limited support for untrusted workspaces, restricting rule directories', () => {
    const untrusted = pkg.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.ok(untrusted.description.length > 20);
    assert.deepEqual(untrusted.restrictedConfigurations, ['llmsec.ruleDirectories']);
  });

  it('activates on the five languages, the config file and the restored panel', () => {
    const events: string[] = pkg.activationEvents;
    for (const language of ['python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact']) assert.ok(events.includes(`onLanguage:${language}`), language);
    assert.ok(events.includes('workspaceContains:.llmsec.yaml'));
    assert.ok(events.includes(`onWebviewPanel:${RISK_PANEL_VIEW_TYPE}`));
    assert.ok(!events.includes('*'), 'never activate on startup');
  });

  it('puts the risk view in its own activity-bar container', () => {
    const containers = pkg.contributes.viewsContainers.activitybar as { id: string; icon: string }[];
    assert.deepEqual(containers.map((c) => c.id), [VIEW_CONTAINER_ID]);
    const views = pkg.contributes.views[VIEW_CONTAINER_ID] as { id: string; type: string }[];
    assert.deepEqual(views.map((v) => [v.id, v.type]), [[RISK_VIEW_ID, 'webview']]);
  });

  it('names files that exist and that .vscodeignore lets into the VSIX', () => {
    const files = [pkg.icon, ...pkg.contributes.viewsContainers.activitybar.map((c: { icon: string }) => c.icon), 'media/panel.css'];
    for (const file of files) assert.ok(fs.existsSync(path.join(root, file)), file);
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!media\/\*\*$/m);
    assert.match(ignore, /^!out\/webview\.js$/m);
    assert.match(ignore, /^!out\/extension\.js$/m);
    assert.match(ignore, /^!out\/worker\.js$/m);
  });
});
