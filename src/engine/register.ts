/**
 * The accepted-risk register, `.llmsec/accepted-risks.yaml`: findings a team has reviewed and
 * accepted, kept as audit evidence (who accepted what, why, until when). Scans show accepted
 * findings as suppressed (Finding.suppression kind 'register') instead of as new findings, and
 * warn when a review date has passed or an accepted finding no longer exists.
 * Pure functions plus a small file-reading part; no `vscode`, no child processes.
 *
 *   REGISTER_PATH = '.llmsec/accepted-risks.yaml'
 *   PLACEHOLDER_REASON: string
 *   parseRegister(text: string, file: string): RegisterLoad
 *   loadRegister(root: string): RegisterLoad                       missing file: no entries, no notices
 *   applyRegister(result: ScanResult, register: Pick<RegisterLoad, 'entries' | 'path'>, today: string): ScanResult
 *   updateRegister(existing: RegisterEntry[], result: ScanResult, options: UpdateOptions): RegisterUpdate
 *   formatRegister(entries: RegisterEntry[], previousText?: string): string   keeps the comments of previousText
 *   writeRegister(root: string, text: string): string              returns the file's path
 *   applyWorkspaceRegister(result: ScanResult, root: string, today?: string): ScanResult   load + apply (+ load notices)
 *   baselineWorkspace(result: ScanResult, root: string, options: BaselineOptions): BaselineOutcome   load + update + write
 *   gitUserName(root: string): string | undefined                  from git config files, without running git
 *   defaultOwner(root: string, explicit?: string): string          option > git user.name > 'unassigned'
 *   todayIso(date?: Date): string; addDays(isoDate: string, days: number): string
 *
 * Dates are YYYY-MM-DD strings; `today` is passed in so results are reproducible.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, YAMLSeq, type Document, type YAMLMap } from 'yaml';
import { z } from 'zod';
import type { Finding, ScanNotice, ScanResult } from './findings';

export const REGISTER_PATH = '.llmsec/accepted-risks.yaml';
export const PLACEHOLDER_REASON = 'TODO: explain why this risk is accepted';
export const DEFAULT_REVIEW_DAYS = 90;

const isoDate = z.preprocess((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v), z.iso.date('expected a date written YYYY-MM-DD'));

export const registerEntrySchema = z
  .object({
    fingerprint: z.string('expected the finding fingerprint as a string (quote it)').regex(/^[A-Za-z0-9:_.-]{8,128}$/, 'expected a finding fingerprint (8 or more letters and digits)'),
    rule: z.string('expected a rule id').regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a rule id (lower-case words joined by hyphens)'),
    file: z.string().min(1).optional().describe('Path relative to the workspace root, for people reading the register.'),
    title: z.string().optional(),
    reason: z.string('expected a reason').trim().min(1, 'must say why the risk is accepted'),
    owner: z.string('expected an owner').trim().min(1, 'must name who owns the risk'),
    accepted: isoDate,
    reviewBy: isoDate,
  })
  .strict()
  .refine((e) => e.reviewBy >= e.accepted, { path: ['reviewBy'], message: 'must not be before the accepted date' });

export type RegisterEntry = z.infer<typeof registerEntrySchema>;

export interface RegisterLoad {
  /** Absolute path of the register file. */
  path: string;
  exists: boolean;
  /** The valid entries (bad entries are left out and reported in notices). */
  entries: RegisterEntry[];
  notices: ScanNotice[];
  /** The file's text, for updates that keep comments. */
  text?: string;
}

function configError(file: string, line: number | undefined, where: string, message: string): ScanNotice {
  const at = line !== undefined ? `${file}:${line}` : file;
  return { level: 'error', message: `${at}: ${where}: ${message}`, file, reason: 'config-error' };
}

function pathLabel(index: number, field: PropertyKey[]): string {
  const rest = field.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return `entries[${index}]${rest}`;
}

/** 1-based line of entries[index].field (or of the entry) in the document. */
function lineOf(doc: Document, counter: LineCounter, index: number, field: PropertyKey | undefined): number | undefined {
  const entries = doc.get('entries', true);
  if (!isSeq(entries)) return undefined;
  const entry = entries.items[index];
  let node: unknown = entry;
  if (field !== undefined && isMap(entry)) {
    const pair = (entry as YAMLMap).items.find((p) => (p.key as { value?: unknown })?.value === field);
    node = pair?.value ?? pair?.key ?? entry;
  }
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range ? counter.linePos(range[0]).line : undefined;
}

