import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  lookupPackage,
  manifestDirsFor,
  parsePackageJson,
  parsePackageLock,
  parsePackageLockToml,
  parsePipfileLock,
  parsePyproject,
  parseRequirements,
  readManifests,
} from '../src/report/manifests';
import { parseToml } from '../src/report/toml-lite';
import { buildFixture } from './report-fixture';

const pick = (list: Array<{ name: string; version?: string; constraint?: string }>, name: string) => {
  const p = list.find((x) => x.name === name);
  return p ? { version: p.version, constraint: p.constraint } : undefined;
};

describe('dependency manifests for the AI-BOM', () => {
  it('reads requirements.txt: pins, ranges, extras, markers, comments, options and continuations', () => {
    const text = [
      '# LLM stack',
      '--index-url https://pypi.org/simple',
      '-r base.txt',
      'openai==1.54.3  # pinned',
      'anthropic>=0.34,<1',
      'langchain-openai[all] ~= 0.2.0 ; python_version >= "3.10"',
      'Sentence_Transformers',
      'torch==2.4.1 \\',
      '    --hash=sha256:abc',
      'transformers @ https://example.test/transformers.whl',
      'numpy==1.*',
    ].join('\n');
    const pkgs = parseRequirements(text, 'requirements.txt');
    assert.deepEqual(pick(pkgs, 'openai'), { version: '1.54.3', constraint: undefined });
    assert.deepEqual(pick(pkgs, 'anthropic'), { version: undefined, constraint: '>=0.34,<1' });
    assert.deepEqual(pick(pkgs, 'langchain-openai'), { version: undefined, constraint: '~=0.2.0' });
    assert.deepEqual(pick(pkgs, 'sentence-transformers'), { version: undefined, constraint: undefined });
    assert.deepEqual(pick(pkgs, 'torch'), { version: '2.4.1', constraint: undefined });
    assert.deepEqual(pick(pkgs, 'transformers'), { version: undefined, constraint: 'https://example.test/transformers.whl' });
    assert.deepEqual(pick(pkgs, 'numpy'), { version: undefined, constraint: '==1.*' });
    assert.equal(pkgs.length, 7);
  });

  it('reads pyproject.toml: PEP 621 dependencies, optional groups, dependency-groups and Poetry tables', () => {
    const text = `
[project]
name = "svc"
dependencies = [
  "openai>=1.40",   # API client
  'anthropic==0.34.2',
]

[project.optional-dependencies]
ml = ["transformers>=4.44", "torch"]

[dependency-groups]
dev = ["pytest>=8"]

[tool.poetry.dependencies]
python = "^3.11"
litellm = "1.48.2"
langchain = { version = "^0.3", extras = ["openai"] }

[tool.poetry.group.test.dependencies]
vcrpy = "*"
`;
    const pkgs = parsePyproject(text, 'pyproject.toml');
    assert.deepEqual(pick(pkgs, 'openai'), { version: undefined, constraint: '>=1.40' });
    assert.deepEqual(pick(pkgs, 'anthropic'), { version: '0.34.2', constraint: undefined });
    assert.deepEqual(pick(pkgs, 'transformers'), { version: undefined, constraint: '>=4.44' });
    assert.ok(pick(pkgs, 'torch'));
    assert.ok(pick(pkgs, 'pytest'));
    assert.deepEqual(pick(pkgs, 'litellm'), { version: '1.48.2', constraint: undefined });
    assert.deepEqual(pick(pkgs, 'langchain'), { version: undefined, constraint: '^0.3' });
    assert.ok(pick(pkgs, 'vcrpy'));
    assert.equal(pick(pkgs, 'python'), undefined);
  });

  it('reads lock files: poetry.lock, uv.lock, Pipfile.lock, package-lock.json (v3 and v1)', () => {
    const poetry = parsePackageLockToml(`[[package]]\nname = "OpenAI"\nversion = "1.51.0"\ndescription = "The official Python library"\n\n[[package.dependencies]]\nhttpx = ">=0.23"\n\n[[package]]\nname = "tiktoken"\nversion = "0.8.0"\n\n[metadata]\nlock-version = "2.0"\n`, 'poetry.lock');
    assert.deepEqual(poetry.map((p) => [p.name, p.version, p.locked]), [['openai', '1.51.0', true], ['tiktoken', '0.8.0', true]]);
    const uv = parsePackageLockToml(`version = 1\n\n[[package]]\nname = "anthropic"\nversion = "0.39.0"\nsource = { registry = "https://pypi.org/simple" }\ndependencies = [\n    { name = "httpx" },\n]\n`, 'uv.lock');
    assert.deepEqual(uv.map((p) => [p.name, p.version]), [['anthropic', '0.39.0']]);
    const pipfile = parsePipfileLock(JSON.stringify({ _meta: {}, default: { openai: { version: '==1.50.2' } }, develop: { 'Google-GenerativeAI': { version: '==0.8.3' } } }), 'Pipfile.lock');
    assert.deepEqual(pipfile.map((p) => [p.name, p.version]), [['openai', '1.50.2'], ['google-generativeai', '0.8.3']]);
    const npm3 = parsePackageLock(JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/a/node_modules/openai': { version: '3.3.0' }, 'node_modules/openai': { version: '4.67.3' }, 'node_modules/@ai-sdk/openai': { version: '1.0.5' } } }), 'package-lock.json');
    assert.deepEqual(pick(npm3, 'openai'), { version: '4.67.3', constraint: undefined });
    assert.deepEqual(pick(npm3, '@ai-sdk/openai'), { version: '1.0.5', constraint: undefined });
    const npm1 = parsePackageLock(JSON.stringify({ lockfileVersion: 1, dependencies: { ollama: { version: '0.5.9' } } }), 'package-lock.json');
    assert.deepEqual(pick(npm1, 'ollama'), { version: '0.5.9', constraint: undefined });
  });

  it('reads package.json: exact versions and ranges across dependency fields', () => {
    const pkgs = parsePackageJson(JSON.stringify({ dependencies: { ai: '4.0.13', openai: '^4.67.0' }, devDependencies: { '@langchain/core': '~0.3.0' }, peerDependencies: { react: '>=18' } }), 'package.json');
    assert.deepEqual(pick(pkgs, 'ai'), { version: '4.0.13', constraint: undefined });
    assert.deepEqual(pick(pkgs, 'openai'), { version: undefined, constraint: '^4.67.0' });
    assert.deepEqual(pick(pkgs, '@langchain/core'), { version: undefined, constraint: '~0.3.0' });
    assert.equal(pkgs.length, 4);
  });

  it('parses the TOML it needs: strings of all kinds, arrays over lines, inline tables, dotted keys', () => {
    const t = parseToml(`
a = "x\\ty \\u00e9"
b = 'C:\\path'
c = """
multi
line"""
d = [1, 2,
  3, # comment
]
e = { f = true, g.h = "i" }
"quoted key" = 1_000
[s.t]
u = 2024-01-02
[[arr]]
v = 1
[[arr]]
v = 2
`);
    assert.equal(t.a, 'x\ty é');
    assert.equal(t.b, 'C:\\path');
    assert.equal(t.c, 'multi\nline');
    assert.deepEqual(t.d, [1, 2, 3]);
    assert.deepEqual(t.e, { f: true, g: { h: 'i' } });
    assert.equal(t['quoted key'], 1000);
    assert.deepEqual(t.s, { t: { u: '2024-01-02' } });
    assert.deepEqual(t.arr, [{ v: 1 }, { v: 2 }]);
  });

  it('reads manifests from the root and the directories of files that use AI, lock files first', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'llmsec-manifests-'));
    try {
      mkdirSync(path.join(root, 'web', 'src'), { recursive: true });
      mkdirSync(path.join(root, 'unrelated'), { recursive: true });
      writeFileSync(path.join(root, 'requirements.txt'), 'openai>=1.40\n');
      writeFileSync(path.join(root, 'poetry.lock'), '[[package]]\nname = "openai"\nversion = "1.51.0"\n');
      writeFileSync(path.join(root, 'web', 'package.json'), '{"dependencies": {"@anthropic-ai/sdk": "^0.30.0"}}');
      writeFileSync(path.join(root, 'unrelated', 'package.json'), '{"dependencies": {"@anthropic-ai/sdk": "0.1.0"}}');
      writeFileSync(path.join(root, 'web', 'package-lock.json'), '{ not json');
      const { result } = buildFixture({ root });
      const dirs = manifestDirsFor(result);
      assert.ok(dirs.includes(path.join(root, 'web')) && dirs.includes(path.join(root, 'web', 'src')) && !dirs.includes(path.join(root, 'unrelated')));
      const manifests = readManifests(root, dirs);
      assert.deepEqual(lookupPackage(manifests, 'pypi', 'OpenAI'), { version: '1.51.0', constraint: '>=1.40', sources: ['poetry.lock', 'requirements.txt'] });
      assert.deepEqual(lookupPackage(manifests, 'npm', '@anthropic-ai/sdk'), { constraint: '^0.30.0', sources: ['web/package.json'] });
      assert.equal(manifests.notices.length, 1);
      assert.match(manifests.notices[0].message, /web\/package-lock\.json/);
      assert.equal(lookupPackage(manifests, 'npm', 'left-pad'), undefined);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
