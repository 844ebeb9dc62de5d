/**
 * Dependency versions for the AI-BOM, read from the workspace's manifests and lock files:
 * package.json, package-lock.json, requirements*.txt, pyproject.toml, poetry.lock, uv.lock,
 * Pipfile.lock. Lock files give the exact resolved version; manifests give a constraint (or an
 * exact pin). Parsing is pure (text in, packages out); reading files is the small part at the end.
 *
 *   parsePackageJson(text, source): DeclaredPackage[]
 *   parsePackageLock(text, source): DeclaredPackage[]
 *   parseRequirements(text, source): DeclaredPackage[]
 *   parsePyproject(text, source): DeclaredPackage[]
 *   parsePackageLockToml(text, source): DeclaredPackage[]   poetry.lock and uv.lock ([[package]])
 *   parsePipfileLock(text, source): DeclaredPackage[]
 *   parseManifest(fileName: string, text: string, source: string): DeclaredPackage[]
 *   readManifests(root: string, dirs: readonly string[]): Manifests
 *   manifestDirsFor(result: ScanResult): string[]          the root and every directory between it and a file with AI usage
 *   lookupPackage(manifests: Manifests, ecosystem, name): PackageVersion | undefined
 *   MANIFEST_FILES: readonly string[]
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { ScanNotice, ScanResult } from '../engine/findings';
import { normalizePypiName, type Ecosystem } from './ai-packages';
import { compareStrings } from './order';
import { relativeToRoot } from './paths';
import { parseToml, type TomlTable, type TomlValue } from './toml-lite';

export type { Ecosystem } from './ai-packages';

export interface DeclaredPackage {
  ecosystem: Ecosystem;
  /** npm: as written; PyPI: normalised (PEP 503). */
  name: string;
  /** The exact version: resolved in a lock file, or pinned exactly (`==1.2.3`, `"1.2.3"`). */
  version?: string;
  /** The declared constraint when it is not an exact pin (`>=1.30`, `^4.0.0`). */
  constraint?: string;
  /** The manifest it came from, relative to the root. */
  source: string;
  /** True when it came from a lock file. */
  locked: boolean;
}

export interface Manifests {
  packages: DeclaredPackage[];
  /** Manifests that could not be read or parsed. */
  notices: ScanNotice[];
}

export interface PackageVersion {
  version?: string;
  constraint?: string;
  /** Manifests that mention the package, relative to the root, sorted. */
  sources: string[];
}

const SEMVER_EXACT = /^[=v]?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?$/;

function npmEntry(name: string, spec: string, source: string): DeclaredPackage {
  const s = spec.trim();
  return SEMVER_EXACT.test(s)
    ? { ecosystem: 'npm', name, version: s.replace(/^[=v]/, ''), source, locked: false }
    : { ecosystem: 'npm', name, constraint: s, source, locked: false };
}

export function parsePackageJson(text: string, source: string): DeclaredPackage[] {
  const json = JSON.parse(text) as Record<string, unknown>;
  const out: DeclaredPackage[] = [];
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
    const deps = json[field];
    if (!deps || typeof deps !== 'object') continue;
    for (const [name, spec] of Object.entries(deps as Record<string, unknown>)) {
      if (typeof spec === 'string') out.push(npmEntry(name, spec, source));
    }
  }
  return out;
}

export function parsePackageLock(text: string, source: string): DeclaredPackage[] {
  const json = JSON.parse(text) as { packages?: Record<string, { version?: string }>; dependencies?: Record<string, { version?: string }> };
  const found = new Map<string, { version: string; depth: number }>();
  if (json.packages) {
    for (const [key, meta] of Object.entries(json.packages)) {
      const at = key.lastIndexOf('node_modules/');
      if (at < 0 || typeof meta?.version !== 'string') continue;
      const name = key.slice(at + 'node_modules/'.length);
      const depth = key.split('node_modules/').length - 1;
      const seen = found.get(name);
      // The shallowest copy is the one the application itself resolves.
      if (!seen || depth < seen.depth) found.set(name, { version: meta.version, depth });
    }
  } else if (json.dependencies) {
    for (const [name, meta] of Object.entries(json.dependencies)) {
      if (typeof meta?.version === 'string') found.set(name, { version: meta.version, depth: 1 });
    }
  }
  return [...found].map(([name, { version }]) => ({ ecosystem: 'npm', name, version, source, locked: true }));
}