export function parseRegister(text: string, file: string): RegisterLoad {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const load: RegisterLoad = { path: file, exists: true, entries: [], notices: [], text };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) load.notices.push(configError(file, e.linePos?.[0]?.line ?? counter.linePos(e.pos[0]).line, 'YAML', e.message.split('\n')[0]));
    return load;
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return load;
  if (typeof data !== 'object' || Array.isArray(data)) {
    load.notices.push(configError(file, 1, 'register', 'expected a mapping with `version: 1` and `entries:`'));
    return load;
  }
  const top = data as Record<string, unknown>;
  for (const key of Object.keys(top)) {
    if (key !== 'version' && key !== 'entries') load.notices.push(configError(file, undefined, key, 'unknown field (expected version and entries)'));
  }
  if (top.version !== undefined && top.version !== 1) load.notices.push(configError(file, undefined, 'version', 'expected 1'));
  if (top.entries === undefined || top.entries === null) return load;
  if (!Array.isArray(top.entries)) {
    load.notices.push(configError(file, undefined, 'entries', 'expected a list of entries'));
    return load;
  }
  const seen = new Map<string, number>();
  top.entries.forEach((raw, index) => {
    const parsed = registerEntrySchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        const message = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => `'${k}'`).join(', ')}` : issue.message;
        const fieldForLine = issue.code === 'unrecognized_keys' ? issue.keys[0] : field;
        load.notices.push(configError(file, lineOf(doc, counter, index, fieldForLine), pathLabel(index, issue.code === 'unrecognized_keys' ? [issue.keys[0]] : issue.path), message));
      }
      return;
    }
    const earlier = seen.get(parsed.data.fingerprint);
    if (earlier !== undefined) {
      load.notices.push(configError(file, lineOf(doc, counter, index, 'fingerprint'), pathLabel(index, ['fingerprint']), `duplicate of entries[${earlier}]`));
      return;
    }
    seen.set(parsed.data.fingerprint, index);
    load.entries.push(parsed.data);
  });
  return load;
}

const MAX_REGISTER_BYTES = 5 * 1024 * 1024;

export function loadRegister(root: string): RegisterLoad {
  const file = path.join(path.resolve(root), ...REGISTER_PATH.split('/'));
  if (!existsSync(file)) return { path: file, exists: false, entries: [], notices: [] };
  try {
    if (statSync(file).size > MAX_REGISTER_BYTES) throw new Error('file too large');
    return parseRegister(readFileSync(file, 'utf8'), file);
  } catch (err) {
    return { path: file, exists: true, entries: [], notices: [configError(file, undefined, 'register', `cannot read: ${(err as Error).message}`)] };
  }
}

function relPath(root: string, file: string): string {
  const rel = path.relative(path.resolve(root), path.resolve(root, file));
  return rel.startsWith('..') || path.isAbsolute(rel) ? file.split(path.sep).join('/') : rel.split(path.sep).join('/');
}

function registerNotice(file: string | undefined, message: string, reason: string): ScanNotice {
  return file ? { level: 'warning', message, file, reason } : { level: 'warning', message, reason };
}

/**
 * Marks findings the register accepts as suppressed (kind 'register'), and adds notices for
 * overdue reviews, placeholder reasons and entries whose finding is gone. Returns a new result.
 */
export function applyRegister(result: ScanResult, register: Pick<RegisterLoad, 'entries'> & { path?: string }, today: string): ScanResult {
  const byFingerprint = new Map(register.entries.map((e) => [e.fingerprint, e]));
  const matched = new Set<string>();
  const scannedFiles = new Set(result.files.map((f) => relPath(result.root, f.file)));
  const files = result.files.map((file) => ({
    ...file,
    findings: file.findings.map((f): Finding => {
      const entry = byFingerprint.get(f.fingerprint);
      if (!entry || entry.rule !== f.ruleId) return f;
      matched.add(entry.fingerprint);
      if (f.suppression) return f; // an inline justification already covers it
      return { ...f, suppression: { kind: 'register', justification: entry.reason, owner: entry.owner, acceptedOn: entry.accepted, reviewBy: entry.reviewBy } };
    }),
  }));
  const notices: ScanNotice[] = [];
  const where = register.path;
  register.entries.forEach((e) => {
    const label = `Accepted risk ${e.rule} (${e.fingerprint.slice(0, 12)}${e.file ? `, ${e.file}` : ''})`;
    if (!matched.has(e.fingerprint)) {
      // Only call an entry stale when its file was part of this scan.
      if (e.file === undefined || scannedFiles.has(e.file)) {
        notices.push(registerNotice(where, `${label} no longer matches any finding; remove it from the register or run \`llmsec baseline\`.`, 'register-stale'));
      }
      return;
    }
    if (e.reviewBy < today) notices.push(registerNotice(where, `${label} was due for review on ${e.reviewBy}; review it and update reviewBy.`, 'register-review-overdue'));
    if (e.reason.trim() === PLACEHOLDER_REASON) notices.push(registerNotice(where, `${label} still has the placeholder reason; write why the risk is accepted.`, 'register-placeholder-reason'));
  });
  return { ...result, files, notices: [...result.notices, ...notices] };
}

