/**
 * A small TOML reader for the manifests the AI-BOM reads (pyproject.toml, poetry.lock, uv.lock).
 * It covers what those files use: tables, arrays of tables, dotted and quoted keys, basic and
 * literal strings (also multi-line), numbers, booleans, dates (kept as text), arrays and inline
 * tables. It is lenient: a line it cannot read is skipped, since a version is a nice-to-have.
 *
 *   parseToml(text: string): TomlTable
 */

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  peek(n = 0): string {
    return this.text[this.pos + n] ?? '';
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  /** Skips spaces, tabs, and (when `newlines`) line breaks and comments. */
  skip(newlines: boolean): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || (newlines && (c === '\n' || c === '\r'))) this.pos++;
      else if (c === '#') while (this.pos < this.text.length && this.peek() !== '\n') this.pos++;
      else return;
    }
  }

  skipLine(): void {
    while (this.pos < this.text.length && this.peek() !== '\n') this.pos++;
    if (this.peek() === '\n') this.pos++;
  }
}

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };

function readBasicString(r: Reader): string {
  const multi = r.startsWith('"""');
  r.pos += multi ? 3 : 1;
  if (multi && r.peek() === '\n') r.pos++;
  let out = '';
  while (r.pos < r.text.length) {
    if (multi ? r.startsWith('"""') : r.peek() === '"') {
      r.pos += multi ? 3 : 1;
      return out;
    }
    const c = r.peek();
    if (c === '\n' && !multi) throw new Error('unterminated string');
    if (c === '\\') {
      const e = r.peek(1);
      if (e === 'u' || e === 'U') {
        const len = e === 'u' ? 4 : 8;
        out += String.fromCodePoint(parseInt(r.text.slice(r.pos + 2, r.pos + 2 + len), 16));
        r.pos += 2 + len;
      } else if (multi && (e === '\n' || e === ' ' || e === '\r')) {
        r.pos++;
        while (/\s/.test(r.peek())) r.pos++;
      } else {
        out += ESCAPES[e] ?? e;
        r.pos += 2;
      }
      continue;
    }
    out += c;
    r.pos++;
  }
  throw new Error('unterminated string');
}

function readLiteralString(r: Reader): string {
  const multi = r.startsWith("'''");
  r.pos += multi ? 3 : 1;
  if (multi && r.peek() === '\n') r.pos++;
  const end = r.text.indexOf(multi ? "'''" : "'", r.pos);
  if (end < 0) throw new Error('unterminated string');
  const out = r.text.slice(r.pos, end);
  if (!multi && out.includes('\n')) throw new Error('unterminated string');
  r.pos = end + (multi ? 3 : 1);
  return out;
}

function readKeyPart(r: Reader): string {
  const c = r.peek();
  if (c === '"') return readBasicString(r);
  if (c === "'") return readLiteralString(r);
  const m = /^[A-Za-z0-9_-]+/.exec(r.text.slice(r.pos, r.pos + 256));
  if (!m) throw new Error('bad key');
  r.pos += m[0].length;
  return m[0];
}

function readKey(r: Reader): string[] {
  const parts = [readKeyPart(r)];
  for (;;) {
    r.skip(false);
    if (r.peek() !== '.') return parts;
    r.pos++;
    r.skip(false);
    parts.push(readKeyPart(r));
  }
}

function readValue(r: Reader): TomlValue {
  const c = r.peek();
  if (c === '"') return readBasicString(r);
  if (c === "'") return readLiteralString(r);
  if (c === '[') {
    r.pos++;
    const items: TomlValue[] = [];
    for (;;) {
      r.skip(true);
      if (r.peek() === ']') {
        r.pos++;
        return items;
      }
      items.push(readValue(r));
      r.skip(true);
      if (r.peek() === ',') r.pos++;
    }
  }
  if (c === '{') {
    r.pos++;
    const table: TomlTable = {};
    for (;;) {
      r.skip(false);
      if (r.peek() === '}') {
        r.pos++;
        return table;
      }
      const key = readKey(r);
      r.skip(false);
      if (r.peek() !== '=') throw new Error('expected =');
      r.pos++;
      r.skip(false);
      assign(table, key, readValue(r));
      r.skip(false);
      if (r.peek() === ',') r.pos++;
    }
  }
  const m = /^[^\s,\]}#]+/.exec(r.text.slice(r.pos, r.pos + 256));
  if (!m) throw new Error('bad value');
  r.pos += m[0].length;
  const word = m[0];
  if (word === 'true') return true;
  if (word === 'false') return false;
  const num = Number(word.replace(/_/g, ''));
  return /^[+-]?(\d[\d_]*)(\.\d+)?([eE][+-]?\d+)?$/.test(word) && Number.isFinite(num) ? num : word;
}

function tableAt(root: TomlTable, path: string[]): TomlTable {
  let t = root;
  for (const part of path) {
    let next = t[part];
    if (Array.isArray(next)) next = next[next.length - 1];
    if (next === undefined || typeof next !== 'object' || Array.isArray(next)) {
      next = {};
      t[part] = next;
    }
    t = next as TomlTable;
  }
  return t;
}

function assign(table: TomlTable, key: string[], value: TomlValue): void {
  tableAt(table, key.slice(0, -1))[key[key.length - 1]] = value;
}

export function parseToml(text: string): TomlTable {
  const root: TomlTable = {};
  let current = root;
  const r = new Reader(text);
  while (r.pos < text.length) {
    r.skip(true);
    if (r.pos >= text.length) break;
    const lineStart = r.pos;
    try {
      if (r.startsWith('[[')) {
        r.pos += 2;
        r.skip(false);
        const path = readKey(r);
        const parent = tableAt(root, path.slice(0, -1));
        const last = path[path.length - 1];
        const existing = parent[last];
        const list = Array.isArray(existing) ? existing : [];
        const entry: TomlTable = {};
        list.push(entry);
        parent[last] = list;
        current = entry;
        r.skipLine();
      } else if (r.peek() === '[') {
        r.pos++;
        r.skip(false);
        current = tableAt(root, readKey(r));
        r.skipLine();
      } else {
        const key = readKey(r);
        r.skip(false);
        if (r.peek() !== '=') throw new Error('expected =');
        r.pos++;
        r.skip(false);
        assign(current, key, readValue(r));
        r.skipLine();
      }
    } catch {
      r.pos = lineStart;
      r.skipLine();
    }
  }
  return root;
}
