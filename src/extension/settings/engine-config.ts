/**
 * Turns the settings of one workspace folder, its `.llmsec.yaml` (shared with the CLI) and
 * the workspace trust into the engine's configuration. Pure: the caller reads the files.
 *
 * Precedence: rules disabled anywhere stay disabled; severity overrides from settings win over
 * the config file's; rule directories and exclusions add up. In an untrusted workspace the
 * config file and rule directories are ignored (only built-in rules run) until it is trusted.
 */
import * as path from 'node:path';
import { DEFAULT_CONFIG, type EngineConfig } from '../../engine/api';
import type { LoadedConfig } from '../../engine/config';
import type { ScanNotice } from '../../engine/findings';
import type { Settings } from './schema';

export type OwaspEdition = '2025' | '2026';

export interface FolderConfigInput {
  settings: Settings;
  /** True when the OWASP edition was set explicitly in settings (not the default). */
  editionSetExplicitly: boolean;
  /** The folder's `.llmsec.yaml`, when there is one and it was read. */
  configFile?: LoadedConfig;
  trusted: boolean;
  /** The workspace folder's path, for relative rule directories; undefined outside a folder. */
  folderPath?: string;
}

export interface FolderConfig {
  config: EngineConfig;
  owaspEdition: OwaspEdition;
  /** Problems to show: config file errors, and why things were left out. */
  notices: ScanNotice[];
  /** The config file that applied (none when untrusted or absent). */
  configFile?: string;
}

export function resolveFolderConfig(input: FolderConfigInput): FolderConfig {
  const { settings, trusted, folderPath } = input;
  const file = trusted ? input.configFile : undefined;
  const fromFile = file?.config ?? {};
  const notices: ScanNotice[] = [...(file?.notices ?? [])];
  const settingDirs = settings.ruleDirectories.map((dir) => (path.isAbsolute(dir) || !folderPath ? dir : path.resolve(folderPath, dir)));
  const ruleDirs = trusted ? [...(fromFile.ruleDirs ?? []), ...settingDirs] : [];
  if (!trusted && (settingDirs.length || input.configFile)) {
    notices.push({
      level: 'info',
      reason: 'untrusted',
      message: 'Restricted mode: only the built-in rules run; the workspace .llmsec.yaml and rule directories apply once the workspace is trusted.',
    });
  }
  const config: EngineConfig = {
    ...DEFAULT_CONFIG,
    ...(fromFile.maxFileBytes ? { maxFileBytes: fromFile.maxFileBytes } : {}),
    ruleDirs: unique(ruleDirs),
    disabledRules: unique([...(fromFile.disabledRules ?? []), ...settings['rules.disabled']]),
    severityOverrides: { ...(fromFile.severityOverrides ?? {}), ...settings['rules.severity'] },
    exclude: unique([...(fromFile.exclude ?? []), ...settings.exclude]),
  };
  const owaspEdition = input.editionSetExplicitly ? settings.owaspEdition : (file?.owaspEdition ?? settings.owaspEdition);
  return { config, owaspEdition, notices, ...(file?.file ? { configFile: file.file } : {}) };
}

/**
 * The part of the configuration the analysis workers are started with. Folders whose key is
 * equal share one worker pool; a change of key means new workers.
 */
export function workerConfigKey(config: EngineConfig): string {
  return JSON.stringify({
    ruleDirs: config.ruleDirs,
    disabledRules: [...config.disabledRules].sort(),
    severityOverrides: Object.fromEntries(Object.entries(config.severityOverrides).sort(([a], [b]) => a.localeCompare(b))),
    maxFileBytes: config.maxFileBytes,
    parseTimeoutMs: config.parseTimeoutMs,
  });
}

/**
 * VS Code's `files.exclude` (glob -> true | false | { when }) as .gitignore patterns for the
 * workspace scan. Conditional entries (`when`) are left out: they depend on sibling files.
 * A VS Code glob without a leading `**` is anchored at the folder, so it gets a leading `/`;
 * `{a,b}` groups are expanded because .gitignore has none.
 */
export function filesExcludeToIgnorePatterns(filesExclude: Record<string, unknown> | undefined): string[] {
  const out: string[] = [];
  for (const [glob, value] of Object.entries(filesExclude ?? {})) {
    if (value !== true) continue;
    for (const expanded of expandBraces(glob)) {
      const trimmed = expanded.trim();
      if (!trimmed) continue;
      out.push(trimmed.startsWith('**/') || trimmed.startsWith('/') ? trimmed : `/${trimmed}`);
    }
  }
  return unique(out);
}

/** `a{b,c}d{e,f}` -> abde, abdf, acde, acdf. Nested groups are expanded from the inside out. */
export function expandBraces(glob: string): string[] {
  const match = /\{([^{}]*)\}/.exec(glob);
  if (!match) return [glob];
  const before = glob.slice(0, match.index);
  const after = glob.slice(match.index + match[0].length);
  return match[1].split(',').flatMap((choice) => expandBraces(before + choice + after));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