export interface UpdateOptions {
  /** YYYY-MM-DD: the accepted date of new entries. */
  today: string;
  /** Owner of new entries (default 'unassigned'; see defaultOwner). */
  owner?: string;
  /** Days from today to the review date of new entries (default 90). */
  reviewDays?: number;
  /** Keep entries whose finding no longer exists (default false: they are removed). */
  keepStale?: boolean;
}

export interface RegisterUpdate {
  /** The register after the update: existing entries in their order, then new ones. */
  entries: RegisterEntry[];
  added: RegisterEntry[];
  kept: RegisterEntry[];
  removed: RegisterEntry[];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Adds an entry for every open finding not yet in the register; keeps existing entries' text. */
export function updateRegister(existing: readonly RegisterEntry[], result: ScanResult, options: UpdateOptions): RegisterUpdate {
  const current = result.files
    .flatMap((f) => f.findings)
    .filter((f) => f.suppression?.kind !== 'inline')
    .sort(
      (a, b) =>
        cmp(relPath(result.root, a.location.file), relPath(result.root, b.location.file)) ||
        a.location.range.start.line - b.location.range.start.line ||
        cmp(a.ruleId, b.ruleId) ||
        cmp(a.fingerprint, b.fingerprint),
    );
  const currentKeys = new Set(current.map((f) => `${f.ruleId}\u0000${f.fingerprint}`));
  const scannedFiles = new Set(result.files.map((f) => relPath(result.root, f.file)));
  const kept: RegisterEntry[] = [];
  const removed: RegisterEntry[] = [];
  for (const e of existing) {
    const present = currentKeys.has(`${e.rule}\u0000${e.fingerprint}`);
    const outOfScope = e.file !== undefined && !scannedFiles.has(e.file);
    if (present || outOfScope || options.keepStale) kept.push(e);
    else removed.push(e);
  }
  const known = new Set(existing.map((e) => e.fingerprint));
  const added: RegisterEntry[] = [];
  for (const f of current) {
    if (known.has(f.fingerprint)) continue;
    known.add(f.fingerprint);
    added.push({
      fingerprint: f.fingerprint,
      rule: f.ruleId,
      file: relPath(result.root, f.location.file),
      title: f.title,
      reason: PLACEHOLDER_REASON,
      owner: options.owner ?? 'unassigned',
      accepted: options.today,
      reviewBy: addDays(options.today, options.reviewDays ?? DEFAULT_REVIEW_DAYS),
    });
  }
  return { entries: [...kept, ...added], added, kept, removed };
}

const HEADER = [
  ' llmsec accepted-risk register (audit evidence for ISO/IEC 42001 risk treatment).',
  ' Each entry accepts one finding, matched by its fingerprint. Accepted findings are reported',
  ' as suppressed instead of as new findings. Write why the risk is acceptable in `reason`,',
  ' who owns it in `owner`, and when to look again in `reviewBy` (YYYY-MM-DD).',
  ' `llmsec baseline` adds entries for new findings and keeps what you wrote for existing ones.',
].join('\n');

function entryObject(e: RegisterEntry): Record<string, string> {
  const o: Record<string, string> = { fingerprint: e.fingerprint, rule: e.rule };
  if (e.file !== undefined) o.file = e.file;
  if (e.title !== undefined) o.title = e.title;
  o.reason = e.reason;
  o.owner = e.owner;
  o.accepted = e.accepted;
  o.reviewBy = e.reviewBy;
  return o;
}

/** YAML text for the entries; when previousText is given, its comments and kept entries' layout survive. */
export function formatRegister(entries: readonly RegisterEntry[], previousText?: string): string {
  const previous = previousText !== undefined ? parseDocument(previousText) : undefined;
  const usable = previous && previous.errors.length === 0 && isMap(previous.contents) ? previous : undefined;
  const doc = usable ?? parseDocument('version: 1\nentries: []\n');
  if (!usable) doc.commentBefore = HEADER;
  const oldSeq = doc.get('entries', true);
  const oldNodes = new Map<string, unknown>();
  if (isSeq(oldSeq)) {
    for (const item of oldSeq.items) {
      if (isMap(item)) {
        const fp = item.get('fingerprint');
        if (typeof fp === 'string') oldNodes.set(fp, item);
      }
    }
  }
  const seq = new YAMLSeq<unknown>();
  if (isSeq(oldSeq)) {
    seq.commentBefore = oldSeq.commentBefore;
    seq.comment = oldSeq.comment;
  }
  for (const e of entries) seq.items.push(oldNodes.get(e.fingerprint) ?? doc.createNode(entryObject(e)));
  if (seq.items.length === 0) seq.flow = true;
  doc.set('entries', seq);
  return doc.toString({ lineWidth: 0 });
}

export function writeRegister(root: string, text: string): string {
  const file = path.join(path.resolve(root), ...REGISTER_PATH.split('/'));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text, 'utf8');
  return file;
}

