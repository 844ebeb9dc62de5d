/**
 * The AI bill of materials (`llmsec bom`): a CycloneDX 1.6 JSON document listing the AI in the
 * workspace, built from the scan's call sites and model sources plus the dependency manifests.
 *
 *   buildAiBom(result: ScanResult, manifests: Manifests, options?: BomOptions): CycloneDxBom
 *   serializeBom(bom: CycloneDxBom): string     pretty JSON + newline
 *
 * Contents:
 * - library components: the LLM SDKs and model frameworks the code calls through, and AI packages
 *   declared in manifests, with the locked / pinned version (or the declared constraint);
 * - machine-learning-model components: each model named in code (hosted API models with their
 *   provider; Hub models with the pinned revision or the fact that none is pinned; model files
 *   loaded from disk or a URL), with every place it is used as evidence occurrences;
 * - data components for datasets loaded from the Hub;
 * - services: the provider APIs called, with the endpoint from code or the provider's default;
 * - dependencies: the workspace depends on all of them; each SDK on the services it calls.
 * Deterministic: sorted, no timestamp unless options.timestamp is given, and the serialNumber is
 * a name-based (v5) UUID of the content.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { LlmCallSite, Location, ModelSource, ScanResult } from '../engine/findings';
import {
  defaultProviderEndpoint,
  isAiPackage,
  isFrameworkProvider,
  normalizePypiName,
  npmPackageOfModule,
  providerDisplayName,
  pypiCandidatesOfModule,
  type Ecosystem,
} from './ai-packages';
import { canonicalJson } from './json';
import { lookupPackage, type Manifests } from './manifests';
import { compareLocations, compareStrings, sortedFiles } from './order';
import { displayPath } from './paths';
import { TOOL_NAME, TOOL_VERSION } from './tool-info';

export interface BomOptions {
  /** ISO 8601 time written to metadata.timestamp; omitted by default so runs are reproducible. */
  timestamp?: string;
  /** Name of the workspace component (default: the root folder's name). */
  name?: string;
  toolVersion?: string;
}

type Json = Record<string, unknown>;

export interface CycloneDxBom {
  $schema: string;
  bomFormat: 'CycloneDX';
  specVersion: '1.6';
  serialNumber: string;
  version: 1;
  metadata: Json;
  components: Json[];
  services: Json[];
  dependencies: Array<{ ref: string; dependsOn: string[] }>;
}

interface Occurrence {
  location: string;
  line: number;
  symbol: string;
}

interface Property {
  name: string;
  value: string;
}

const ROOT_REF = 'workspace';

function occurrence(root: string, loc: Location, symbol: string): Occurrence {
  return { location: displayPath(root, loc.file), line: loc.range.start.line + 1, symbol };
}

