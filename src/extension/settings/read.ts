/**
 * Reads llmsec's settings for a workspace folder (resource-scoped) and its .llmsec.yaml, and
 * resolves them into the engine configuration. Records every key it reads, so a test can check
 * that each setting package.json contributes is really used.
 */
import * as vscode from 'vscode';
import { findConfigFile, loadConfigFile } from '../../engine/config';
import type { ScanNotice } from '../../engine/findings';
import { filesExcludeToIgnorePatterns, resolveFolderConfig, type FolderConfig } from './engine-config';
import { parseSettings, SETTINGS_SECTION, type Settings, type SettingName } from './schema';

const keysRead = new Set<string>();

/** Full keys ("llmsec.x", "files.exclude") read since activation. */
export function settingKeysRead(): string[] {
  return [...keysRead].sort();
}

export interface FolderSetup extends FolderConfig {
  settings: Settings;
  /** Problems with the settings themselves (invalid values replaced by defaults). */
  settingErrors: string[];
  /** files.exclude as .gitignore patterns, for the workspace scan. */
  filesExclude: string[];
  folder?: vscode.WorkspaceFolder;
}

export function readFolderSetup(folder: vscode.WorkspaceFolder | undefined): FolderSetup {
  const scope = folder?.uri;
  const section = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const read = parseSettings((name: SettingName) => {
    keysRead.add(`${SETTINGS_SECTION}.${name}`);
    return section.get(name);
  });
  const edition = section.inspect('owaspEdition');
  const editionSetExplicitly = [edition?.globalValue, edition?.workspaceValue, edition?.workspaceFolderValue].some((v) => v !== undefined);
  keysRead.add('files.exclude');
  const filesExclude = filesExcludeToIgnorePatterns(vscode.workspace.getConfiguration('files', scope).get<Record<string, unknown>>('exclude'));

  const trusted = vscode.workspace.isTrusted;
  const folderPath = folder && folder.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
  const configPath = folderPath ? findConfigFile(folderPath) : undefined;
  let configFile;
  if (configPath && trusted) {
    configFile = loadConfigFile(configPath);
  } else if (configPath) {
    configFile = { file: configPath, config: {}, notices: [] as ScanNotice[] };
  }
  const resolved = resolveFolderConfig({ settings: read.settings, editionSetExplicitly, configFile, trusted, folderPath });
  return { ...resolved, settings: read.settings, settingErrors: read.errors, filesExclude, ...(folder ? { folder } : {}) };
}

/** Settings changes that need the configuration read again. */
export function affectsLlmsec(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS_SECTION) || event.affectsConfiguration('files.exclude');
}
