import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Finding, ScanResult } from '../src/engine/findings';
import {
  addDays,
  applyRegister,
  applyWorkspaceRegister,
  baselineWorkspace,
  defaultOwner,
  formatRegister,
  gitUserName,
  loadRegister,
  parseRegister,
  PLACEHOLDER_REASON,
  REGISTER_PATH,
  updateRegister,
  userNameFromGitConfig,
  type RegisterEntry,
} from '../src/engine/register';
import { buildFixture } from './report-fixture';

const FILE = '/ws/.llmsec/accepted-risks.yaml';

function all(result: ScanResult): Finding[] {
  return result.files.flatMap((f) => f.findings);
}

function entryFor(f: Finding, overrides: Partial<RegisterEntry> = {}): RegisterEntry {
  return { fingerprint: f.fingerprint, rule: f.ruleId, file: undefined, reason: 'Runs in an isolated sandbox; reviewed in SEC-142.', owner: 'Dana', accepted: '2025-01-10', reviewBy: '2025-07-10', ...overrides };
}

describe('accepted-risk register', () => {
  let tmp: string;
  let savedHome: string | undefined;
  let savedXdg: string | undefined;
  beforeEach(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'llmsec-register-'));
    savedHome = process.env.HOME;
    savedXdg = process.env.XDG_CONFIG_HOME;
    // No git config from the machine running the tests.
    process.env.HOME = path.join(tmp, 'home');
    process.env.XDG_CONFIG_HOME = path.join(tmp, 'xdg');
  });
  afterEach(() => {
    process.env.HOME = savedHome;
    if (savedXdg === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = savedXdg;
    rmSync(tmp, { recursive: true, force: true });
  });

  describe('parsing and validation', () => {
    it('reads valid entries', () => {
      const load = parseRegister(
        `version: 1\nentries:\n  - fingerprint: "0123456789abcdef"\n    rule: hf-unpinned-model\n    file: ml/load.py\n    reason: Pinned through the model mirror.\n    owner: Dana\n    accepted: 2025-01-10\n    reviewBy: 2025-07-10\n`,
        FILE,
      );
      assert.deepEqual(load.notices, []);
      assert.deepEqual(load.entries, [
        { fingerprint: '0123456789abcdef', rule: 'hf-unpinned-model', file: 'ml/load.py', reason: 'Pinned through the model mirror.', owner: 'Dana', accepted: '2025-01-10', reviewBy: '2025-07-10' },
      ]);
    });

    it('names the file, line, entry index and field of each problem, and keeps the good entries', () => {
      const text = [
        'version: 1',
        'entries:',
        '  - fingerprint: "aaaaaaaaaaaa"',
        '    rule: hf-unpinned-model',
        '    reason: ok',
        '    owner: Dana',
        '    accepted: 2025-01-10',
        '    reviewBy: 2025-07-10',
        '  - fingerprint: "bbbbbbbbbbbb"',
        '    rule: Not A Rule',
        '    reason: ""',
        '    owner: Dana',
        '    accepted: 2025-02-30',
        '    reveiwBy: 2025-07-10',
        '  - fingerprint: "aaaaaaaaaaaa"',
        '    rule: hf-unpinned-model',
        '    reason: again',
        '    owner: Sam',
        '    accepted: 2025-03-01',
        '    reviewBy: 2025-01-01',
      ].join('\n');
      const load = parseRegister(text, FILE);
      assert.equal(load.entries.length, 1);
      const messages = load.notices.map((n) => n.message);
      assert.ok(messages.includes(`${FILE}:10: entries[1].rule: expected a rule id (lower-case words joined by hyphens)`), messages.join('\n'));
      assert.ok(messages.includes(`${FILE}:11: entries[1].reason: must say why the risk is accepted`));
      assert.ok(messages.includes(`${FILE}:13: entries[1].accepted: expected a date written YYYY-MM-DD`));
      assert.ok(messages.includes(`${FILE}:14: entries[1].reveiwBy: unknown field 'reveiwBy'`));
      assert.ok(messages.some((m) => m.startsWith(`${FILE}:`) && m.includes('entries[1].reviewBy:')), 'the missing reviewBy is named');
      assert.ok(messages.includes(`${FILE}:20: entries[2].reviewBy: must not be before the accepted date`));
      assert.ok(load.notices.every((n) => n.level === 'error' && n.reason === 'config-error' && n.file === FILE));
    });

    it('reports a duplicate fingerprint, YAML syntax errors and a wrong shape', () => {
      const entry = `  - fingerprint: "cccccccccccc"\n    rule: hf-unpinned-model\n    reason: r\n    owner: o\n    accepted: 2025-01-01\n    reviewBy: 2025-02-01\n`;
      const dup = parseRegister(`entries:\n${entry}${entry}`, FILE);
      assert.equal(dup.entries.length, 1);
      assert.deepEqual(dup.notices.map((n) => n.message), [`${FILE}:8: entries[1].fingerprint: duplicate of entries[0]`]);
      const broken = parseRegister('entries: [\n  - fingerprint: x\n', FILE);
      assert.equal(broken.entries.length, 0);
      assert.match(broken.notices[0].message, /^\/ws\/\.llmsec\/accepted-risks\.yaml:\d+: YAML: /);
      assert.match(parseRegister('- a\n- b\n', FILE).notices[0].message, /expected a mapping/);
      assert.match(parseRegister('entries: {}\n', FILE).notices[0].message, /entries: expected a list/);
      assert.match(parseRegister('version: 1\nentires: []\n', FILE).notices[0].message, /entires: unknown field/);
      assert.deepEqual(parseRegister('', FILE).notices, []);
    });

    it('loads from the workspace, and a missing file is no register and no error', () => {
      assert.deepEqual(loadRegister(tmp), { path: path.join(tmp, '.llmsec', 'accepted-risks.yaml'), exists: false, entries: [], notices: [] });
      mkdirSync(path.join(tmp, '.llmsec'));
      writeFileSync(path.join(tmp, REGISTER_PATH), 'entries:\n  - fingerprint: "dddddddddddd"\n    rule: hardcoded-api-key\n    reason: r\n    owner: o\n    accepted: 2025-01-01\n    reviewBy: 2025-02-01\n');
      const load = loadRegister(tmp);
      assert.equal(load.exists, true);
      assert.equal(load.entries[0].fingerprint, 'dddddddddddd');
    });
  });

  describe('applying it to a scan', () => {
    it('marks accepted findings as suppressed with kind register, reason, owner and dates', () => {
      const { result } = buildFixture({ root: '/ws' });
      const target = all(result).find((f) => f.ruleId === 'hf-trust-remote-code');
      assert.ok(target);
      const applied = applyRegister(result, { entries: [entryFor(target, { file: 'ml/load_model.py' })], path: FILE }, '2025-03-01');
      const after = all(applied).find((f) => f.fingerprint === target.fingerprint);
      assert.deepEqual(after?.suppression, { kind: 'register', justification: 'Runs in an isolated sandbox; reviewed in SEC-142.', owner: 'Dana', acceptedOn: '2025-01-10', reviewBy: '2025-07-10' });
      assert.equal(target.suppression, undefined, 'the input is not changed');
      assert.equal(all(applied).filter((f) => f.suppression?.kind === 'register').length, 1);
      assert.equal(applied.notices.length, result.notices.length, 'no warnings for a current, reviewed entry');
    });

    it('warns when a review date has passed, a reason is still the placeholder, or the finding is gone', () => {
      const { result } = buildFixture({ root: '/ws' });
      const [a, b] = all(result).filter((f) => !f.suppression);
      const entries = [
        entryFor(a, { reviewBy: '2025-02-28' }),
        entryFor(b, { reason: PLACEHOLDER_REASON }),
        { ...entryFor(a), fingerprint: 'ffffffffffffffff', file: 'app/server.py' },
        { ...entryFor(a), fingerprint: 'eeeeeeeeeeeeeeee', file: 'not/scanned.py' },
        { ...entryFor(a), fingerprint: '9999999999999999', file: undefined },
      ];
      const applied = applyRegister(result, { entries, path: FILE }, '2025-03-01');
      const added = applied.notices.slice(result.notices.length);
      assert.deepEqual(
        added.map((n) => [n.reason, n.level, n.file]),
        [
          ['register-review-overdue', 'warning', FILE],
          ['register-placeholder-reason', 'warning', FILE],
          ['register-stale', 'warning', FILE],
          ['register-stale', 'warning', FILE],
        ],
      );
      assert.match(added[0].message, /was due for review on 2025-02-28/);
      assert.match(added[2].message, /ffffffffffff, app\/server\.py\) no longer matches any finding/);
      // Overdue entries still suppress: the warning asks for a review, it does not re-open the risk.
      assert.equal(all(applied).find((f) => f.fingerprint === a.fingerprint)?.suppression?.kind, 'register');
    });

    it('leaves an inline suppression in place and does not match a different rule', () => {
      const { result } = buildFixture({ root: '/ws' });
      const inline = all(result).find((f) => f.suppression?.kind === 'inline');
      const other = all(result).find((f) => !f.suppression);
      assert.ok(inline && other);
      const applied = applyRegister(result, { entries: [entryFor(inline), entryFor(other, { rule: 'hardcoded-api-key' })] }, '2025-03-01');
      assert.equal(all(applied).find((f) => f.fingerprint === inline.fingerprint)?.suppression?.kind, 'inline');
      assert.equal(all(applied).find((f) => f.fingerprint === other.fingerprint)?.suppression, undefined);
      assert.deepEqual(applied.notices.slice(result.notices.length).map((n) => n.reason), ['register-stale']);
    });
  });

  describe('baseline: creating and updating', () => {
    it('adds an entry per open finding with a placeholder reason, owner, today and a review date', () => {
      const { result } = buildFixture({ root: '/ws' });
      const update = updateRegister([], result, { today: '2025-03-01', owner: 'Dana' });
      const open = all(result).filter((f) => f.suppression?.kind !== 'inline');
      assert.equal(update.added.length, open.length);
      assert.deepEqual(update.added[0], {
        fingerprint: update.added[0].fingerprint,
        rule: 'insecure-model-endpoint',
        file: 'app/server.py',
        title: 'Model endpoint over plain HTTP',
        reason: PLACEHOLDER_REASON,
        owner: 'Dana',
        accepted: '2025-03-01',
        reviewBy: '2025-05-30',
      });
      assert.ok(!update.added.some((e) => e.fingerprint === all(result).find((f) => f.suppression?.kind === 'inline')?.fingerprint), 'inline-suppressed findings are not baselined');
    });

    it('keeps existing reasons and owners, removes entries whose finding is gone, keeps out-of-scope ones', () => {
      const { result } = buildFixture({ root: '/ws' });
      const [first] = all(result);
      const existing: RegisterEntry[] = [
        entryFor(first, { reason: 'Written by a person.', owner: 'Sam' }),
        { ...entryFor(first), fingerprint: 'gone000000000000', file: 'app/server.py' },
        { ...entryFor(first), fingerprint: 'elsewhere0000000', file: 'services/other.py' },
      ];
      const update = updateRegister(existing, result, { today: '2025-03-01', owner: 'Dana' });
      assert.equal(update.entries[0].reason, 'Written by a person.');
      assert.equal(update.entries[0].owner, 'Sam');
      assert.deepEqual(update.removed.map((e) => e.fingerprint), ['gone000000000000']);
      assert.ok(update.kept.some((e) => e.fingerprint === 'elsewhere0000000'));
      assert.ok(!update.added.some((e) => e.fingerprint === first.fingerprint));
      assert.equal(updateRegister(existing, result, { today: '2025-03-01', keepStale: true }).removed.length, 0);
    });

    it('writes YAML that parses back to the same entries, and keeps the comments people wrote', () => {
      const { result } = buildFixture({ root: '/ws' });
      const first = updateRegister([], result, { today: '2025-03-01', owner: 'Dana' });
      const text = formatRegister(first.entries);
      assert.match(text, /^# llmsec accepted-risk register/);
      const back = parseRegister(text, FILE);
      assert.deepEqual(back.notices, []);
      assert.deepEqual(back.entries, first.entries);

      const edited = text.replace(`reason: "${PLACEHOLDER_REASON}"`, 'reason: Internal host on the private network. # see SEC-7').replace('entries:', '# Reviewed quarterly by the AI risk board.\nentries:');
      const reloaded = parseRegister(edited, FILE);
      assert.deepEqual(reloaded.notices, []);
      const { result: shifted } = buildFixture({ root: '/ws', shiftServer: true });
      const second = updateRegister(reloaded.entries, shifted, { today: '2025-04-01', owner: 'Sam' });
      assert.equal(second.added.length, 0, 'an unrelated line above changes no fingerprint');
      const out = formatRegister(second.entries, edited);
      assert.match(out, /# Reviewed quarterly by the AI risk board\./);
      assert.match(out, /reason: Internal host on the private network\. # see SEC-7/);
      assert.equal(formatRegister(second.entries, edited), out, 'stable');
      assert.equal(formatRegister([]), formatRegister([]));
      assert.deepEqual(parseRegister(formatRegister([]), FILE), { path: FILE, exists: true, entries: [], notices: [], text: formatRegister([]) });
    });

    it('baselineWorkspace writes the register once, then only adds new findings; a broken register is not overwritten', () => {
      const root = path.join(tmp, 'ws');
      mkdirSync(root);
      const { result } = buildFixture({ root });
      const first = baselineWorkspace(result, root, { owner: 'Dana', today: '2025-03-01' });
      assert.equal(first.written, true);
      assert.match(first.summary, /wrote \.llmsec\/accepted-risks\.yaml: 10 new \(write their reason\), 0 kept\./);
      const again = baselineWorkspace(result, root, { today: '2025-03-02' });
      assert.match(again.summary, /0 new \(write their reason\), 10 kept\./);
      const applied = applyWorkspaceRegister(result, root, '2025-03-05');
      assert.equal(all(applied).filter((f) => !f.suppression).length, 0, 'scans now report only new findings');
      assert.equal(applied.notices.filter((n) => n.reason === 'register-placeholder-reason').length, 10);

      writeFileSync(path.join(root, REGISTER_PATH), 'entries:\n  - fingerprint: 1\n');
      const before = readFileSync(path.join(root, REGISTER_PATH), 'utf8');
      const refused = baselineWorkspace(result, root, { today: '2025-03-02' });
      assert.equal(refused.written, false);
      assert.match(refused.summary, /has errors/);
      assert.equal(readFileSync(path.join(root, REGISTER_PATH), 'utf8'), before);
      assert.ok(applyWorkspaceRegister(result, root, '2025-03-05').notices.some((n) => n.reason === 'config-error' && /entries\[0\]\.fingerprint/.test(n.message)));
    });
  });

  describe('owner from git config', () => {
    it('reads user.name from the repository config, following a worktree .git file, without running git', () => {
      const repo = path.join(tmp, 'repo');
      mkdirSync(path.join(repo, '.git'), { recursive: true });
      writeFileSync(path.join(repo, '.git', 'config'), '[core]\n\tbare = false\n[user]\n\tname = "Dana Q. Reviewer" ; comment\n\temail = dana@example.test\n');
      mkdirSync(path.join(repo, 'sub', 'dir'), { recursive: true });
      assert.equal(gitUserName(path.join(repo, 'sub', 'dir')), 'Dana Q. Reviewer');

      const worktree = path.join(tmp, 'wt');
      mkdirSync(worktree);
      mkdirSync(path.join(repo, '.git', 'worktrees', 'wt'), { recursive: true });
      writeFileSync(path.join(repo, '.git', 'worktrees', 'wt', 'commondir'), '../..\n');
      writeFileSync(path.join(worktree, '.git'), `gitdir: ${path.join(repo, '.git', 'worktrees', 'wt')}\n`);
      assert.equal(gitUserName(worktree), 'Dana Q. Reviewer');
    });

    it('falls back to the global config, then to unassigned; an explicit owner wins', () => {
      const plain = path.join(tmp, 'plain');
      mkdirSync(plain);
      assert.equal(gitUserName(plain), undefined);
      assert.equal(defaultOwner(plain), 'unassigned');
      mkdirSync(path.join(tmp, 'home'), { recursive: true });
      writeFileSync(path.join(tmp, 'home', '.gitconfig'), '[user]\n  name = Global Person\n');
      assert.equal(defaultOwner(plain), 'Global Person');
      assert.equal(defaultOwner(plain, 'Team AI Platform'), 'Team AI Platform');
      assert.equal(userNameFromGitConfig('[user "x"]\nname = Sub\n[user]\nname = A\nname = B\n'), 'B');
    });
  });

  it('adds days across month and year ends', () => {
    assert.equal(addDays('2025-03-01', 90), '2025-05-30');
    assert.equal(addDays('2024-12-15', 30), '2025-01-14');
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  });
});
