// Shared helpers for the extension-host suites (bundled into each *.host-test.js).
import Mocha from 'mocha';
import * as vscode from 'vscode';

/**
 * The extension under test. The runner passes its id (publisher.name from the extension's
 * package.json) in LLMSEC_TEST_EXTENSION_ID; on a desktop run without it, llmsec's own id.
 */
export function extensionId(): string {
  return process.env.LLMSEC_TEST_EXTENSION_ID ?? 'llmsec.llmsec';
}

export function extensionUnderTest(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(extensionId());
  if (!extension) throw new Error(`extension ${extensionId()} is not loaded in this extension host`);
  return extension;
}

/** Activates the extension (if it is not yet) and returns its exported API. */
export async function activate(): Promise<unknown> {
  const extension = extensionUnderTest();
  return extension.isActive ? extension.exports : await extension.activate();
}

/** The extension's package.json as VS Code loaded it. */
export function manifest(): PackageJson {
  return extensionUnderTest().packageJSON as PackageJson;
}

export interface PackageJson {
  contributes?: {
    commands?: { command: string; title?: string }[];
    menus?: Record<string, { command?: string; submenu?: string }[]>;
    keybindings?: { command: string }[];
    configuration?: ConfigurationSection | ConfigurationSection[];
  };
}

export interface ConfigurationSection {
  title?: string;
  properties?: Record<string, SettingSchema>;
}

export interface SettingSchema {
  type?: string | string[];
  default?: unknown;
  description?: string;
  markdownDescription?: string;
  enum?: unknown[];
}

/** Every setting in contributes.configuration, whether it is one section or a list of them. */
export function contributedSettings(pkg: PackageJson): [string, SettingSchema][] {
  const configuration = pkg.contributes?.configuration;
  const sections = Array.isArray(configuration) ? configuration : configuration ? [configuration] : [];
  return sections.flatMap((section) => Object.entries(section.properties ?? {}));
}

/** Polls until `probe` returns a value other than undefined, or fails with `what`. */
export async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Prints a line into the test report. Use this, not console.log: in code-server the runner
 * only shows marked report lines (see index.ts), and VS Code does not let console.log be marked.
 */
export function log(...args: unknown[]): void {
  (Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void }).consoleLog(...args);
}