/** A PEP 508 requirement: `name[extras] (specifiers) ; markers`. */
function pep508(requirement: string, source: string): DeclaredPackage | undefined {
  const req = requirement.split(';')[0].trim();
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*\(?\s*([^)]*?)\s*\)?$/.exec(req);
  if (!m) return undefined;
  const name = normalizePypiName(m[1]);
  const spec = m[2].replace(/\s+/g, '');
  if (spec.startsWith('@')) return { ecosystem: 'pypi', name, constraint: spec.slice(1), source, locked: false };
  const exact = /^={2,3}([^,*]+)$/.exec(spec);
  if (exact) return { ecosystem: 'pypi', name, version: exact[1], source, locked: false };
  return spec ? { ecosystem: 'pypi', name, constraint: spec, source, locked: false } : { ecosystem: 'pypi', name, source, locked: false };
}

export function parseRequirements(text: string, source: string): DeclaredPackage[] {
  const out: DeclaredPackage[] = [];
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const raw of joined.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line || line.startsWith('-') || /^[a-z+]+:\/\//i.test(line)) continue;
    const entry = pep508(line.replace(/\s--?[a-z-]+(=|\s)\S+/gi, ''), source);
    if (entry) out.push(entry);
  }
  return out;
}

function asTable(v: TomlValue | undefined): TomlTable | undefined {
  return v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

function stringsOf(v: TomlValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function poetryDeps(table: TomlTable | undefined, source: string): DeclaredPackage[] {
  if (!table) return [];
  const out: DeclaredPackage[] = [];
  for (const [rawName, spec] of Object.entries(table)) {
    if (rawName.toLowerCase() === 'python') continue;
    const version = typeof spec === 'string' ? spec : typeof asTable(spec)?.version === 'string' ? (asTable(spec)?.version as string) : undefined;
    const name = normalizePypiName(rawName);
    if (version === undefined || version === '*') out.push({ ecosystem: 'pypi', name, source, locked: false });
    else if (/^\d+(\.\d+)*$/.test(version) || /^==\d/.test(version)) out.push({ ecosystem: 'pypi', name, version: version.replace(/^==/, ''), source, locked: false });
    else out.push({ ecosystem: 'pypi', name, constraint: version, source, locked: false });
  }
  return out;
}

export function parsePyproject(text: string, source: string): DeclaredPackage[] {
  const toml = parseToml(text);
  const out: DeclaredPackage[] = [];
  const project = asTable(toml.project);
  const requirements = [...stringsOf(project?.dependencies)];
  for (const group of Object.values(asTable(project?.['optional-dependencies']) ?? {})) requirements.push(...stringsOf(group));
  for (const group of Object.values(asTable(toml['dependency-groups']) ?? {})) requirements.push(...stringsOf(group));
  for (const r of requirements) {
    const entry = pep508(r, source);
    if (entry) out.push(entry);
  }
  const poetry = asTable(asTable(toml.tool)?.poetry);
  out.push(...poetryDeps(asTable(poetry?.dependencies), source), ...poetryDeps(asTable(poetry?.['dev-dependencies']), source));
  for (const group of Object.values(asTable(poetry?.group) ?? {})) out.push(...poetryDeps(asTable(asTable(group)?.dependencies), source));
  return out;
}

/** poetry.lock and uv.lock: `[[package]]` tables with name and version. */
export function parsePackageLockToml(text: string, source: string): DeclaredPackage[] {
  const toml = parseToml(text);
  const packages = Array.isArray(toml.package) ? toml.package : [];
  const out: DeclaredPackage[] = [];
  for (const p of packages) {
    const t = asTable(p);
    if (t && typeof t.name === 'string' && typeof t.version === 'string') out.push({ ecosystem: 'pypi', name: normalizePypiName(t.name), version: t.version, source, locked: true });
  }
  return out;
}

export function parsePipfileLock(text: string, source: string): DeclaredPackage[] {
  const json = JSON.parse(text) as Record<string, Record<string, { version?: string }> | undefined>;
  const out: DeclaredPackage[] = [];
  for (const section of ['default', 'develop']) {
    for (const [name, meta] of Object.entries(json[section] ?? {})) {
      if (typeof meta?.version === 'string') out.push({ ecosystem: 'pypi', name: normalizePypiName(name), version: meta.version.replace(/^==/, ''), source, locked: true });
    }
  }
  return out;
}

export const MANIFEST_FILES: readonly string[] = ['package.json', 'package-lock.json', 'pyproject.toml', 'poetry.lock', 'uv.lock', 'Pipfile.lock', 'requirements.txt'];

function isRequirementsFile(name: string): boolean {
  return /^requirements([-_.][\w.-]*)?\.(txt|in)$/i.test(name);
}

export function parseManifest(fileName: string, text: string, source: string): DeclaredPackage[] {
  switch (fileName) {
    case 'package.json':
      return parsePackageJson(text, source);
    case 'package-lock.json':
      return parsePackageLock(text, source);
    case 'pyproject.toml':
      return parsePyproject(text, source);
    case 'poetry.lock':
    case 'uv.lock':
      return parsePackageLockToml(text, source);
    case 'Pipfile.lock':
      return parsePipfileLock(text, source);
    default:
      return isRequirementsFile(fileName) ? parseRequirements(text, source) : [];
  }
}

const MAX_MANIFEST_BYTES = 20 * 1024 * 1024;

export function readManifests(root: string, dirs: readonly string[]): Manifests {
  const packages: DeclaredPackage[] = [];
  const notices: ScanNotice[] = [];
  const unique = [...new Set(dirs.map((d) => path.resolve(root, d)))].sort(compareStrings);
  for (const dir of unique) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => MANIFEST_FILES.includes(n) || isRequirementsFile(n)).sort(compareStrings);
    } catch {
      continue;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      const source = relativeToRoot(root, file) ?? file;
      try {
        if (statSync(file).size > MAX_MANIFEST_BYTES) throw new Error('file too large');
        packages.push(...parseManifest(name, readFileSync(file, 'utf8'), source));
      } catch (err) {
        notices.push({ level: 'warning', message: `Could not read dependency versions from ${source}: ${(err as Error).message}`, file, reason: 'unreadable' });
      }
    }
  }
  return { packages, notices };
}

