/**
 * Secret redaction for every text a report copies out of source files (code excerpts, SARIF
 * snippets). The engine redacts its messages; excerpts are read from disk by the reports, so they
 * need their own pass: a key on a line next to another finding must not leak either.
 * Redaction keeps the text's length so offsets and columns of other findings stay valid.
 *
 *   redactSecrets(text: string): string
 *   redactSpans(text: string, spans: Array<{ start: number; end: number }>): string
 *   SECRET_RULE_IDS: ReadonlySet<string>   rules whose finding range is the secret itself
 */

export const SECRET_RULE_IDS: ReadonlySet<string> = new Set(['hardcoded-api-key']);

/** Provider key formats from the rule catalogue (hardcoded-api-key). */
const KEY_PATTERNS: readonly RegExp[] = [
  /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}/g,
  /\bAIza[0-9A-Za-z_-]{30,}/g,
  /\bhf_[A-Za-z0-9]{20,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bgsk_[A-Za-z0-9]{20,}/g,
  /\br8_[A-Za-z0-9]{20,}/g,
  /\bxai-[A-Za-z0-9]{20,}/g,
  /\bpplx-[A-Za-z0-9]{20,}/g,
];

/** Keeps a short prefix (enough to tell which provider) and masks the rest, same length. */
function mask(secret: string): string {
  const keep = Math.min(4, Math.floor(secret.length / 4));
  return secret.slice(0, keep) + '*'.repeat(secret.length - keep);
}

export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of KEY_PATTERNS) out = out.replace(pattern, mask);
  return out;
}

/** Masks the given spans (string literals: the quotes stay), then any known key format. */
export function redactSpans(text: string, spans: ReadonlyArray<{ start: number; end: number }>): string {
  let out = text;
  for (const { start, end } of spans) {
    if (start < 0 || end > out.length || end <= start) continue;
    const inner = out.slice(start, end);
    const quoted = inner.length >= 2 && /^["'`]/.test(inner) && inner.endsWith(inner[0]);
    const masked = quoted ? inner[0] + mask(inner.slice(1, -1)) + inner[0] : mask(inner);
    out = out.slice(0, start) + masked + out.slice(end);
  }
  return redactSecrets(out);
}
