/**
 * The workspace configuration file `.llmsec.yaml`, shared by the CLI and the editor. Validated
 * with zod; an invalid file gives errors naming the file and field, and the defaults apply.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { EngineConfig } from './api';
import type { ScanNotice } from './findings';
import { severitySchema } from './rules/model';
import { parseYamlText, shortMessage } from './yaml-limits';

export const CONFIG_FILE_NAMES = ['.llmsec.yaml', '.llmsec.yml'];

/** A configuration file is a few lines; anything this large is not one. */
const MAX_CONFIG_FILE_BYTES = 256 * 1024;

export const configFileSchema = z
  .object({
    rules: z
      .object({
        disable: z.array(z.string()).default([]).describe('Rule ids to switch off.'),
        severity: z.record(z.string(), severitySchema).default({}).describe('Severity overrides by rule id.'),
      })
      .strict()
      .default({ disable: [], severity: {} }),
    ruleDirs: z.array(z.string()).default([]).describe('Extra rule directories, relative to this file.'),
    exclude: z.array(z.string()).default([]).describe('Paths to skip, in .gitignore syntax, relative to this file.'),
    maxFileBytes: z.number().int().positive().optional().describe('Files larger than this are skipped.'),
    failOn: z.enum(['none', 'info', 'low', 'medium', 'high', 'critical']).optional().describe('Default for the CLI --fail-on option.'),
    owaspEdition: z.enum(['2025', '2026']).optional(),
  })
  .strict();

export type ConfigFile = z.infer<typeof configFileSchema>;

export interface LoadedConfig {
  file?: string;
  config: Partial<EngineConfig>;
  failOn?: ConfigFile['failOn'];
  owaspEdition?: ConfigFile['owaspEdition'];
  notices: ScanNotice[];
}

export function findConfigFile(root: string): string | undefined {
  return CONFIG_FILE_NAMES.map((n) => path.join(root, n)).find((f) => fs.existsSync(f));
}

export function loadConfigFile(file: string): LoadedConfig {
  const notices: ScanNotice[] = [];
  let data: unknown;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_CONFIG_FILE_BYTES) {
      notices.push(configError(file, `file is ${size} bytes, over the ${MAX_CONFIG_FILE_BYTES}-byte limit for configuration files`));
      return { file, config: {}, notices };
    }
    const parsed = parseYamlText(fs.readFileSync(file, 'utf8'));
    if (!parsed.ok) {
      notices.push(configError(file, parsed.message));
      return { file, config: {}, notices };
    }
    data = parsed.data ?? {};
  } catch (err) {
    notices.push(configError(file, `invalid YAML: ${(err as Error).message.split('\n')[0]}`));
    return { file, config: {}, notices };
  }
  const parsed = configFileSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues.slice(0, 5)) {
      notices.push(configError(file, `field ${issue.path.join('.') || '(top level)'}: ${issue.message}`));
    }
    return { file, config: {}, notices };
  }
  const c = parsed.data;
  const dir = path.dirname(file);
  return {
    file,
    config: {
      disabledRules: c.rules.disable,
      severityOverrides: c.rules.severity,
      ruleDirs: c.ruleDirs.map((d) => path.resolve(dir, d)),
      exclude: c.exclude,
      ...(c.maxFileBytes ? { maxFileBytes: c.maxFileBytes } : {}),
    },
    failOn: c.failOn,
    owaspEdition: c.owaspEdition,
    notices,
  };
}

function configError(file: string, message: string): ScanNotice {
  return { level: 'error', reason: 'config-error', file, message: `${file}: ${shortMessage(message)}` };
}
