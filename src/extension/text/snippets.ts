/**
 * Snippet text (`${1:reason}`, `$0`, `\$`) as the plain text it leaves behind when nobody edits
 * the tab stops: what "fix all" writes, since many snippets cannot be edited at once.
 */
export function snippetToPlainText(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1])) {
      out += snippet[++i];
    } else if (c === '$' && /\d/.test(snippet[i + 1] ?? '')) {
      while (/\d/.test(snippet[i + 1] ?? '')) i++;
    } else if (c === '$' && snippet[i + 1] === '{') {
      const m = /^\$\{\d+(?::((?:\\.|[^}\\])*))?\}/.exec(snippet.slice(i));
      if (!m) {
        out += c;
        continue;
      }
      out += (m[1] ?? '').replace(/\\(.)/g, '$1');
      i += m[0].length - 1;
    } else {
      out += c;
    }
  }
  return out;
}

/** True when the text uses snippet syntax (a tab stop or placeholder). */
export function isSnippetText(text: string): boolean {
  return /\$(\d|\{\d)/.test(text);
}
