/**
 * Strings built from pieces, as a fix sees them: constant text and the expressions placed between
 * it. Reads f-strings, template literals, `+` concatenation, Python `%` formatting and
 * `"...".format(...)`, and writes string literals back. Anything unusual (escape sequences,
 * format specs, nested quotes) gives undefined: a fix is only offered when the rewrite is exact.
 */
import type { Expr, LanguageId, StrExpr } from '../ir';
import type { Span } from '../span';

export type Segment = { k: 'text'; value: string } | { k: 'expr'; expr: Expr; text: string };

export interface Built {
  segments: Segment[];
  /** The quote of the first string literal (`"`, `'`, `"""`, `` ` ``). */
  quote: string;
}

/** Pieces of a string built in one expression; undefined when it is not one (or too unusual). */
export function segmentsOf(text: string, e: Expr, language: LanguageId): Built | undefined {
  const out: Segment[] = [];
  const quote = { value: '' };
  if (!collect(text, e, language, out, quote, 0)) return undefined;
  return { segments: merge(out), quote: quote.value || (language === 'python' ? '"' : "'") };
}

function collect(text: string, e: Expr, language: LanguageId, out: Segment[], quote: { value: string }, depth: number): boolean {
  if (depth > 40) return false;
  if (e.k === 'str') {
    const parts = strSegments(text, e, language, quote);
    if (!parts) return false;
    out.push(...parts);
    return true;
  }
  if (e.k === 'op' && e.op === '+' && e.args.length === 2) {
    // Concatenation only when a string literal is involved somewhere, else `a + b` may be numbers.
    if (!containsLiteral(e)) return false;
    return collect(text, e.args[0], language, out, quote, depth + 1) && collect(text, e.args[1], language, out, quote, depth + 1);
  }
  if (language === 'python' && e.k === 'op' && e.op === '%' && e.args[0]?.k === 'str' && e.args[0].value !== null && depth === 0) {
    return percentFormat(text, e.args[0], e.args[1], out, quote);
  }
  if (language === 'python' && e.k === 'call' && e.callee.k === 'attr' && e.callee.name === 'format' && e.callee.obj.k === 'str' && e.callee.obj.value !== null && depth === 0) {
    return strFormat(text, e.callee.obj, e, out, quote);
  }
  if (depth === 0) return false;
  out.push({ k: 'expr', expr: e, text: text.slice(e.span.start, e.span.end) });
  return true;
}

function containsLiteral(e: Expr): boolean {
  if (e.k === 'str') return true;
  return e.k === 'op' && e.op === '+' && e.args.some(containsLiteral);
}

function merge(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    const prev = out[out.length - 1];
    if (s.k === 'text' && prev?.k === 'text') prev.value += s.value;
    else if (s.k === 'text' && s.value === '') continue;
    else out.push({ ...s });
  }
  return out;
}

interface Delimited {
  prefix: string;
  quote: string;
  bodyStart: number;
  bodyEnd: number;
}

