// Which files count as source for the benchmark, and their totals (files, bytes, lines) per language.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const LANGUAGE_BY_EXTENSION = {
  '.py': 'python',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
};

/** The language of a corpus file, or undefined for files the benchmark leaves out. */
export function languageOf(path) {
  // Declaration files carry no code; llmsec skips them too.
  if (/\.d\.[mc]?ts$/.test(path)) return undefined;
  const dot = path.lastIndexOf('.');
  return dot < 0 ? undefined : LANGUAGE_BY_EXTENSION[path.slice(dot).toLowerCase()];
}

/**
 * Whether a path (relative to a package root) is kept in the corpus. Hidden folders and files are
 * left out so that no tool's hidden-file or ignore-file default changes which files it scans.
 */
export function isCorpusSource(relPath) {
  if (relPath.split(/[\\/]/).some((segment) => segment.startsWith('.'))) return false;
  return languageOf(relPath) !== undefined;
}

/** All regular files under dir, relative paths with '/' separators, sorted. */
export function listFiles(dir) {
  const out = [];
  const walk = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

function countLines(buffer) {
  let lines = 0;
  for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) lines++;
  if (buffer.length > 0 && buffer[buffer.length - 1] !== 10) lines++;
  return lines;
}

function emptyTotals() {
  return { files: 0, bytes: 0, lines: 0 };
}

/** Totals of the source files under dir, overall and per language. */
export function sourceTotals(dir) {
  const byLanguage = {};
  const all = emptyTotals();
  for (const rel of listFiles(dir)) {
    const lang = languageOf(rel);
    if (!lang) continue;
    const bytes = statSync(join(dir, rel)).size;
    const lines = countLines(readFileSync(join(dir, rel)));
    byLanguage[lang] ??= emptyTotals();
    for (const t of [byLanguage[lang], all]) {
      t.files++;
      t.bytes += bytes;
      t.lines += lines;
    }
  }
  return { ...all, byLanguage };
}

export function formatTotals(label, totals) {
  const mb = (totals.bytes / 1e6).toFixed(1);
  return `${label}: ${totals.files} files, ${mb} MB, ${totals.lines} lines`;
}
