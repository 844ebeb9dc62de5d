/**
 * Hostile rule files and configuration: malformed YAML and JSON, wrong types, unknown fields,
 * duplicate keys and ids, huge files, alias bombs, deep nesting, and regular expressions or name
 * patterns built to backtrack catastrophically. Each gives a precise error (file, line or field,
 * what was expected), the remaining rules keep working, and nothing freezes. Workspace rules and
 * configuration apply only once the workspace is trusted.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import fc from 'fast-check';
import { Engine, defaultRulesDir } from '../src/engine/engine';
import { loadConfigFile } from '../src/engine/config';
import { checkRegex } from '../src/engine/rules/safe-regex';
import { MAX_REGEX_INPUT } from '../src/engine/rules/regex-probe';
import { resolveFolderConfig } from '../src/extension/settings/engine-config';
import { defaultSettings } from '../src/extension/settings/schema';
import type { ScanNotice } from '../src/engine/findings';

/** A valid rule: the hostile variants below break one thing each. */
function ruleYaml(id: string, extra = '', receiverNameMatches = '^document$'): string {
  return `id: ${id}
title: Hostile test rule
severity: high
languages: [python]
message: 'LLM output reaches {sink}.'
docs:
  why: Model output is untrusted text.
  fix: Validate the output first.
standards:
  owasp2025: ['LLM05:2025']
  owasp2026: []
  iso42001: ['A.6.2.4']
  isoRationale: Outputs are verified before use.
  cwe: ['CWE-94']
taint:
  sources: [llm-output]
  sinks:
    - method: [hostile_sink]
      receiverNameMatches: '${receiverNameMatches.replace(/'/g, "''")}'
      args: [0]
${extra}`;
}

const CATASTROPHIC_REGEXES = [
  '(a+)+$',
  '(\\w*)*x',
  '(a|a)*$',
  '(a|ab)+$',
  '^(\\w+\\s?)*$',
  '(\\d+)*x',
  '\\w*\\w*\\w*\\w*\\w*\\w*!',
  '.*.*.*.*.*!',
  '[a-z]*[a-z]*[a-z]*[a-z]*$',
  'a*a*a*a*a*a*a*a*b',
  'a{0,1000}a{0,1000}a{0,1000}b',
  '^(.*?,){11}P',
  '(x)\\1+y',
];