/** Prefix, quote and body range of a single string literal; undefined for implicit concatenation. */
function delimit(text: string, span: Span): Delimited | undefined {
  const raw = text.slice(span.start, span.end);
  const m = /^([A-Za-z]*)("""|'''|"|'|`)/.exec(raw);
  if (!m) return undefined;
  const [, prefix, quote] = m;
  if (!raw.endsWith(quote) || raw.length < prefix.length + quote.length * 2) return undefined;
  const bodyStart = span.start + prefix.length + quote.length;
  const bodyEnd = span.end - quote.length;
  return { prefix, quote, bodyStart, bodyEnd };
}

function strSegments(text: string, e: StrExpr, language: LanguageId, quote: { value: string }): Segment[] | undefined {
  const d = delimit(text, e.span);
  if (!d) return undefined;
  const prefix = d.prefix.toLowerCase();
  if (prefix.includes('b') || prefix.includes('r')) return undefined;
  quote.value ||= d.quote;
  const body = text.slice(d.bodyStart, d.bodyEnd);
  if (body.includes('\\')) return undefined;
  if (!e.parts.length) {
    if (language === 'python' && prefix.includes('f')) return fstringText(body);
    // The body must be the literal's whole value: no implicit concatenation (`"a" "b"`).
    if (e.value !== null && e.value !== body) return undefined;
    if (d.quote === '`' && body.includes('${')) return undefined;
    return [{ k: 'text', value: body }];
  }
  const out: Segment[] = [];
  let at = d.bodyStart;
  for (const part of e.parts) {
    const open = language === 'python' ? text.lastIndexOf('{', part.span.start - 1) : text.lastIndexOf('${', part.span.start - 2);
    if (open < at) return undefined;
    const before = text.slice(at, open);
    const literal = language === 'python' ? fstringText(before) : templateText(before);
    if (!literal) return undefined;
    out.push(...literal);
    // Only `{expr}` / `${expr}`: conversions (`!r`) and format specs (`:>3`) change the text.
    if (text.slice(open + (language === 'python' ? 1 : 2), part.span.start).trim() !== '') return undefined;
    const close = text.indexOf('}', part.span.end);
    if (close < 0 || text.slice(part.span.end, close).trim() !== '') return undefined;
    out.push({ k: 'expr', expr: part, text: text.slice(part.span.start, part.span.end) });
    at = close + 1;
  }
  const tail = text.slice(at, d.bodyEnd);
  const literal = language === 'python' ? fstringText(tail) : templateText(tail);
  if (!literal) return undefined;
  out.push(...literal);
  return out;
}

/** Constant text of an f-string: `{{` and `}}` are literal braces, a lone brace is not constant. */
function fstringText(raw: string): Segment[] | undefined {
  let value = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '{' || c === '}') {
      if (raw[i + 1] !== c) return undefined;
      i++;
    }
    value += c;
  }
  return [{ k: 'text', value }];
}

function templateText(raw: string): Segment[] | undefined {
  if (raw.includes('${')) return undefined;
  return [{ k: 'text', value: raw }];
}

/** `"... %s ..." % x` / `% (a, b)`: only `%s` / `%d` / `%i` conversions and `%%`. */
function percentFormat(text: string, fmt: StrExpr, arg: Expr | undefined, out: Segment[], quote: { value: string }): boolean {
  const d = delimit(text, fmt.span);
  if (!d || !arg || /[bBrR]/.test(d.prefix)) return false;
  const body = text.slice(d.bodyStart, d.bodyEnd);
  if (body.includes('\\')) return false;
  quote.value ||= d.quote;
  const values = arg.k === 'seq' && arg.kind === 'tuple' ? arg.items : [arg];
  let n = 0;
  let literal = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '%') {
      literal += c;
      continue;
    }
    const next = body[i + 1];
    i++;
    if (next === '%') {
      literal += '%';
      continue;
    }
    if (next !== 's' && next !== 'd' && next !== 'i') return false;
    const value = values[n++];
    if (!value || value.k === 'spread') return false;
    out.push({ k: 'text', value: literal });
    literal = '';
    out.push({ k: 'expr', expr: value, text: text.slice(value.span.start, value.span.end) });
  }
  if (n !== values.length) return false;
  out.push({ k: 'text', value: literal });
  return true;
}

/** `"... {} ... {0} ... {name}".format(a, name=b)`: plain fields only. */
function strFormat(text: string, fmt: StrExpr, call: Extract<Expr, { k: 'call' }>, out: Segment[], quote: { value: string }): boolean {
  const d = delimit(text, fmt.span);
  if (!d || /[bBrRfF]/.test(d.prefix)) return false;
  const body = text.slice(d.bodyStart, d.bodyEnd);
  if (body.includes('\\')) return false;
  quote.value ||= d.quote;
  const positional = call.args.filter((a) => a.kind === 'pos').map((a) => a.value);
  if (call.args.some((a) => a.kind === 'star' || a.kind === 'starstar')) return false;
  const named = new Map(call.args.filter((a) => a.kind === 'kw' && a.name).map((a) => [a.name!, a.value]));
  let auto = 0;
  let literal = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if ((c === '{' || c === '}') && body[i + 1] === c) {
      literal += c;
      i++;
      continue;
    }
    if (c === '}') return false;
    if (c !== '{') {
      literal += c;
      continue;
    }
    const close = body.indexOf('}', i);
    if (close < 0) return false;
    const field = body.slice(i + 1, close);
    let value: Expr | undefined;
    if (field === '') value = positional[auto++];
    else if (/^\d+$/.test(field)) value = positional[Number(field)];
    else if (/^[A-Za-z_]\w*$/.test(field)) value = named.get(field);
    if (!value) return false;
    out.push({ k: 'text', value: literal });
    literal = '';
    out.push({ k: 'expr', expr: value, text: text.slice(value.span.start, value.span.end) });
    i = close;
  }
  out.push({ k: 'text', value: literal });
  return true;
}

// ------------------------------------------------------------------ writing strings back

/** A Python string literal for constant text, in the preferred quote where possible. */
export function pyLiteral(value: string, preferred = '"'): string {
  const multiLine = value.includes('\n');
  if (multiLine) {
    const q = preferred.length === 3 ? preferred : '"""';
    if (!value.includes(q) && !value.endsWith(q[0])) return `${q}${value.replace(/\\/g, '\\\\')}${q}`;
    return JSON.stringify(value);
  }
  const first = preferred[0] === "'" ? "'" : '"';
  const second = first === '"' ? "'" : '"';
  const escaped = value.replace(/\\/g, '\\\\');
  if (!value.includes(first)) return `${first}${escaped}${first}`;
  if (!value.includes(second)) return `${second}${escaped}${second}`;
  return `${first}${escaped.split(first).join(`\\${first}`)}${first}`;
}

