#!/usr/bin/env node
// npm run bench:setup — fetches the pinned benchmark corpus (bench/corpus.lock.json) into
// .bench/corpus/{js,py}/<package>/ and builds the 2x and 4x copies for the scaling figures.
//
// JavaScript/TypeScript: `npm pack <name>@<version>` (tarball checked against the lock's integrity),
// keeping .js/.mjs/.cjs/.jsx/.ts/.mts/.cts/.tsx but not declaration files.
// Python: `apt-get download <name>=<version>` of Debian 12 packages, unpacked with `dpkg-deb -x`,
// keeping the .py files under dist-packages.
// Idempotent: a package whose folder matches the manifest (file count and bytes) is left alone.
//
// Flags: --allow-drift   use Debian's current candidate when the pinned version left the archive
//        --no-tools      do not apt-get install bandit and time when they are missing
//        --no-scaled     skip the 2x/4x copies
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { corpusDir, downloadsDir, lockFile, scaledCorpusDir } from './lib/paths.mjs';
import { hasCommand, run, tryRun } from './lib/run.mjs';
import { formatTotals, isCorpusSource, listFiles, sourceTotals } from './lib/source-files.mjs';
import { buildScaledCorpus } from './lib/scale-corpus.mjs';

const args = new Set(process.argv.slice(2));
const allowDrift = args.has('--allow-drift');
const MIN_CORPUS_BYTES = 50e6;

const lockText = readFileSync(lockFile, 'utf8');
const lock = JSON.parse(lockText);
const lockSha = sha256(lockText);
const manifestPath = join(corpusDir, 'manifest.json');
const oldManifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : undefined;

function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

