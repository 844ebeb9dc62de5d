/**
 * Decoding of Python string literal pieces. The grammar already splits string content into
 * plain runs and `escape_sequence` tokens, so decoding works on small slices and needs no
 * regex over the whole literal.
 */

export interface StringPrefix {
  raw: boolean;
  bytes: boolean;
  /** f-strings and t-strings (PEP 750): content has `{...}` interpolations. */
  formatted: boolean;
}

/** Reads the prefix letters of a `string_start` token such as `rb'` or `F"""`. */
export function readPrefix(startToken: string): StringPrefix {
  const prefix = { raw: false, bytes: false, formatted: false };
  for (let i = 0; i < startToken.length; i++) {
    const c = startToken[i];
    if (c === "'" || c === '"') break;
    if (c === 'r' || c === 'R') prefix.raw = true;
    else if (c === 'b' || c === 'B') prefix.bytes = true;
    else if (c === 'f' || c === 'F' || c === 't' || c === 'T') prefix.formatted = true;
  }
  return prefix;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
  '\r': '',
};

/**
 * Decodes one escape sequence token (`\n`, `\x41`, `\101`, `\u00e9`, `\N{...}`). Sequences the
 * lowering does not decode (named characters, malformed ones) are returned as written.
 */
export function decodeEscape(raw: string, bytes: boolean): string {
  if (raw.length < 2 || raw[0] !== '\\') return raw;
  const c = raw[1];
  if (raw === '\\\r\n') return '';
  if (raw.length === 2 && c in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[c];
  if (c >= '0' && c <= '7') return fromCode(raw.slice(1), 8, raw);
  if (c === 'x') return fromCode(raw.slice(2), 16, raw);
  if (!bytes && (c === 'u' || c === 'U')) return fromCode(raw.slice(2), 16, raw);
  if (raw === '{{' || raw === '}}') return raw[0];
  return raw;
}

function fromCode(digits: string, radix: number, fallback: string): string {
  const code = parseInt(digits, radix);
  if (!Number.isFinite(code) || code < 0 || code > 0x10ffff) return fallback;
  return String.fromCodePoint(code);
}