/** The root, plus each directory from a file with LLM calls or model loads up to the root. */
export function manifestDirsFor(result: ScanResult): string[] {
  const root = path.resolve(result.root);
  const dirs = new Set<string>([root]);
  for (const f of result.files) {
    if (f.callSites.length === 0 && f.modelSources.length === 0) continue;
    let dir = path.dirname(path.resolve(root, f.file));
    while (relativeToRoot(root, dir) !== null && !dirs.has(dir)) {
      dirs.add(dir);
      dir = path.dirname(dir);
    }
  }
  return [...dirs].sort(compareStrings);
}

/** The version of a package: a locked version beats an exact pin beats a constraint. */
export function lookupPackage(manifests: Manifests, ecosystem: Ecosystem, name: string): PackageVersion | undefined {
  const key = ecosystem === 'pypi' ? normalizePypiName(name) : name;
  const matches = manifests.packages.filter((p) => p.ecosystem === ecosystem && p.name === key);
  if (matches.length === 0) return undefined;
  const rank = (p: DeclaredPackage) => (p.locked ? 0 : p.version ? 1 : p.constraint ? 2 : 3);
  const best = [...matches].sort((a, b) => rank(a) - rank(b) || compareStrings(a.source, b.source))[0];
  const constraint = matches.find((p) => p.constraint)?.constraint;
  return {
    ...(best.version ? { version: best.version } : {}),
    ...(constraint ? { constraint } : {}),
    sources: [...new Set(matches.map((p) => p.source))].sort(compareStrings),
  };
}
