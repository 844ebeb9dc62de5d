// The extension's settings model: validation with per-setting fallback, the merge with
// .llmsec.yaml, workspace trust, files.exclude conversion, and single-file exclusion.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../src/engine/api';
import { loadConfigFile } from '../src/engine/config';
import { isExcluded } from '../src/extension/scan/exclusions';
import { expandBraces, filesExcludeToIgnorePatterns, resolveFolderConfig, workerConfigKey } from '../src/extension/settings/engine-config';
import { defaultSettings, parseSettings, SETTING_KEYS, type SettingName } from '../src/extension/settings/schema';

describe('extension settings', () => {
  it('gives the defaults when nothing is set', () => {
    const read = parseSettings(() => undefined);
    assert.deepEqual(read.errors, []);
    assert.deepEqual(read.settings, defaultSettings());
    assert.equal(read.settings.run, 'onType');
    assert.equal(read.settings.owaspEdition, '2025');
    assert.equal(read.settings.typingDelay, 300);
  });

  it('replaces only the invalid setting by its default and says which one', () => {
    const values: Partial<Record<SettingName, unknown>> = {
      run: 'onSave',
      typingDelay: -5,
      'rules.severity': { 'hf-unpinned-model': 'high', 'hardcoded-api-key': 'catastrophic' },
      'rules.disabled': ['prompt-injection-indirect'],
    };
    const read = parseSettings((name) => values[name]);
    assert.equal(read.settings.run, 'onSave');
    assert.deepEqual(read.settings['rules.disabled'], ['prompt-injection-indirect']);
    assert.equal(read.settings.typingDelay, 300);
    assert.deepEqual(read.settings['rules.severity'], {});
    assert.equal(read.errors.length, 2);
    assert.match(read.errors[0], /llmsec\.typingDelay/);
    assert.match(read.errors[1], /llmsec\.rules\.severity\.hardcoded-api-key/);
  });

  it('names every setting with the llmsec prefix', () => {
    assert.ok(SETTING_KEYS.length >= 8);
    for (const key of SETTING_KEYS) assert.match(key, /^llmsec\.[a-zA-Z.]+$/);
  });

  describe('merging with .llmsec.yaml', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmsec-ext-config-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const write = (text: string) => {
      const file = path.join(dir, '.llmsec.yaml');
      fs.writeFileSync(file, text);
      return loadConfigFile(file);
    };

    it('adds up disabled rules, rule dirs and excludes; settings win on severity', () => {
      const configFile = write('rules:\n  disable: [hf-unpinned-model]\n  severity: { hardcoded-api-key: low, llm-output-sql-injection: medium }\nruleDirs: [team-rules]\nexclude: [legacy/]\nowaspEdition: "2026"\n');
      const settings = { ...defaultSettings(), 'rules.disabled': ['prompt-injection-indirect'], 'rules.severity': { 'hardcoded-api-key': 'critical' as const }, ruleDirectories: ['my-rules', '/abs/rules'], exclude: ['gen/'] };
      const resolved = resolveFolderConfig({ settings, editionSetExplicitly: false, configFile, trusted: true, folderPath: dir });
      assert.deepEqual(resolved.config.disabledRules, ['hf-unpinned-model', 'prompt-injection-indirect']);
      assert.deepEqual(resolved.config.severityOverrides, { 'hardcoded-api-key': 'critical', 'llm-output-sql-injection': 'medium' });
      assert.deepEqual(resolved.config.ruleDirs, [path.join(dir, 'team-rules'), path.join(dir, 'my-rules'), '/abs/rules']);
      assert.deepEqual(resolved.config.exclude, ['legacy/', 'gen/']);
      assert.equal(resolved.owaspEdition, '2026', 'the file decides the edition when settings do not');
      assert.equal(resolved.configFile, path.join(dir, '.llmsec.yaml'));
      const explicit = resolveFolderConfig({ settings: { ...settings, owaspEdition: '2025' }, editionSetExplicitly: true, configFile, trusted: true, folderPath: dir });
      assert.equal(explicit.owaspEdition, '2025', 'an explicit setting wins over the file');
    });

    it('ignores the config file and rule directories in an untrusted workspace', () => {
      const configFile = write('rules:\n  disable: [hf-unpinned-model]\nruleDirs: [team-rules]\n');
      const settings = { ...defaultSettings(), ruleDirectories: ['my-rules'] };
      const resolved = resolveFolderConfig({ settings, editionSetExplicitly: false, configFile, trusted: false, folderPath: dir });
      assert.deepEqual(resolved.config.ruleDirs, []);
      assert.deepEqual(resolved.config.disabledRules, []);
      assert.equal(resolved.configFile, undefined);
      assert.ok(resolved.notices.some((n) => n.reason === 'untrusted' && /Restricted mode/.test(n.message)));
    });

    it('falls back to the defaults with an error naming the file and field when the file is invalid', () => {
      const configFile = write('rules:\n  disable: hf-unpinned-model\n');
      const resolved = resolveFolderConfig({ settings: defaultSettings(), editionSetExplicitly: false, configFile, trusted: true, folderPath: dir });
      assert.deepEqual(resolved.config.disabledRules, []);
      assert.deepEqual(resolved.config.ruleDirs, []);
      assert.ok(resolved.notices.some((n) => n.level === 'error' && n.message.includes('.llmsec.yaml') && n.message.includes('rules.disable')));
    });
  });

  it('keys worker pools by what the workers load, not by exclusions', () => {
    const a = { ...DEFAULT_CONFIG, disabledRules: ['b', 'a'], exclude: ['x/'] };
    const b = { ...DEFAULT_CONFIG, disabledRules: ['a', 'b'], exclude: [] };
    assert.equal(workerConfigKey(a), workerConfigKey(b));
    assert.notEqual(workerConfigKey(a), workerConfigKey({ ...b, severityOverrides: { a: 'low' } }));
  });

  it('turns files.exclude into .gitignore patterns', () => {
    assert.deepEqual(expandBraces('**/*.{js,map}'), ['**/*.js', '**/*.map']);
    assert.deepEqual(expandBraces('a{b,c}d{e,f}'), ['abde', 'abdf', 'acde', 'acdf']);
    assert.deepEqual(
      filesExcludeToIgnorePatterns({ '**/.git': true, 'build': true, '**/*.{pyc,pyo}': true, '**/off': false, '**/*.js': { when: '$(basename).ts' } }),
      ['**/.git', '/build', '**/*.pyc', '**/*.pyo'],
    );
  });

  describe('single-file exclusion', () => {
    const gitignores: Record<string, string> = { '/ws/.gitignore': 'generated/\n*.min.js\n', '/ws/pkg/.gitignore': 'local_*.py\n' };
    const readFile = (f: string) => gitignores[f];
    const opts = (patterns: string[] = [], gitignore = true) => ({ root: '/ws', patterns, gitignore, readFile });

    it('skips vendored folders and .gitignore matches at any depth', () => {
      assert.equal(isExcluded('/ws/app/main.py', opts()), false);
      assert.equal(isExcluded('/ws/node_modules/x/index.js', opts()), true);
      assert.equal(isExcluded('/ws/pkg/.venv/lib/a.py', opts()), true);
      assert.equal(isExcluded('/ws/generated/client.ts', opts()), true);
      assert.equal(isExcluded('/ws/web/app.min.js', opts()), true);
      assert.equal(isExcluded('/ws/pkg/local_settings.py', opts()), true);
      assert.equal(isExcluded('/ws/local_settings.py', opts()), false, 'a nested .gitignore applies only below its folder');
    });

    it('applies exclusion patterns, and .gitignore only when asked', () => {
      assert.equal(isExcluded('/ws/legacy/old.py', opts(['legacy/'])), true);
      assert.equal(isExcluded('/ws/src/legacy.py', opts(['/legacy/'])), false);
      assert.equal(isExcluded('/ws/generated/client.ts', opts([], false)), false);
      assert.equal(isExcluded('/elsewhere/a.py', opts(['*'])), false, 'files outside the folder are not judged');
    });
  });
});
