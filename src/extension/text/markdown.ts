/**
 * Markdown escaping for text that comes from the user's code (identifiers, string constants,
 * file names) or from rule files. Everything is shown as text: markdown punctuation is
 * backslash-escaped and HTML characters become entities, so a snippet such as
 * `<img onerror=...>` or `[x](command:...)` renders literally.
 */
const PUNCTUATION = /[\\`*_{}[\]()#+\-.!|~$]/g;

export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(PUNCTUATION, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * Escapes prose that may quote code in backticks (rule documentation): the quoted parts stay
 * code spans, everything else is escaped like escapeMarkdown.
 */
export function escapeProse(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part, i) => (i % 2 === 1 ? inlineCode(part.slice(1, -1)) : escapeMarkdown(part)))
    .join('');
}

/** Inline code that cannot be broken out of: the fence is longer than any backtick run inside. */
export function inlineCode(text: string): string {
  const clean = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** A markdown link whose label is escaped and whose target cannot close the link early. */
export function link(label: string, target: string): string {
  return `[${escapeMarkdown(label)}](${target.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`;
}

/** A `command:` URI with JSON arguments, for trusted markdown (hovers, documentation). */
export function commandUri(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}