function slug(name) {
  return name.replace(/^@/, '').replace(/\//g, '__');
}

/** The manifest entry for a package if its folder still matches it; otherwise undefined. */
function upToDate(ecosystem, name, version, dir) {
  const entry = oldManifest?.packages?.find((p) => p.ecosystem === ecosystem && p.name === name);
  if (!entry || !existsSync(dir)) return undefined;
  if (entry.pinnedVersion !== version) return undefined;
  const totals = sourceTotals(dir);
  return totals.files === entry.files && totals.bytes === entry.bytes ? entry : undefined;
}

/** Copies the corpus sources from srcRoot into destRoot, keeping relative paths. */
function copySources(srcRoot, destRoot) {
  rmSync(destRoot, { recursive: true, force: true });
  for (const rel of listFiles(srcRoot)) {
    if (!isCorpusSource(rel)) continue;
    mkdirSync(dirname(join(destRoot, rel)), { recursive: true });
    copyFileSync(join(srcRoot, rel), join(destRoot, rel));
  }
}

function npmTarball(pkg) {
  const existing = readdirSync(downloadsDir).find((f) => f === `${slug(pkg.name).replace('__', '-')}-${pkg.version}.tgz`);
  let file = existing && join(downloadsDir, existing);
  if (!file || integrityOf(file) !== pkg.integrity) {
    const out = run('npm', ['pack', `${pkg.name}@${pkg.version}`, '--json', '--pack-destination', downloadsDir], { cwd: downloadsDir });
    file = join(downloadsDir, JSON.parse(out)[0].filename);
  }
  const actual = integrityOf(file);
  if (actual !== pkg.integrity) throw new Error(`${pkg.name}@${pkg.version}: integrity ${actual} does not match the lock's ${pkg.integrity}`);
  return file;
}

function integrityOf(file) {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

function fetchNpm(pkg) {
  const dest = join(corpusDir, 'js', slug(pkg.name));
  const entry = upToDate('npm', pkg.name, pkg.version, dest);
  if (entry) return { ...entry, skipped: true };
  const tarball = npmTarball(pkg);
  const scratch = join(downloadsDir, `extract-${slug(pkg.name)}`);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  run('tar', ['-xzf', tarball, '-C', scratch]);
  copySources(join(scratch, 'package'), dest);
  rmSync(scratch, { recursive: true, force: true });
  return { ecosystem: 'npm', name: pkg.name, pinnedVersion: pkg.version, version: pkg.version, integrity: pkg.integrity, dir: `js/${slug(pkg.name)}` };
}

let aptUpdated = false;
function aptUpdateOnce() {
  if (aptUpdated) return;
  console.log('apt-get update');
  run('apt-get', ['update', '-q']);
  aptUpdated = true;
}

function candidateVersion(name) {
  const policy = tryRun('apt-cache', ['policy', name]).stdout;
  const match = /Candidate:\s*(\S+)/.exec(policy);
  return match && match[1] !== '(none)' ? match[1] : undefined;
}

/** Downloads name=version into the downloads folder (once) and returns the .deb path. */
function debFile(name, version) {
  const prefix = `${name}_${version.replace(':', '%3a')}_`.toLowerCase();
  const find = () => readdirSync(downloadsDir).find((f) => f.toLowerCase().startsWith(prefix) && f.endsWith('.deb'));
  if (find()) return join(downloadsDir, find());
  let attempt = tryRun('apt-get', ['download', `${name}=${version}`], { cwd: downloadsDir });
  if (attempt.status !== 0) {
    aptUpdateOnce();
    attempt = tryRun('apt-get', ['download', `${name}=${version}`], { cwd: downloadsDir });
  }
  if (attempt.status !== 0) return undefined;
  return find() && join(downloadsDir, find());
}

function fetchDebian(pkg) {
  const dest = join(corpusDir, 'py', pkg.name);
  const entry = upToDate('debian', pkg.name, pkg.version, dest);
  if (entry) return { ...entry, skipped: true };
  let version = pkg.version;
  let file = debFile(pkg.name, version);
  if (!file && allowDrift) {
    version = candidateVersion(pkg.name);
    console.warn(`WARNING: ${pkg.name}=${pkg.version} is no longer in the archive; using the candidate ${version} (--allow-drift)`);
    file = version && debFile(pkg.name, version);
  }
  if (!file) {
    throw new Error(
      `apt-get download ${pkg.name}=${pkg.version} failed. If Debian replaced that version, update bench/corpus.lock.json ` +
        `(apt-cache policy ${pkg.name} shows the candidate) or rerun with --allow-drift.`,
    );
  }
  const scratch = join(downloadsDir, `extract-${pkg.name}`);
  rmSync(scratch, { recursive: true, force: true });
  run('dpkg-deb', ['-x', file, scratch]);
  const distPackages = join(scratch, 'usr', 'lib', 'python3', 'dist-packages');
  copySources(existsSync(distPackages) ? distPackages : scratch, dest);
  rmSync(scratch, { recursive: true, force: true });
  // Only .py files count as Python here: Bandit scans nothing else.
  for (const rel of listFiles(dest)) if (!rel.endsWith('.py')) rmSync(join(dest, rel));
  return { ecosystem: 'debian', name: pkg.name, pinnedVersion: pkg.version, version, dir: `py/${pkg.name}` };
}

/** Installs the comparison tools from Debian when missing (Bandit, and GNU time for peak RSS). */
function ensureTools() {
  const missing = [['bandit', 'bandit'], ['/usr/bin/time', 'time']].filter(([cmd]) => !(cmd.startsWith('/') ? existsSync(cmd) : hasCommand(cmd)));
  if (missing.length === 0) return;
  const pkgs = missing.map(([, pkg]) => pkg);
  if (args.has('--no-tools') || process.getuid?.() !== 0) {
    console.warn(`Missing: ${pkgs.join(', ')}. Install with: apt-get install -y ${pkgs.join(' ')}`);
    return;
  }
  aptUpdateOnce();
  console.log(`apt-get install -y ${pkgs.join(' ')}`);
  run('apt-get', ['install', '-y', '-q', ...pkgs], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function main() {
  mkdirSync(downloadsDir, { recursive: true });
  mkdirSync(corpusDir, { recursive: true });
  ensureTools();

  const packages = [];
  for (const pkg of lock.npm) packages.push(fetchNpm(pkg));
  for (const pkg of lock.debian) packages.push(fetchDebian(pkg));
  for (const p of packages) {
    if (!p.skipped) Object.assign(p, sourceTotals(join(corpusDir, p.dir)));
    const { byLanguage: _unused, skipped, ...shown } = p;
    console.log(`${skipped ? 'present' : 'fetched'}  ${formatTotals(`${p.name}@${p.version}`, shown)}`);
    delete p.skipped;
    delete p.byLanguage;
  }

  const totals = sourceTotals(corpusDir);
  const manifest = { lockSha256: lockSha, packages, totals };
  const manifestText = JSON.stringify(manifest, null, 2) + '\n';
  writeFileSync(manifestPath, manifestText);

  console.log('');
  console.log(formatTotals('corpus total', totals));
  for (const [lang, t] of Object.entries(totals.byLanguage)) console.log(formatTotals(`  ${lang}`, t));
  if (totals.bytes < MIN_CORPUS_BYTES) {
    throw new Error(`corpus is ${(totals.bytes / 1e6).toFixed(1)} MB; the benchmark needs at least ${MIN_CORPUS_BYTES / 1e6} MB`);
  }

  if (!args.has('--no-scaled')) {
    const manifestSha = sha256(manifestText);
    for (const k of [2, 4]) {
      const built = buildScaledCorpus(corpusDir, scaledCorpusDir(k), k, manifestSha);
      console.log(`${built ? 'built' : 'present'}  ${formatTotals(`corpus ${k}x (${scaledCorpusDir(k)})`, sourceTotals(scaledCorpusDir(k)))}`);
    }
  }
}

try {
  main();
} catch (err) {
  console.error(`bench:setup failed: ${err.message}`);
  process.exit(1);
}
