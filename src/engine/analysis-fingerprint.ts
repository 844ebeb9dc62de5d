/**
 * The analysis fingerprint: one SHA-256 over everything besides a file's own text and path that
 * can change its FileResult. Cached results are keyed by it (src/engine/result-cache.ts), so a new
 * llmsec build, an edited rule or catalogue file, or a changed setting never serves an old result.
 *
 * It covers: the cache format; llmsec's version; the code that analyses (the running bundle, or
 * the engine's sources when run from them) and the Tree-sitter grammars; the Node version (regular
 * expressions and collation); the rules and catalogue as loaded (race-free: what this engine
 * actually uses) and the bytes of every file the loader could read in the rule directories; and
 * the engine configuration except `exclude`, which picks files but never changes one's result.
 */
import { createHash, type Hash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import pkg from '../../package.json';
import type { Engine } from './engine';
import { GRAMMAR_FILES } from './languages';
import { getGrammarDir } from './parser';

/** Bump when the entry format or the meaning of a cached result changes. */
export const RESULT_CACHE_FORMAT = 1;

/** The loader reads these (src/engine/rules/loader.ts); hashing a superset only costs extra misses. */
const RULE_FILE = /\.(ya?ml|json)$/i;
const RULE_DIR_DEPTH = 6;

export function analysisFingerprint(engine: Engine, builtinRulesDir: string): string {
  const h = createHash('sha256');
  const field = (name: string, value: string) => h.update(`${name}\0${value}\0`);
  field('format', String(RESULT_CACHE_FORMAT));
  field('version', (pkg as { version: string }).version);
  field('code', codeIdentity());
  field('node', process.version);
  const { exclude: _picksFilesOnly, ...config } = engine.config;
  field('config', canonicalJson(config));
  field('loaded', createHash('sha256').update(JSON.stringify({ rules: engine.rules, catalog: engine.catalog, notices: engine.notices })).digest('hex'));
  for (const dir of [builtinRulesDir, ...engine.config.ruleDirs]) field('rule-dir', ruleDirDigest(dir));
  return h.digest('hex');
}

/** Sorted keys at every level, so `{a, b}` and `{b, a}` give one fingerprint. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** Paths and contents of the rule and catalogue files under `dir`, in a fixed order. */
function ruleDirDigest(dir: string): string {
  const h = createHash('sha256').update(path.resolve(dir));
  const walk = (d: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch (err) {
      h.update(`\0unreadable\0${(err as NodeJS.ErrnoException).code ?? ''}`);
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(d, e.name);
      if (e.isDirectory() && depth < RULE_DIR_DEPTH) walk(full, depth + 1);
      else if (e.isFile() && RULE_FILE.test(e.name)) hashFile(h.update(`\0file\0${path.relative(dir, full)}\0`), full);
    }
  };
  walk(dir, 0);
  return h.digest('hex');
}

/** By grammar directory (a worker may be told where the grammars are). */
const codeIdentities = new Map<string, string>();

/**
 * The analysing code: the build's worker bundle (out/worker.js; the CLI and the extension are built
 * with it from the same sources, so analysing on their own thread shares its entries), else this
 * bundle, else the engine's sources (run through tsx).
 */
function codeIdentity(): string {
  const grammarDir = getGrammarDir();
  const known = codeIdentities.get(grammarDir);
  if (known) return known;
  const h = createHash('sha256');
  if (/\.[cm]?js$/.test(__filename)) {
    const worker = path.join(__dirname, 'worker.js');
    hashFile(h.update('bundle\0'), fs.existsSync(worker) ? worker : __filename);
  } else {
    const engineDir = __dirname;
    const sources = listFiles(engineDir, (f) => f.endsWith('.ts')).sort();
    for (const f of sources) hashFile(h.update(`\0${path.relative(engineDir, f)}\0`), f);
  }
  for (const name of [...Object.values(GRAMMAR_FILES), 'web-tree-sitter.wasm'].sort()) hashFile(h.update(`\0${name}\0`), path.join(grammarDir, name));
  const identity = h.digest('hex');
  codeIdentities.set(grammarDir, identity);
  return identity;
}

function hashFile(h: Hash, file: string): void {
  try {
    h.update(fs.readFileSync(file));
  } catch (err) {
    h.update(`\0unreadable\0${(err as NodeJS.ErrnoException).code ?? ''}`);
  }
}

function listFiles(dir: string, keep: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(full, keep));
    else if (e.isFile() && keep(full)) out.push(full);
  }
  return out;
}