// ------------------------------------------------------------------ workspace helpers for the CLI

/** Loads `<root>/.llmsec/accepted-risks.yaml` and applies it; problems in the file become notices. */
export function applyWorkspaceRegister(result: ScanResult, root: string, today: string = todayIso()): ScanResult {
  const load = loadRegister(root);
  const applied = applyRegister(result, load, today);
  return { ...applied, notices: [...applied.notices, ...load.notices] };
}

export interface BaselineOptions {
  /** Owner of new entries; default: git user.name from the config files, else 'unassigned'. */
  owner?: string;
  reviewDays?: number;
  today?: string;
  keepStale?: boolean;
}

export interface BaselineOutcome {
  /** Absolute path of the register. */
  path: string;
  /** False when the existing register has errors: it is left untouched so nothing the user wrote is lost. */
  written: boolean;
  update?: RegisterUpdate;
  notices: ScanNotice[];
  /** One line for the terminal. */
  summary: string;
}

/** `llmsec baseline`: creates or updates the register from the scan's findings. */
export function baselineWorkspace(result: ScanResult, root: string, options: BaselineOptions = {}): BaselineOutcome {
  const load = loadRegister(root);
  const rel = REGISTER_PATH;
  if (load.notices.some((n) => n.level === 'error')) {
    return { path: load.path, written: false, notices: load.notices, summary: `llmsec: ${rel} has errors; fix them and run baseline again (nothing was written).\n` };
  }
  const update = updateRegister(load.entries, result, {
    today: options.today ?? todayIso(),
    owner: defaultOwner(root, options.owner),
    reviewDays: options.reviewDays,
    keepStale: options.keepStale,
  });
  const file = writeRegister(root, formatRegister(update.entries, load.text));
  const parts = [`${update.added.length} new (write their reason)`, `${update.kept.length} kept`];
  if (update.removed.length > 0) parts.push(`${update.removed.length} removed (finding no longer present)`);
  return { path: file, written: true, update, notices: load.notices, summary: `llmsec: wrote ${rel}: ${parts.join(', ')}.\n` };
}

// ------------------------------------------------------------------ owner from git config

function readIfFile(file: string): string | undefined {
  try {
    return statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** `name` in the `[user]` section of a git config file. */
export function userNameFromGitConfig(text: string): string | undefined {
  let section = '';
  let name: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"[^"]*")?\s*\]/.exec(line);
    if (header) {
      section = header[1].toLowerCase();
      continue;
    }
    const kv = /^([A-Za-z][A-Za-z0-9-]*)\s*=\s*(.*)$/.exec(line);
    if (section === 'user' && kv && kv[1].toLowerCase() === 'name') {
      let value = kv[2].replace(/\s+[#;].*$/, '').trim();
      if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1).replace(/\\(["\\])/g, '$1');
      if (value) name = value; // the last value wins, as in git
    }
  }
  return name;
}

/** The repository's config file: .git/config, following a `.git` file (worktree) to its common dir. */
function repoConfigFile(root: string): string | undefined {
  let dir = path.resolve(root);
  for (;;) {
    const dotGit = path.join(dir, '.git');
    try {
      const st = statSync(dotGit);
      if (st.isDirectory()) return path.join(dotGit, 'config');
      const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
      if (!pointer) return undefined;
      const gitDir = path.resolve(dir, pointer[1].trim());
      const common = readIfFile(path.join(gitDir, 'commondir'));
      return path.join(common ? path.resolve(gitDir, common.trim()) : gitDir, 'config');
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }
}

export function gitUserName(root: string): string | undefined {
  const xdg = process.env.XDG_CONFIG_HOME || path.join(homedir(), '.config');
  // Precedence as in git: repository, then ~/.gitconfig, then the XDG file.
  const files = [repoConfigFile(root), path.join(homedir(), '.gitconfig'), path.join(xdg, 'git', 'config')];
  for (const file of files) {
    const text = file ? readIfFile(file) : undefined;
    const name = text !== undefined ? userNameFromGitConfig(text) : undefined;
    if (name) return name;
  }
  return undefined;
}

export function defaultOwner(root: string, explicit?: string): string {
  return explicit?.trim() || gitUserName(root) || 'unassigned';
}

export function todayIso(date: Date = new Date()): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

export function addDays(isoDate: string, days: number): string {
  const t = Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
