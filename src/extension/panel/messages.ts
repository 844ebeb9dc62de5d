/**
 * Every message from the risk panel's webview is checked here before the extension acts on it:
 * the webview renders text from the user's code, so it is treated as untrusted input. Unknown
 * fields, unknown types and out-of-range values are refused.
 */
import { z } from 'zod';
import type { WebviewMessage } from '../../webview/protocol';

const line = z.number().int().min(0).max(10_000_000);

export const webviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).strict(),
  z.object({ type: z.literal('openLocation'), uri: z.string().min(1).max(8192), line, character: line }).strict(),
  z.object({ type: z.literal('scanWorkspace') }).strict(),
  z.object({ type: z.literal('exportSarif') }).strict(),
  z.object({ type: z.literal('exportAiBom') }).strict(),
  z.object({ type: z.literal('showRuleDocumentation'), ruleId: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(200) }).strict(),
  z.object({ type: z.literal('pong'), token: z.string().max(200), openTotal: z.number().int().min(0), rendered: z.number().int().min(0) }).strict(),
]);

// The schema and the protocol type must describe the same messages.
type Parsed = z.infer<typeof webviewMessageSchema>;
const _sameShape: [Parsed extends WebviewMessage ? true : false, WebviewMessage extends Parsed ? true : false] = [true, true];
void _sameShape;

export function parseWebviewMessage(raw: unknown): { ok: true; message: WebviewMessage } | { ok: false; error: string } {
  const parsed = webviewMessageSchema.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}` };
}

/**
 * A location the panel may ask to open: a file URI inside one of the workspace folders
 * (compared after normalising, so `..` segments cannot climb out).
 */
export function isInsideFolders(filePath: string, folderPaths: readonly string[], pathApi: { resolve(p: string): string; relative(a: string, b: string): string; isAbsolute(p: string): boolean }): boolean {
  const target = pathApi.resolve(filePath);
  return folderPaths.some((folder) => {
    const rel = pathApi.relative(pathApi.resolve(folder), target);
    return rel !== '' && !rel.startsWith('..') && !pathApi.isAbsolute(rel);
  });
}
