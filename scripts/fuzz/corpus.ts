/**
 * The seed corpus the fuzzer mutates: the rule fixtures (rules/**), the example application
 * (examples/chat-app) and every crash regression found so far (test/fixtures/regressions).
 * Sorted by path, so case N of a seed names the same input as long as the corpus is unchanged;
 * `corpusDigest` identifies the corpus version in the printed figures.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.join(__dirname, '..', '..');
export const REGRESSIONS_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'regressions');

const SOURCE = /\.(py|pyi|js|mjs|cjs|jsx|ts|mts|cts|tsx)$/;
const SKIP_DIRS = new Set(['node_modules', '.git', '__pycache__', '.next']);

export interface SeedFile {
  /** Path relative to the repository root. */
  path: string;
  /** Extension without the dot: it decides the language the engine parses. */
  ext: string;
  text: string;
}

/** `maxChars`: leave out larger seeds (the quick run skips the big regression inputs). */
export function loadCorpus(options: { root?: string; maxChars?: number } = {}): SeedFile[] {
  const root = options.root ?? REPO_ROOT;
  const out: SeedFile[] = [];
  for (const dir of ['rules', path.join('examples', 'chat-app'), path.join('test', 'fixtures', 'regressions')]) {
    walk(path.join(root, dir), (file) => {
      if (!SOURCE.test(file) || file.endsWith('.d.ts')) return;
      const text = fs.readFileSync(file, 'utf8');
      if (options.maxChars !== undefined && text.length > options.maxChars) return;
      out.push({ path: path.relative(root, file).split(path.sep).join('/'), ext: path.extname(file).slice(1), text });
    });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function corpusDigest(corpus: SeedFile[]): string {
  const h = crypto.createHash('sha256');
  for (const f of corpus) h.update(f.path).update('\0').update(f.text).update('\0');
  return h.digest('hex').slice(0, 12);
}

function walk(dir: string, visit: (file: string) => void): void {
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) stack.push(full);
      else if (e.isFile()) visit(full);
    }
  }
}
