/** The "llmsec" output channel: what the extension did and every error it met. */
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function logChannel(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('llmsec', { log: true });
  return channel;
}

export const log = {
  debug: (message: string) => logChannel().debug(message),
  info: (message: string) => logChannel().info(message),
  warn: (message: string) => logChannel().warn(message),
  error: (message: string, err?: unknown) => logChannel().error(err === undefined ? message : `${message}: ${errorText(err)}`),
  show: () => logChannel().show(true),
};

export function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/** Shows an error once per distinct text (settings are re-read often; do not nag). */
const shown = new Set<string>();
export function showErrorOnce(message: string, ...actions: string[]): Thenable<string | undefined> | undefined {
  if (shown.has(message)) return undefined;
  shown.add(message);
  return vscode.window.showErrorMessage(message, ...actions);
}

export function forgetShownErrors(): void {
  shown.clear();
}
