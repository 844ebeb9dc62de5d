/**
 * Names and links for the standards identifiers that findings carry (Finding.tags), taken only
 * from the project's verified reference (shared/standards-reference.md). Reports use this to
 * show a name next to an id and to link it.
 *
 *   owaspName(id: string): string | undefined          'LLM01:2025' -> 'Prompt Injection'
 *   owaspUrl(id: string): string | undefined           2025 ids only (the 2026 pages are not listed)
 *   owaspCategories(edition: OwaspEdition): string[]   'LLM01:2025' .. 'LLM10:2025'
 *   isoControlName(id: string): string | undefined     'A.6.2.4' -> 'AI system verification and validation'
 *   ISO_42001_CONTROLS: readonly IsoControl[]          all 38 Annex A controls, in document order
 *   cweUrl(id: string): string | undefined             'CWE-78' -> https://cwe.mitre.org/data/definitions/78.html
 *   atlasUrl(id: string): string | undefined           'AML.T0051.000' -> https://atlas.mitre.org/techniques/AML.T0051.000
 *   standardsTagList(tags: StandardsTags): string[]     every id, in a fixed order, for SARIF tags
 */
import type { StandardsTags } from '../engine/findings';

export type OwaspEdition = '2025' | '2026';

const OWASP_2025: ReadonlyArray<[string, string, string]> = [
  ['LLM01:2025', 'Prompt Injection', 'https://genai.owasp.org/llmrisk/llm01-prompt-injection/'],
  ['LLM02:2025', 'Sensitive Information Disclosure', 'https://genai.owasp.org/llmrisk/llm022025-sensitive-information-disclosure/'],
  ['LLM03:2025', 'Supply Chain', 'https://genai.owasp.org/llmrisk/llm032025-supply-chain/'],
  ['LLM04:2025', 'Data and Model Poisoning', 'https://genai.owasp.org/llmrisk/llm042025-data-and-model-poisoning/'],
  ['LLM05:2025', 'Improper Output Handling', 'https://genai.owasp.org/llmrisk/llm052025-improper-output-handling/'],
  ['LLM06:2025', 'Excessive Agency', 'https://genai.owasp.org/llmrisk/llm062025-excessive-agency/'],
  ['LLM07:2025', 'System Prompt Leakage', 'https://genai.owasp.org/llmrisk/llm072025-system-prompt-leakage/'],
  ['LLM08:2025', 'Vector and Embedding Weaknesses', 'https://genai.owasp.org/llmrisk/llm082025-vector-and-embedding-weaknesses/'],
  ['LLM09:2025', 'Misinformation', 'https://genai.owasp.org/llmrisk/llm092025-misinformation/'],
  ['LLM10:2025', 'Unbounded Consumption', 'https://genai.owasp.org/llmrisk/llm102025-unbounded-consumption/'],
];

const OWASP_2026_NAMES = [
  'Prompt Injection',
  'Sensitive Information Disclosure',
  'Excessive Agency',
  'Supply Chain',
  'Data and Model Poisoning',
  'Unbounded Consumption',
  'Misinformation',
  'Hidden Context Exposure',
  'Vector and Embedding Weaknesses',
  'Improper Output Handling',
];

const OWASP_NAMES = new Map<string, string>([
  ...OWASP_2025.map(([id, name]) => [id, name] as [string, string]),
  ...OWASP_2026_NAMES.map((name, i) => [`LLM${String(i + 1).padStart(2, '0')}:2026`, name] as [string, string]),
]);
const OWASP_URLS = new Map<string, string>(OWASP_2025.map(([id, , url]) => [id, url]));

export function owaspName(id: string): string | undefined {
  return OWASP_NAMES.get(id);
}

export function owaspUrl(id: string): string | undefined {
  return OWASP_URLS.get(id);
}

export function owaspCategories(edition: OwaspEdition): string[] {
  return Array.from({ length: 10 }, (_, i) => `LLM${String(i + 1).padStart(2, '0')}:${edition}`);
}

export interface IsoControl {
  id: string;
  name: string;
  /** The Annex A objective the control belongs to ('A.6'). */
  objective: string;
}

