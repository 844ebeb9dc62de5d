/**
 * The extension's settings, described once: their zod schema (the defaults live here and must
 * match package.json; test/extension-contributions.test.ts checks both ways) and a reader that
 * validates each value on its own, so one bad setting falls back to its default with a clear
 * message instead of turning the others off. No `vscode` here: the reader takes a getter.
 */
import { z } from 'zod';

const severity = z.enum(['critical', 'high', 'medium', 'low', 'info']);
const ruleId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a rule id is lower-case words joined by hyphens');

export const SETTINGS_SCHEMA = {
  enable: z.boolean().default(true),
  run: z.enum(['onType', 'onSave']).default('onType'),
  typingDelay: z.number().int().min(0).max(10_000).default(300),
  owaspEdition: z.enum(['2025', '2026']).default('2025'),
  'rules.disabled': z.array(ruleId).default([]),
  'rules.severity': z.record(ruleId, severity).default({}),
  ruleDirectories: z.array(z.string().min(1)).default([]),
  exclude: z.array(z.string().min(1)).default([]),
} as const;

export type SettingName = keyof typeof SETTINGS_SCHEMA;
export type Settings = { [K in SettingName]: z.output<(typeof SETTINGS_SCHEMA)[K]> };

export const SETTINGS_SECTION = 'llmsec';
export const SETTING_NAMES = Object.keys(SETTINGS_SCHEMA) as SettingName[];
/** Full keys as they appear in settings.json and package.json. */
export const SETTING_KEYS = SETTING_NAMES.map((name) => `${SETTINGS_SECTION}.${name}`);

export function defaultSettings(): Settings {
  return Object.fromEntries(SETTING_NAMES.map((name) => [name, SETTINGS_SCHEMA[name].parse(undefined)])) as Settings;
}

export interface ReadSettings {
  settings: Settings;
  /** One message per setting that was invalid and replaced by its default. */
  errors: string[];
}

/** Reads every setting through `get` (undefined means "not set"), validating each on its own. */
export function parseSettings(get: (name: SettingName) => unknown): ReadSettings {
  const settings = defaultSettings() as Record<SettingName, unknown>;
  const errors: string[] = [];
  for (const name of SETTING_NAMES) {
    const raw = get(name);
    const parsed = SETTINGS_SCHEMA[name].safeParse(raw ?? undefined);
    if (parsed.success) {
      settings[name] = parsed.data;
    } else {
      const issue = parsed.error.issues[0];
      const where = [name, ...(issue?.path ?? [])].join('.');
      errors.push(`Setting ${SETTINGS_SECTION}.${where} is invalid (${issue?.message ?? 'unknown problem'}); using the default instead.`);
    }
  }
  return { settings: settings as Settings, errors };
}