function sortOccurrences(list: Occurrence[]): Occurrence[] {
  const seen = new Set<string>();
  return list
    .sort((a, b) => compareStrings(a.location, b.location) || a.line - b.line || compareStrings(a.symbol, b.symbol))
    .filter((o) => {
      const key = `${o.location}\u0000${o.line}\u0000${o.symbol}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function props(entries: Array<[string, string | undefined]>): Property[] {
  return entries.filter((e): e is [string, string] => e[1] !== undefined).map(([name, value]) => ({ name: `llmsec:${name}`, value }));
}

function purl(ecosystem: Ecosystem, name: string, version?: string): string {
  const encodedName = ecosystem === 'npm' && name.startsWith('@') ? `%40${name.slice(1)}` : name;
  return `pkg:${ecosystem}/${encodedName}${version ? `@${encodeURIComponent(version)}` : ''}`;
}

/** A dated model name is a fixed snapshot; an alias (`gpt-4o`) can change behind the name. */
function isDatedSnapshot(model: string): boolean {
  // 2024-08-06 / 20241022 dates, 0613 / 2407 month stamps, 002 revision suffixes.
  return /[-_@](?:20\d\d-?[01]\d-?[0-3]\d|\d{3,4})$/.test(model);
}

function uuidV5(name: string): string {
  // RFC 4122 name-based UUID (SHA-1) in the URL namespace.
  const namespace = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

interface SdkUse {
  ecosystem: Ecosystem;
  name: string;
  providers: Set<string>;
  occurrences: Occurrence[];
  services: Set<string>;
  called: boolean;
}

/** Which distribution a module import came from: a declared name if any matches, else the module's own. */
function sdkPackage(manifests: Manifests, ecosystem: Ecosystem, module: string): string {
  if (ecosystem === 'npm') {
    // npm names may contain dots (chart.js), so prefer a declared package the module starts with.
    const declared = manifests.packages
      .filter((p) => p.ecosystem === 'npm' && (module === p.name || module.startsWith(`${p.name}.`) || module.startsWith(`${p.name}/`)))
      .map((p) => p.name)
      .sort((a, b) => b.length - a.length || compareStrings(a, b))[0];
    return declared ?? npmPackageOfModule(module).replace(/\..*$/, '');
  }
  const candidates = pypiCandidatesOfModule(module);
  for (const c of candidates) if (lookupPackage(manifests, 'pypi', c)) return c;
  const top = module.split('.')[0];
  // Namespace packages (google.genai) are distributed under their two first segments.
  return top === 'google' && candidates.length > 1 ? candidates[candidates.length - 2] : candidates[candidates.length - 1];
}

function ecosystemOf(language: string): Ecosystem {
  return language === 'python' ? 'pypi' : 'npm';
}

function serviceRef(provider: string, endpoint: string | undefined): string {
  return `service:${provider}${endpoint ? `:${endpoint}` : ''}`;
}

export function buildAiBom(result: ScanResult, manifests: Manifests, options: BomOptions = {}): CycloneDxBom {
  const root = result.root;
  const files = sortedFiles(result);
  const callSites: Array<{ site: LlmCallSite; ecosystem: Ecosystem }> = [];
  const modelSources: Array<{ source: ModelSource; ecosystem: Ecosystem }> = [];
  for (const f of files) {
    for (const site of f.callSites) callSites.push({ site, ecosystem: ecosystemOf(f.language) });
    for (const source of f.modelSources) modelSources.push({ source, ecosystem: ecosystemOf(f.language) });
  }
  callSites.sort((a, b) => compareLocations(a.site.location, b.site.location));
  modelSources.sort((a, b) => compareLocations(a.source.location, b.source.location));

  // Services: one per provider and endpoint.
  const services = new Map<string, { provider: string; endpoint?: string; fromCode: boolean; apis: Set<string>; streaming: boolean; uses: Occurrence[] }>();
  const addService = (provider: string, endpoint: string | null, api: string, streaming: boolean, occ: Occurrence): string => {
    const resolved = endpoint ?? defaultProviderEndpoint(provider);
    const ref = serviceRef(provider, resolved);
    const s = services.get(ref) ?? { provider, endpoint: resolved, fromCode: endpoint !== null, apis: new Set<string>(), streaming: false, uses: [] };
    s.apis.add(api);
    s.streaming ||= streaming;
    s.uses.push(occ);
    services.set(ref, s);
    return ref;
  };

  // SDKs: from call sites (called) and from manifests (declared AI packages).
  const sdks = new Map<string, SdkUse>();
  const sdkKey = (ecosystem: Ecosystem, name: string) => `${ecosystem}:${name}`;
  const useSdk = (ecosystem: Ecosystem, name: string): SdkUse => {
    const key = sdkKey(ecosystem, name);
    const existing = sdks.get(key);
    if (existing) return existing;
    const created: SdkUse = { ecosystem, name, providers: new Set(), occurrences: [], services: new Set(), called: false };
    sdks.set(key, created);
    return created;
  };

  // Models named in calls to hosted APIs.
  const apiModels = new Map<string, { provider: string; model: string | null; uses: Occurrence[] }>();
  for (const { site, ecosystem } of callSites) {
    const occ = occurrence(root, site.location, site.api);
    const ref = addService(site.provider, site.endpoint, site.api, site.streaming, occ);
    const sdk = useSdk(ecosystem, sdkPackage(manifests, ecosystem, site.sdk));
    sdk.called = true;
    sdk.providers.add(site.provider);
    sdk.occurrences.push(occ);
    sdk.services.add(ref);
    const key = `${site.provider}\u0000${site.model ?? ''}`;
    const m = apiModels.get(key) ?? { provider: site.provider, model: site.model, uses: [] };
    m.uses.push(occ);
    apiModels.set(key, m);
  }

  // Model artefacts: Hub ids, files, URLs.
  const artefacts = new Map<string, { source: ModelSource; uses: Occurrence[]; apis: Set<string>; trustRemoteCode: boolean }>();
  for (const { source, ecosystem } of modelSources) {
    const occ = occurrence(root, source.location, source.api);
    const key = `${source.kind}\u0000${source.name ?? `(${source.api})`}\u0000${source.pinned ? (source.revision ?? '') : 'unpinned'}`;
    const a = artefacts.get(key) ?? { source, uses: [], apis: new Set<string>(), trustRemoteCode: false };
    a.uses.push(occ);
    a.apis.add(source.api);
    a.trustRemoteCode ||= source.trustRemoteCode;
    artefacts.set(key, a);
    const lib = useSdk(ecosystem, sdkPackage(manifests, ecosystem, source.api.split('.').slice(0, -1).join('.') || source.api));
    lib.called = true;
    lib.occurrences.push(occ);
    if (source.kind === 'huggingface-hub') lib.services.add(addService('huggingface', null, source.api, false, occ));
  }

  for (const p of manifests.packages) if (isAiPackage(p.ecosystem, p.name)) useSdk(p.ecosystem, p.name);

  const components: Json[] = [];

  for (const sdk of [...sdks.values()].sort((a, b) => compareStrings(a.ecosystem, b.ecosystem) || compareStrings(a.name, b.name))) {
    const found = lookupPackage(manifests, sdk.ecosystem, sdk.name);
    const name = sdk.ecosystem === 'pypi' ? normalizePypiName(sdk.name) : sdk.name;
    const component: Json = {
      type: 'library',
      'bom-ref': `sdk:${sdk.ecosystem}/${name}`,
      name,
      ...(found?.version ? { version: found.version } : {}),
      purl: purl(sdk.ecosystem, name, found?.version),
      properties: props([
        ['ecosystem', sdk.ecosystem],
        ['usage', sdk.called ? 'called in code' : 'declared in a manifest'],
        ['version-constraint', found?.constraint],
        ['version-source', found ? found.sources.join(', ') : 'not found in any manifest or lock file'],
        ['providers', sdk.providers.size ? [...sdk.providers].sort(compareStrings).join(', ') : undefined],
      ]),
    };
    if (sdk.occurrences.length) component.evidence = { occurrences: sortOccurrences(sdk.occurrences) };
    components.push(component);
  }

  for (const m of [...apiModels.values()].sort((a, b) => compareStrings(a.provider, b.provider) || compareStrings(a.model ?? '', b.model ?? ''))) {
    const provider = providerDisplayName(m.provider);
    const framework = isFrameworkProvider(m.provider);
    const snapshot = m.model !== null && isDatedSnapshot(m.model);
    const via = framework ? `called through ${provider}` : `served by ${provider}`;
    components.push({
      type: 'machine-learning-model',
      'bom-ref': `model:api/${m.provider}/${m.model ?? '(not constant)'}`,
      name: m.model ?? `${provider} model (name not constant)`,
      // A framework (LangChain, Vercel AI SDK) is not the model's supplier; the provider behind it is unknown here.
      ...(framework ? {} : { supplier: { name: provider } }),
      description: m.model === null ? `A model ${via}, chosen at run time: the code does not name it as a constant.` : `Hosted model ${via}.`,
      properties: props([
        ['model-source', 'hosted-api'],
        ['provider', m.provider],
        ['name-resolved', String(m.model !== null)],
        ['pinned', String(snapshot)],
        ['pinning', m.model === null ? 'unknown' : snapshot ? 'dated snapshot name' : 'alias: the provider may change the model behind this name'],
      ]),
      evidence: { occurrences: sortOccurrences(m.uses) },
    });
  }

  for (const a of [...artefacts.entries()].sort(([x], [y]) => compareStrings(x, y)).map(([, v]) => v)) {
    const s = a.source;
    const isHub = s.kind === 'huggingface-hub';
    const isDataset = [...a.apis].some((api) => /load_dataset|datasets\./.test(api));
    const name = s.name ?? `model loaded by ${s.api} (name not constant)`;
    const component: Json = {
      type: isDataset ? 'data' : 'machine-learning-model',
      'bom-ref': `${isDataset ? 'data' : 'model'}:${s.kind}/${name}@${s.pinned ? s.revision : 'unpinned'}`,
      name,
      ...(s.pinned && s.revision ? { version: s.revision } : {}),
      ...(isHub ? { supplier: { name: 'Hugging Face Hub' } } : {}),
      ...(isHub && s.name ? { purl: `pkg:huggingface/${s.name}${s.pinned && s.revision ? `@${s.revision.toLowerCase()}` : ''}` } : {}),
      ...(isHub && s.name ? { externalReferences: [{ type: 'distribution', url: `https://huggingface.co/${s.name}` }] } : {}),
      ...(s.kind === 'url' && s.name ? { externalReferences: [{ type: 'distribution', url: s.name }] } : {}),
      ...(isDataset ? { data: [{ type: 'dataset', name }] } : {}),
      properties: props([
        ['model-source', s.kind],
        ['name-resolved', String(s.name !== null)],
        ['pinned', String(s.pinned)],
        ['revision', s.revision ?? undefined],
        ['pinning', s.pinned ? 'full commit SHA' : s.revision ? `not a commit SHA: ${s.revision}` : isHub ? 'no revision given: the latest commit of the default branch is loaded' : 'not applicable'],
        ['trust-remote-code', String(a.trustRemoteCode)],
        ['loaded-with', [...a.apis].sort(compareStrings).join(', ')],
      ]),
      evidence: { occurrences: sortOccurrences(a.uses) },
    };
    components.push(component);
  }

  const serviceList: Json[] = [...services.entries()]
    .sort(([x], [y]) => compareStrings(x, y))
    .map(([ref, s]) => {
      const provider = providerDisplayName(s.provider);
      const framework = isFrameworkProvider(s.provider);
      return {
        'bom-ref': ref,
        ...(framework ? {} : { provider: { name: provider } }),
        name: s.provider === 'huggingface' ? 'Hugging Face Hub' : framework ? `Model provider API called through ${provider}` : `${provider} API`,
        ...(s.endpoint ? { endpoints: [s.endpoint] } : {}),
        'x-trust-boundary': true,
        properties: [
          ...props([
            ['endpoint-source', s.endpoint === undefined ? 'unknown (set by configuration or environment)' : s.fromCode ? 'code' : 'provider default'],
            ['apis', [...s.apis].sort(compareStrings).join(', ')],
            ['streaming', String(s.streaming)],
          ]),
          ...sortOccurrences(s.uses).map((o) => ({ name: 'llmsec:used-at', value: `${o.location}:${o.line}` })),
        ],
      };
    });

  const componentRefs = components.map((c) => c['bom-ref'] as string);
  const serviceRefs = serviceList.map((s) => s['bom-ref'] as string);
  const dependencies = [
    { ref: ROOT_REF, dependsOn: [...componentRefs, ...serviceRefs].sort(compareStrings) },
    ...[...sdks.values()].map((sdk) => ({
      ref: `sdk:${sdk.ecosystem}/${sdk.ecosystem === 'pypi' ? normalizePypiName(sdk.name) : sdk.name}`,
      dependsOn: [...sdk.services].sort(compareStrings),
    })),
    ...componentRefs.filter((r) => !r.startsWith('sdk:')).map((ref) => ({ ref, dependsOn: [] as string[] })),
    ...serviceRefs.map((ref) => ({ ref, dependsOn: [] as string[] })),
  ].sort((a, b) => compareStrings(a.ref, b.ref));

  const version = options.toolVersion ?? TOOL_VERSION;
  const body = {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX' as const,
    specVersion: '1.6' as const,
    serialNumber: '',
    version: 1 as const,
    metadata: {
      ...(options.timestamp ? { timestamp: options.timestamp } : {}),
      lifecycles: [{ phase: 'build' }],
      tools: { components: [{ type: 'application', name: TOOL_NAME, version }] },
      component: { type: 'application', 'bom-ref': ROOT_REF, name: options.name ?? (path.basename(path.resolve(root)) || 'workspace') },
    },
    components,
    services: serviceList,
    dependencies,
  };
  // The serial number names the content: the same workspace state always gets the same one.
  body.serialNumber = `urn:uuid:${uuidV5(canonicalJson({ ...body, serialNumber: undefined }, 0))}`;
  return body;
}

export function serializeBom(bom: CycloneDxBom): string {
  return `${JSON.stringify(bom, null, 2)}\n`;
}
