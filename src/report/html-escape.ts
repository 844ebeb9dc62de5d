/**
 * Safe HTML building. Every interpolated value is escaped unless it is already SafeHtml (built by
 * this module), so text from the user's files (code, file names, messages) can only ever appear
 * as text. Attribute values must be quoted in the templates; escaping covers both quote kinds.
 *
 *   html`...${value}...`: SafeHtml      escapes strings/numbers, joins arrays, drops null/undefined/false
 *   escapeHtml(text: string): string
 *   trusted(markup: string): SafeHtml   only for markup this code generated itself (SVG numbers, CSS)
 *   safeHref(url: string | undefined): string | undefined   http(s) URLs only
 */

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ENTITIES[c]);
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}
