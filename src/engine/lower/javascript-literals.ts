/** Decoding of JS string escapes and number literals, without regular expressions on large text. */

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
};

function isHex(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

function hexRun(raw: string, from: number, count: number): boolean {
  if (from + count > raw.length) return false;
  for (let i = from; i < from + count; i++) if (!isHex(raw.charCodeAt(i))) return false;
  return true;
}

/**
 * Decodes one escape sequence token (`\n`, `\x41`, `\u0041`, `\u{1F600}`, `\'`, a line
 * continuation). Anything unusual decodes to the escaped character itself, as JS does.
 */
export function decodeEscape(raw: string): string {
  if (raw.length < 2 || raw.charCodeAt(0) !== 92) return raw;
  const c = raw[1];
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined && (c !== '0' || raw.length === 2)) return simple;
  if (c === 'x' && hexRun(raw, 2, 2)) return String.fromCharCode(parseInt(raw.slice(2, 4), 16));
  if (c === 'u') {
    if (raw[2] === '{' && raw.endsWith('}') && raw.length <= 11 && hexRun(raw, 3, raw.length - 4)) {
      const code = parseInt(raw.slice(3, -1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : raw;
    }
    if (hexRun(raw, 2, 4)) return String.fromCharCode(parseInt(raw.slice(2, 6), 16));
    return raw;
  }
  if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') return '';
  if (/^\\[0-7]{1,3}$/.test(raw)) return String.fromCharCode(parseInt(raw.slice(1), 8) & 0xff);
  return raw.slice(1);
}

/** Value of a number literal: a JS number when it has one (hex, octal, binary, `1_000`), else the text. */
export function numberValue(raw: string): number | string {
  let s = raw.indexOf('_') >= 0 ? raw.split('_').join('') : raw;
  if (s.endsWith('n')) s = s.slice(0, -1); // BigInt: the magnitude is what checks compare
  const value = Number(s);
  return Number.isNaN(value) ? raw : value;
}
