import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { buildAiBom, serializeBom, type CycloneDxBom } from '../src/report/bom';
import { manifestDirsFor, readManifests, type Manifests } from '../src/report/manifests';
import { buildFixture, buildLargeFixture } from './report-fixture';

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

async function assertValid(bom: CycloneDxBom): Promise<void> {
  const error = await validator.validate(serializeBom(bom));
  assert.equal(error, null, `CycloneDX 1.6 validation failed: ${JSON.stringify(error, null, 2)}`);
}

type Json = Record<string, unknown>;

function component(bom: CycloneDxBom, ref: string): Json {
  const c = bom.components.find((x) => x['bom-ref'] === ref);
  assert.ok(c, `no component ${ref}; have ${bom.components.map((x) => x['bom-ref']).join(', ')}`);
  return c;
}

function prop(c: Json, name: string): string | undefined {
  return (c.properties as Array<{ name: string; value: string }>).find((p) => p.name === `llmsec:${name}`)?.value;
}

/** A workspace on disk with the manifests a real project has, for the fixture's files. */
function writeManifests(root: string): void {
  mkdirSync(path.join(root, 'web'), { recursive: true });
  writeFileSync(path.join(root, 'pyproject.toml'), `[project]\nname = "chat-service"\ndependencies = [\n  "openai>=1.40,<2",\n  "flask==3.0.3",\n  "transformers>=4.44",\n  "torch",\n]\n`);
  writeFileSync(
    path.join(root, 'uv.lock'),
    `version = 1\nrequires-python = ">=3.11"\n\n[[package]]\nname = "openai"\nversion = "1.54.3"\nsource = { registry = "https://pypi.org/simple" }\n\n[[package]]\nname = "torch"\nversion = "2.4.1"\n\n[[package]]\nname = "flask"\nversion = "3.0.3"\n`,
  );
  writeFileSync(path.join(root, 'web', 'package.json'), JSON.stringify({ name: 'web', dependencies: { '@anthropic-ai/sdk': '^0.30.0', openai: '^4.67.0', '@langchain/openai': '^0.3.0', express: '^4.21.0' } }, null, 2));
  writeFileSync(
    path.join(root, 'web', 'package-lock.json'),
    JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'web' }, 'node_modules/@anthropic-ai/sdk': { version: '0.30.1' }, 'node_modules/openai': { version: '4.67.3' }, 'node_modules/x/node_modules/openai': { version: '3.0.0' }, 'node_modules/express': { version: '4.21.1' } } }, null, 2),
  );
}