describe('hostile rules and configuration', function () {
  this.timeout(240_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmsec-hostile-rules-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, content: string | Buffer): string {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  }

  function noticesFor(notices: ScanNotice[], file: string): string[] {
    return notices.filter((n) => n.file === file).map((n) => n.message);
  }

  it('gives each broken rule file a precise error, and the good rules keep working', async () => {
    const good = write('good.yaml', ruleYaml('hostile-good'));
    const expected: [string, string | Buffer, RegExp][] = [
      ['yaml-syntax.yaml', 'id: x\ntitle: [unclosed\nseverity: high\n', /: line \d+: invalid YAML: /],
      ['json-syntax.json', '{\n  "id": "x",\n  "title": "y"\n  "severity": 1\n}\n', /: invalid JSON: line 4, column 3: /],
      ['wrong-types.yaml', ruleYaml('hostile-types').replace('severity: high', 'severity: 5').replace('languages: [python]', 'languages: python'), /: line 3, field severity: .*expected one of "critical"\|"high"\|"medium"\|"low"\|"info"/],
      ['unknown-field.yaml', ruleYaml('hostile-unknown', 'colour: red\n'), /: line \d+, field \(top level\): Unrecognized key: "colour"/],
      ['unknown-fields.yaml', ruleYaml('hostile-unknowns', Array.from({ length: 5000 }, (_, i) => `zz${i}: 1`).join('\n') + '\n'), /: line \d+, field \(top level\): Unrecognized keys: "zz0", "zz1", .*\.\.\. \(\d+ more characters\)$/],
      ['nested-unknown.yaml', ruleYaml('hostile-nested').replace('args: [0]', 'args: [0]\n      argz: [1]'), /: line \d+, field taint\.sinks\[0\]: Unrecognized key: "argz"/],
      ['duplicate-key.yaml', ruleYaml('hostile-dupkey').replace('severity: high', 'severity: high\nseverity: low'), /: invalid YAML: line 4: duplicate key 'severity'/],
      ['zz-duplicate-id.yaml', ruleYaml('hostile-good'), /: duplicate rule id 'hostile-good' \(already defined in .*good\.yaml\); this copy is ignored/],
      ['builtin-id.yaml', ruleYaml('llm-output-shell-command'), /: duplicate rule id 'llm-output-shell-command' \(already defined in .*llm-output-shell-command\.yaml\)/],
      ['huge.yaml', ruleYaml('hostile-huge', `padding: "${'x'.repeat(600 * 1024)}"\n`), /: file is \d+ bytes, over the 524288-byte limit for rule files/],
      ['alias-bomb.yaml', 'a: &a [x,x,x,x,x,x,x,x,x,x]\n' + Array.from({ length: 9 }, (_, i) => `b${i}: &b${i} [${Array(10).fill(i ? `*b${i - 1}` : '*a').join(',')}]`).join('\n') + '\n', /: invalid YAML: (Excessive alias count|more than 100 aliases)/],
      ['deep.yaml', `x: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, /: invalid YAML: line 1: brackets nested more than 64 levels deep/],
      ['many-keys.yaml', Array.from({ length: 20_000 }, (_, i) => `k${i}: v`).join('\n') + '\n', /: line 1, field id: /],
      ['empty.yaml', '', /: field \(top level\): Invalid input: expected object/],
      ['list.yaml', '- a\n- b\n', /: line 1, field \(top level\): Invalid input: expected object, received array/],
      ['binary.yaml', Buffer.from([0x00, 0xff, 0xfe, 0x01, 0x02, 0x5b, 0x5b, 0x0a, 0x00]), /: (line \d+: )?invalid YAML|field \(top level\)/],
      ['standards.yaml', ruleYaml('hostile-standards').replace("owasp2025: ['LLM05:2025']", "owasp2025: ['LLM11:2025']"), /field standards\.owasp2025\[0\]|unknown identifier/],
      ['regex-invalid.yaml', ruleYaml('hostile-regex-invalid', '', '(unclosed'), /: field taint\.sinks\[0\]\.receiverNameMatches: invalid regular expression/],
      ['glob-bomb.yaml', ruleYaml('hostile-glob', 'calls:\n  - call: [\'os.**.**.**.**.**.**.**.**.x.system\']\n'), /: field calls\[0\]\.call\[0\]: name pattern 'os\.\*\*(\.\*\*)+\.x\.system' takes too long to match a long dotted name/],
      ...CATASTROPHIC_REGEXES.map((re, i): [string, string, RegExp] => [`regex-${i}.yaml`, ruleYaml(`hostile-regex-${i}`, '', re), /: field taint\.sinks\[0\]\.receiverNameMatches: (nested quantifiers|a repeated group with alternatives|backreferences|matching a \d+-character input .* took longer than \d+ ms: it backtracks catastrophically)/]),
    ];
    const files = expected.map(([name, content]) => write(name, content));
    fs.mkdirSync(path.join(dir, 'a-directory.yaml'));
    fs.symlinkSync(dir, path.join(dir, 'loop'));

    const started = performance.now();
    const engine = Engine.create({ config: { ruleDirs: [dir] } });
    const ms = performance.now() - started;
    assert.ok(ms < 60_000, `loading took ${ms.toFixed(0)} ms`);

    for (const [i, [name, , pattern]] of expected.entries()) {
      const messages = noticesFor(engine.notices, files[i]);
      assert.ok(messages.length >= 1, `${name}: no error`);
      assert.ok(messages.some((m) => m.startsWith(files[i]) && pattern.test(m)), `${name}: ${JSON.stringify(messages)} does not match ${pattern}`);
    }
    assert.ok(engine.notices.every((n) => n.level === 'error' && n.reason === 'rule-error'));
    // Long messages (an unknown key listed 20,000 times, say) stay readable.
    assert.ok(engine.notices.every((n) => n.message.length < 2000), 'a notice longer than 2,000 characters');

    // Every built-in rule and the good user rule are loaded; the built-in id was not replaced.
    const builtin = Engine.create();
    assert.equal(engine.rules.length, builtin.rules.length + 1);
    assert.ok(engine.ruleInfos.find((r) => r.id === 'llm-output-shell-command')?.origin === 'builtin');
    assert.equal(noticesFor(engine.notices, good).length, 0);

    // And they work.
    const text = 'import os\nfrom openai import OpenAI\nclient = OpenAI()\nr = client.chat.completions.create(model="m", messages=[])\nout = r.choices[0].message.content\ndocument.hostile_sink(out)\nos.system(out)\n';
    const result = await engine.analyzeText(path.join(dir, 'app.py'), text);
    const ids = result.findings.map((f) => f.ruleId);
    assert.ok(ids.includes('hostile-good'), JSON.stringify(ids));
    assert.ok(ids.includes('llm-output-shell-command'));
  });

  it('a user catalogue with a slow name pattern or regular expression is refused, naming the field', () => {
    write('catalog/sanitizers.yaml', "sanitizers:\n  - kind: shell\n    description: a validator\n    calleeNameMatches: '(a|aa)+$'\n");
    write('catalog/sources.yaml', "sources:\n  - label: llm-output\n    description: model output\n    calls: ['x.**.**.**.**.**.y']\n");
    const engine = Engine.create({ config: { ruleDirs: [dir] } });
    const messages = engine.notices.map((n) => n.message);
    assert.ok(messages.some((m) => m.includes(path.join('catalog', 'sanitizers.yaml')) && /a repeated group with alternatives/.test(m)), JSON.stringify(messages));
    assert.ok(messages.some((m) => m.includes(path.join('catalog', 'sources.yaml')) && /(name pattern 'x\.\*\*.*' takes too long|field sources)/.test(m)), JSON.stringify(messages));
  });

  it('every regular expression the checker accepts runs quickly on long inputs made of its own characters (fast-check)', () => {
    // Expressions from a small grammar that can produce the classic catastrophic shapes.
    const atom = fc.constantFrom('a', 'b', 'x', '\\w', '\\d', '\\s', '.', '[ab]', '[^x]', '\\.', ',');
    const quant = fc.constantFrom('', '', '*', '+', '?', '{1,3}', '{0,50}', '*?');
    const piece = fc.tuple(atom, quant).map(([a, q]) => a + q);
    const group = fc.tuple(fc.array(piece, { minLength: 1, maxLength: 3 }), fc.array(piece, { maxLength: 2 }), quant).map(([a, b, q]) => `(${a.join('')}${b.length ? '|' + b.join('') : ''})${q}`);
    const regex = fc.tuple(fc.boolean(), fc.array(fc.oneof(piece, group), { minLength: 1, maxLength: 6 }), fc.constantFrom('', '$', 'x$', '!')).map(([anchor, parts, end]) => `${anchor ? '^' : ''}${parts.join('')}${end}`);
    const context = vm.createContext({});
    let accepted = 0;
    fc.assert(
      fc.property(regex, fc.constantFrom('a', 'b', 'x', '1', ' ', '.', ',', 'ab', 'a ', 'a.', 'a,'), fc.constantFrom('', '!', '\n', 'y'), (source, pump, tail) => {
        if (checkRegex(source)) return; // refused: fine
        accepted++;
        context.re = new RegExp(source);
        context.s = pump.repeat(Math.floor((MAX_REGEX_INPUT - 1) / pump.length)) + tail;
        const started = performance.now();
        try {
          vm.runInContext('re.test(s)', context, { timeout: 2000 });
        } catch {
          assert.fail(`accepted /${source}/ took over 2 s on ${JSON.stringify(pump)} x ${MAX_REGEX_INPUT} + ${JSON.stringify(tail)}`);
        }
        return performance.now() - started < 2000;
      }),
      { seed: 4242, numRuns: 120 },
    );
    assert.ok(accepted > 20, `only ${accepted} expressions were accepted: the grammar is too hostile to test anything`);
  });

  describe('the configuration file', () => {
    const cases: [string, string, RegExp][] = [
      ['malformed YAML', 'rules:\n  disable: [unclosed\n', /\.llmsec\.yaml: line \d+: invalid YAML: /],
      ['a wrong type', 'maxFileBytes: big\n', /\.llmsec\.yaml: field maxFileBytes: Invalid input: expected number, received string/],
      ['a wrong nested type', 'rules:\n  disable: prompt-injection-user-input\n', /\.llmsec\.yaml: field rules\.disable: Invalid input: expected array, received string/],
      ['an unknown field', 'rulez:\n  disable: []\n', /\.llmsec\.yaml: field \(top level\): Unrecognized key: "rulez"/],
      ['an unknown severity', 'rules:\n  severity:\n    x: urgent\n', /\.llmsec\.yaml: field rules\.severity\.x: Invalid option: expected one of/],
      ['a duplicate key', 'exclude: [a]\nexclude: [b]\n', /\.llmsec\.yaml: invalid YAML: line 2: duplicate key 'exclude'/],
      ['an alias bomb', 'a: &a [x,x,x,x,x,x,x,x,x,x]\n' + Array.from({ length: 9 }, (_, i) => `b${i}: &b${i} [${Array(10).fill(i ? `*b${i - 1}` : '*a').join(',')}]`).join('\n') + '\n', /\.llmsec\.yaml: invalid YAML: (Excessive alias count|more than 100 aliases)/],
      ['deep nesting', `exclude: ${'['.repeat(50_000)}\n`, /\.llmsec\.yaml: invalid YAML: line 1: brackets nested more than 64 levels deep/],
      ['a huge file', `exclude: ["${'x'.repeat(300 * 1024)}"]\n`, /\.llmsec\.yaml: file is \d+ bytes, over the \d+-byte limit for configuration files/],
      ['a scalar', '42\n', /\.llmsec\.yaml: field \(top level\): Invalid input: expected object, received number/],
    ];
    for (const [what, content, pattern] of cases) {
      it(`${what}: an error naming the file and what was expected, and the defaults apply`, () => {
        const file = write('.llmsec.yaml', content);
        const started = performance.now();
        const loaded = loadConfigFile(file);
        assert.ok(performance.now() - started < 10_000);
        assert.deepEqual(loaded.config, {});
        assert.ok(loaded.notices.length >= 1);
        assert.ok(loaded.notices.every((n) => n.level === 'error' && n.reason === 'config-error' && n.file === file));
        assert.ok(loaded.notices.some((n) => pattern.test(n.message)), JSON.stringify(loaded.notices.map((n) => n.message)));
      });
    }

    it('a workspace that is not trusted gets neither its configuration file nor its rule directories', () => {
      write('evil-rules/slow.yaml', ruleYaml('hostile-workspace-rule', '', '(a|a)*$'));
      const file = write('.llmsec.yaml', 'ruleDirs: [evil-rules]\nrules:\n  disable: [llm-output-shell-command]\n');
      const configFile = loadConfigFile(file);
      assert.deepEqual(configFile.notices, []);
      const settings = { ...defaultSettings(), ruleDirectories: ['evil-rules'] };
      const untrusted = resolveFolderConfig({ settings, editionSetExplicitly: false, configFile, trusted: false, folderPath: dir });
      assert.deepEqual(untrusted.config.ruleDirs, []);
      assert.deepEqual(untrusted.config.disabledRules, []);
      assert.equal(untrusted.configFile, undefined);
      const engine = Engine.create({ config: untrusted.config });
      assert.ok(engine.ruleInfos.every((r) => r.origin === 'builtin'));
      assert.ok(engine.rules.some((r) => r.id === 'llm-output-shell-command'));
      // Once trusted, both apply (and the hostile rule is refused with an error, not run).
      const trusted = resolveFolderConfig({ settings, editionSetExplicitly: false, configFile, trusted: true, folderPath: dir });
      assert.deepEqual(trusted.config.disabledRules, ['llm-output-shell-command']);
      const trustedEngine = Engine.create({ config: trusted.config });
      assert.ok(trustedEngine.notices.some((n) => /slow\.yaml: field taint\.sinks\[0\]\.receiverNameMatches: a repeated group/.test(n.message)));
      assert.ok(!trustedEngine.rules.some((r) => r.id === 'hostile-workspace-rule'));
    });
  });

  it('the built-in rules pass every check the loader applies to user rules', () => {
    const engine = Engine.create({ builtinRulesDir: defaultRulesDir() });
    assert.deepEqual(engine.notices, []);
  });
});
