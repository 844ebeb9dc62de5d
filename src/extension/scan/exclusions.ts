/**
 * Whether one file is left out of analysis: in a vendored or generated folder, matched by the
 * exclusion patterns (settings, .llmsec.yaml, files.exclude), or ignored by a .gitignore between
 * the folder and the file. The workspace scan decides the same way for whole trees
 * (src/engine/workspace.ts); this answers it for a single file that changed or was opened.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { DEFAULT_EXCLUDED_DIRS } from '../../engine/workspace';

export interface ExclusionOptions {
  root: string;
  patterns: readonly string[];
  /** Apply .gitignore files (the workspace scan does; an opened document does not). */
  gitignore: boolean;
  readFile?: (file: string) => string | undefined;
}

export function isExcluded(file: string, options: ExclusionOptions): boolean {
  const root = path.resolve(options.root);
  const rel = path.relative(root, path.resolve(file));
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  const parts = rel.split(path.sep);
  if (parts.slice(0, -1).some((dir) => DEFAULT_EXCLUDED_DIRS.includes(dir))) return true;
  const posix = parts.join('/');
  if (options.patterns.length && matcher(options.patterns).ignores(posix)) return true;
  if (!options.gitignore) return false;
  const read = options.readFile ?? readText;
  let dir = root;
  for (let i = 0; i < parts.length; i++) {
    const text = read(path.join(dir, '.gitignore'));
    if (text !== undefined) {
      const below = parts.slice(i).join('/');
      // A directory on the way down may be ignored as a directory ("build/").
      const ig = ignore().add(text);
      for (let j = i + 1; j < parts.length; j++) {
        if (ig.ignores(`${parts.slice(i, j).join('/')}/`)) return true;
      }
      if (ig.ignores(below)) return true;
    }
    dir = path.join(dir, parts[i]);
  }
  return false;
}

const cache = new Map<string, Ignore>();
function matcher(patterns: readonly string[]): Ignore {
  const key = patterns.join('\n');
  let m = cache.get(key);
  if (!m) {
    if (cache.size > 20) cache.clear();
    m = ignore().add([...patterns]);
    cache.set(key, m);
  }
  return m;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