describe('AI-BOM (CycloneDX 1.6)', function () {
  this.timeout(60_000);
  let root: string;
  let manifests: Manifests;

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'llmsec-bom-'));
    writeManifests(root);
    manifests = readManifests(root, manifestDirsFor(buildFixture({ root }).result));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('validates against the CycloneDX 1.6 JSON schema (strict)', async () => {
    const { result } = buildFixture({ root });
    const bom = buildAiBom(result, manifests);
    await assertValid(bom);
    // The validator does reject a malformed BOM (so the check above means something).
    const broken = { ...bom, components: [{ ...bom.components[0], type: 'llm' }] };
    assert.notEqual(await validator.validate(JSON.stringify(broken)), null);
  });

  it('lists the SDKs with versions from lock files, else the declared constraint', () => {
    const bom = buildAiBom(buildFixture({ root }).result, manifests);
    const pyOpenai = component(bom, 'sdk:pypi/openai');
    assert.equal(pyOpenai.version, '1.54.3');
    assert.equal(pyOpenai.purl, 'pkg:pypi/openai@1.54.3');
    assert.equal(prop(pyOpenai, 'version-constraint'), '>=1.40,<2');
    assert.equal(prop(pyOpenai, 'version-source'), 'pyproject.toml, uv.lock');
    assert.equal(prop(pyOpenai, 'usage'), 'called in code');
    const anthropic = component(bom, 'sdk:npm/@anthropic-ai/sdk');
    assert.equal(anthropic.version, '0.30.1');
    assert.equal(anthropic.purl, 'pkg:npm/%40anthropic-ai/sdk@0.30.1');
    assert.equal(component(bom, 'sdk:npm/openai').version, '4.67.3', 'the top-level copy in the lock file wins');
    const transformers = component(bom, 'sdk:pypi/transformers');
    assert.equal(transformers.version, undefined);
    assert.equal(prop(transformers, 'version-constraint'), '>=4.44');
    assert.equal(component(bom, 'sdk:pypi/torch').version, '2.4.1');
    const langchain = component(bom, 'sdk:npm/@langchain/openai');
    assert.equal(prop(langchain, 'usage'), 'declared in a manifest');
    assert.ok(!bom.components.some((c) => c.name === 'flask' || c.name === 'express'), 'non-AI dependencies stay out');
  });

  it('lists each model with provider, pinning and where it is used', () => {
    const bom = buildAiBom(buildFixture({ root }).result, manifests);
    const gpt = component(bom, 'model:api/openai/gpt-4o');
    assert.equal(gpt.type, 'machine-learning-model');
    assert.deepEqual(gpt.supplier, { name: 'OpenAI' });
    assert.equal(prop(gpt, 'pinned'), 'false');
    assert.deepEqual((gpt.evidence as Json).occurrences, [{ location: 'app/server.py', line: 15, symbol: 'openai.OpenAI().chat.completions.create' }]);
    assert.equal(prop(component(bom, 'model:api/anthropic/claude-3-5-sonnet-20241022'), 'pinned'), 'true');

    const pinned = component(bom, 'model:huggingface-hub/meta-llama/Llama-3.1-8B-Instruct@0e9e39f249a16976918f6564b8830bc894c89659');
    assert.equal(pinned.version, '0e9e39f249a16976918f6564b8830bc894c89659');
    assert.equal(pinned.purl, 'pkg:huggingface/meta-llama/Llama-3.1-8B-Instruct@0e9e39f249a16976918f6564b8830bc894c89659');
    assert.equal(prop(pinned, 'pinned'), 'true');
    const unpinned = component(bom, 'model:huggingface-hub/meta-llama/Llama-3.1-8B-Instruct@unpinned');
    assert.equal(unpinned.version, undefined);
    assert.equal(prop(unpinned, 'pinned'), 'false');
    assert.equal(prop(unpinned, 'trust-remote-code'), 'true');
    assert.match(prop(unpinned, 'pinning') ?? '', /no revision given/);
    assert.deepEqual((unpinned.evidence as Json).occurrences, [{ location: 'ml/load_model.py', line: 5, symbol: 'transformers.AutoModelForCausalLM.from_pretrained' }]);

    const file = component(bom, 'model:local-file/models/classifier.pt@unpinned');
    assert.equal(prop(file, 'model-source'), 'local-file');
    assert.equal(prop(file, 'loaded-with'), 'torch.load');
  });

  it('lists the services called with their endpoints, and the dependency graph', () => {
    const bom = buildAiBom(buildFixture({ root }).result, manifests);
    const endpoints = bom.services.map((s) => [s.name, (s.endpoints as string[] | undefined)?.[0], prop(s, 'endpoint-source')]);
    assert.deepEqual(endpoints, [
      ['Anthropic API', 'https://api.anthropic.com', 'provider default'],
      ['Hugging Face Hub', 'https://huggingface.co', 'provider default'],
      ['OpenAI API', 'http://llm.internal:8000/v1', 'code'],
      ['OpenAI API', 'https://api.openai.com/v1', 'provider default'],
    ]);
    const workspace = bom.dependencies.find((d) => d.ref === 'workspace');
    assert.equal(workspace?.dependsOn.length, bom.components.length + bom.services.length);
    assert.deepEqual(bom.dependencies.find((d) => d.ref === 'sdk:pypi/openai')?.dependsOn, ['service:openai:http://llm.internal:8000/v1']);
    assert.deepEqual(bom.dependencies.find((d) => d.ref === 'sdk:pypi/transformers')?.dependsOn, ['service:huggingface:https://huggingface.co']);
    const refs = new Set([...bom.components, ...bom.services].map((c) => c['bom-ref']));
    assert.equal(refs.size, bom.components.length + bom.services.length, 'bom-refs are unique');
  });

  it('is byte-identical across runs; the serial number is derived from the content', () => {
    const one = serializeBom(buildAiBom(buildFixture({ root }).result, manifests));
    const shuffled = buildFixture({ root }).result;
    shuffled.files.reverse();
    const two = serializeBom(buildAiBom(shuffled, manifests));
    assert.equal(two, one);
    assert.doesNotMatch(one, /"timestamp"/);
    const changed = buildFixture({ root }).result;
    changed.files[0].callSites[0].model = 'gpt-4.1';
    const serialOf = (text: string) => (JSON.parse(text) as CycloneDxBom).serialNumber;
    assert.match(serialOf(one), /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(serialOf(serializeBom(buildAiBom(changed, manifests))), serialOf(one));
    const stamped = buildAiBom(buildFixture({ root }).result, manifests, { timestamp: '2025-03-01T12:00:00Z' });
    assert.equal(stamped.metadata.timestamp, '2025-03-01T12:00:00Z');
  });

  it('keeps models whose name is not a constant, and validates on a large scan', async () => {
    const { result } = buildFixture({ root });
    result.files[0].callSites[0].model = null;
    const bom = buildAiBom(result, { packages: [], notices: [] });
    const dynamic = bom.components.find((c) => prop(c, 'name-resolved') === 'false');
    assert.ok(dynamic);
    assert.match(String(dynamic.name), /name not constant/);
    await assertValid(bom);
    const large = buildLargeFixture(path.join(root, 'big'), 1000).result;
    const big = buildAiBom(large, { packages: [], notices: [] });
    const gpt = big.components.find((c) => c.name === 'gpt-4o-mini');
    assert.equal(((gpt?.evidence as Json).occurrences as unknown[]).length, 500);
    await assertValid(big);
  });
});