/** A JavaScript string literal for constant text: single quotes unless the text needs others. */
export function jsLiteral(value: string, preferred = "'"): string {
  const escaped = value.replace(/\\/g, '\\\\');
  if (value.includes('\n')) return `\`${escaped.replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
  const first = preferred === '"' ? '"' : "'";
  const second = first === '"' ? "'" : '"';
  if (!value.includes(first)) return `${first}${escaped}${first}`;
  if (!value.includes(second)) return `${second}${escaped}${second}`;
  return `${first}${escaped.split(first).join(`\\${first}`)}${first}`;
}

/**
 * Text built from segments as one expression: the expression itself when it is a single one, a
 * literal when constant, else an f-string / template literal. Undefined when the pieces cannot be
 * written that way (an expression holding the quote character inside an f-string).
 */
export function renderValue(segments: Segment[], language: LanguageId, preferredQuote?: string): string | undefined {
  if (segments.length === 1 && segments[0].k === 'expr') return segments[0].text;
  if (segments.every((s) => s.k === 'text')) {
    const value = segments.map((s) => (s.k === 'text' ? s.value : '')).join('');
    return language === 'python' ? pyLiteral(value, preferredQuote) : jsLiteral(value, preferredQuote);
  }
  if (language !== 'python') {
    let body = '';
    for (const s of segments) body += s.k === 'text' ? s.value.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') : `\${${s.text}}`;
    return `\`${body}\``;
  }
  const q = preferredQuote?.[0] === "'" ? "'" : '"';
  let body = '';
  for (const s of segments) {
    if (s.k === 'text') {
      if (s.value.includes(q) || s.value.includes('\\') || s.value.includes('\n')) return undefined;
      body += s.value.replace(/\{/g, '{{').replace(/\}/g, '}}');
    } else {
      if (s.text.includes(q) || s.text.includes('\\') || s.text.includes('\n')) return undefined;
      body += `{${s.text}}`;
    }
  }
  return `f${q}${body}${q}`;
}
