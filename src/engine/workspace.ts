/**
 * Finds the files of a scan: walks the given paths, honours .gitignore files and the usual
 * vendored and generated folders, follows no symlink loop, and reports what it could not read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { ScanNotice } from './findings';
import { isSupportedPath } from './languages';

/** Folders that hold other people's code or build output. */
export const DEFAULT_EXCLUDED_DIRS = [
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'site-packages',
  'dist-packages',
  'bower_components',
  'jspm_packages',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.turbo',
  '.cache',
  'coverage',
  '.vscode-test',
];

export interface DiscoverOptions {
  /** The scan root: .gitignore files between it and each file apply; exclude globs are relative to it. */
  root: string;
  /** Extra gitignore-style patterns (from settings or .llmsec.yaml). */
  exclude?: string[];
}

export interface Discovered {
  files: string[];
  notices: ScanNotice[];
}

interface IgnoreLayer {
  dir: string;
  matcher: Ignore;
}

export function discoverFiles(paths: string[], options: DiscoverOptions): Discovered {
  const root = path.resolve(options.root);
  const files = new Set<string>();
  const notices: ScanNotice[] = [];
  const visitedDirs = new Set<string>();
  const extra = ignore().add(options.exclude ?? []);

  const isIgnored = (abs: string, isDir: boolean, layers: IgnoreLayer[]): boolean => {
    const relToRoot = path.relative(root, abs);
    if (relToRoot && !relToRoot.startsWith('..') && extra.ignores(toPosix(relToRoot) + (isDir ? '/' : ''))) return true;
    for (const layer of layers) {
      const rel = path.relative(layer.dir, abs);
      if (!rel || rel.startsWith('..')) continue;
      if (layer.matcher.ignores(toPosix(rel) + (isDir ? '/' : ''))) return true;
    }
    return false;
  };

  // Iterative walk: deep trees cannot overflow the stack.
  const walk = (start: string, startLayers: IgnoreLayer[]): void => {
    // A symbolic link in a cloned repository may point anywhere (`x.py -> ~/.aws/credentials`):
    // links are followed only while they stay inside the folder being scanned.
    const boundary = realpathOr(start);
    const stack: { dir: string; layers: IgnoreLayer[] }[] = [{ dir: start, layers: startLayers }];
    while (stack.length) {
      const { dir, layers: parentLayers } = stack.pop()!;
      let real: string;
      try {
        real = fs.realpathSync(dir);
      } catch (err) {
        notices.push(unreadable(dir, err));
        continue;
      }
      if (visitedDirs.has(real)) {
        notices.push({ level: 'info', reason: 'symlink-loop', file: dir, message: `${dir}: already visited through another path (symlink loop), skipped` });
        continue;
      }
      visitedDirs.add(real);
      const layers = withGitignore(dir, parentLayers, notices);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        notices.push(unreadable(dir, err));
        continue;
      }
      for (const e of entries.sort((a, b) => (a.name < b.name ? 1 : -1))) {
        const full = path.join(dir, e.name);
        let isDir = e.isDirectory();
        let isFile = e.isFile();
        if (e.isSymbolicLink()) {
          try {
            const st = fs.statSync(full);
            isDir = st.isDirectory();
            isFile = st.isFile();
          } catch {
            notices.push({ level: 'info', reason: 'unreadable', file: full, message: `${full}: broken symbolic link, skipped` });
            continue;
          }
          const target = realpathOr(full);
          if (target !== boundary && !target.startsWith(boundary.endsWith(path.sep) ? boundary : boundary + path.sep)) {
            notices.push({ level: 'info', reason: 'outside-root', file: full, message: `${full}: symbolic link to ${target}, outside the scanned folder, not followed` });
            continue;
          }
        }
        if (isDir) {
          if (DEFAULT_EXCLUDED_DIRS.includes(e.name) || isIgnored(full, true, layers)) continue;
          stack.push({ dir: full, layers });
        } else if (isFile && isSupportedPath(e.name) && !isIgnored(full, false, layers)) {
          files.add(full);
        }
      }
    }
  };

  for (const p of paths) {
    const abs = path.resolve(p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (err) {
      notices.push({ level: 'error', reason: 'unreadable', file: abs, message: `${p}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}` });
      continue;
    }
    if (st.isFile()) {
      // A file named explicitly is scanned even if ignored, as long as we can read its language.
      if (isSupportedPath(abs)) files.add(abs);
      else notices.push({ level: 'warning', reason: 'unsupported', file: abs, message: `${p}: not a Python, JavaScript or TypeScript file` });
    } else if (st.isDirectory()) {
      walk(abs, ancestorGitignores(abs, root, notices));
    }
  }
  return { files: [...files].sort(), notices };
}

function withGitignore(dir: string, layers: IgnoreLayer[], notices: ScanNotice[]): IgnoreLayer[] {
  const file = path.join(dir, '.gitignore');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') notices.push(unreadable(file, err));
    return layers;
  }
  return [...layers, { dir, matcher: ignore().add(text) }];
}

/** .gitignore files between the root and a scanned sub-folder also apply to it. */
function ancestorGitignores(dir: string, root: string, notices: ScanNotice[]): IgnoreLayer[] {
  const rel = path.relative(root, dir);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return [];
  let layers: IgnoreLayer[] = [];
  let current = root;
  for (const part of rel.split(path.sep).slice(0, -1)) {
    layers = withGitignore(current, layers, notices);
    current = path.join(current, part);
  }
  return withGitignore(current, layers, notices);
}

function unreadable(file: string, err: unknown): ScanNotice {
  return { level: 'warning', reason: 'unreadable', file, message: `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}), skipped` };
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