const ISO_OBJECTIVES: ReadonlyArray<[string, string, ReadonlyArray<[string, string]>]> = [
  ['A.2', 'Policies related to AI', [['A.2.2', 'AI policy'], ['A.2.3', 'Alignment with other organizational policies'], ['A.2.4', 'Review of the AI policy']]],
  ['A.3', 'Internal organization', [['A.3.2', 'AI roles and responsibilities'], ['A.3.3', 'Reporting of concerns']]],
  ['A.4', 'Resources for AI systems', [['A.4.2', 'Resource documentation'], ['A.4.3', 'Data resources'], ['A.4.4', 'Tooling resources'], ['A.4.5', 'System and computing resources'], ['A.4.6', 'Human resources']]],
  ['A.5', 'Assessing impacts of AI systems', [['A.5.2', 'AI system impact assessment process'], ['A.5.3', 'Documentation of AI system impact assessments'], ['A.5.4', 'Assessing AI system impact on individuals or groups of individuals'], ['A.5.5', 'Assessing societal impacts of AI systems']]],
  ['A.6', 'AI system life cycle', [
    ['A.6.1.2', 'Objectives for responsible development of AI system'],
    ['A.6.1.3', 'Processes for responsible AI system design and development'],
    ['A.6.2.2', 'AI system requirements and specification'],
    ['A.6.2.3', 'Documentation of AI system design and development'],
    ['A.6.2.4', 'AI system verification and validation'],
    ['A.6.2.5', 'AI system deployment'],
    ['A.6.2.6', 'AI system operation and monitoring'],
    ['A.6.2.7', 'AI system technical documentation'],
    ['A.6.2.8', 'AI system recording of event logs'],
  ]],
  ['A.7', 'Data for AI systems', [['A.7.2', 'Data for development and enhancement of AI system'], ['A.7.3', 'Acquisition of data'], ['A.7.4', 'Quality of data for AI systems'], ['A.7.5', 'Data provenance'], ['A.7.6', 'Data preparation']]],
  ['A.8', 'Information for interested parties of AI systems', [['A.8.2', 'System documentation and information for users'], ['A.8.3', 'External reporting'], ['A.8.4', 'Communication of incidents'], ['A.8.5', 'Information for interested parties']]],
  ['A.9', 'Use of AI systems', [['A.9.2', 'Processes for responsible use of AI systems'], ['A.9.3', 'Objectives for responsible use of AI system'], ['A.9.4', 'Intended use of the AI system']]],
  ['A.10', 'Third-party and customer relationships', [['A.10.2', 'Allocating responsibilities'], ['A.10.3', 'Suppliers'], ['A.10.4', 'Customers']]],
];

export const ISO_42001_CONTROLS: readonly IsoControl[] = ISO_OBJECTIVES.flatMap(([objective, , controls]) =>
  controls.map(([id, name]) => ({ id, name, objective })),
);

const ISO_OBJECTIVE_NAMES = new Map(ISO_OBJECTIVES.map(([id, name]) => [id, name]));
const ISO_CONTROL_NAMES = new Map(ISO_42001_CONTROLS.map((c) => [c.id, c.name]));

export function isoControlName(id: string): string | undefined {
  return ISO_CONTROL_NAMES.get(id);
}

export function isoObjectiveName(id: string): string | undefined {
  return ISO_OBJECTIVE_NAMES.get(id);
}

/** Position of a control in Annex A, for sorting; unknown ids sort last. */
export function isoControlOrder(id: string): number {
  const i = ISO_42001_CONTROLS.findIndex((c) => c.id === id);
  return i < 0 ? ISO_42001_CONTROLS.length : i;
}

export function cweUrl(id: string): string | undefined {
  const m = /^CWE-(\d+)$/.exec(id);
  return m ? `https://cwe.mitre.org/data/definitions/${m[1]}.html` : undefined;
}

export function atlasUrl(id: string): string | undefined {
  if (/^AML\.T\d{4}(\.\d{3})?$/.test(id)) return `https://atlas.mitre.org/techniques/${id}`;
  if (/^AML\.M\d{4}$/.test(id)) return `https://atlas.mitre.org/mitigations/${id}`;
  return undefined;
}

/** A link for any standards id we know how to link, else undefined. */
export function standardUrl(id: string): string | undefined {
  return owaspUrl(id) ?? cweUrl(id) ?? atlasUrl(id);
}

/** All ids of a tag set in a fixed order: OWASP 2025, OWASP 2026, ISO, CWE, ATLAS. */
export function standardsTagList(tags: StandardsTags): string[] {
  const isoTags = tags.iso42001.map((c) => `ISO-42001:${c}`);
  return [...tags.owasp2025, ...tags.owasp2026, ...isoTags, ...tags.cwe, ...tags.atlas];
}
