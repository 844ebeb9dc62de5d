/**
 * The standards catalogue: names and links for the identifiers rules cite, taken only from
 * shared/standards-reference.md (verified). Faces use it for hovers, SARIF tags and reports.
 */

export const OWASP_2025: Record<string, { name: string; url: string }> = {
  'LLM01:2025': { name: 'Prompt Injection', url: 'https://genai.owasp.org/llmrisk/llm01-prompt-injection/' },
  'LLM02:2025': { name: 'Sensitive Information Disclosure', url: 'https://genai.owasp.org/llmrisk/llm022025-sensitive-information-disclosure/' },
  'LLM03:2025': { name: 'Supply Chain', url: 'https://genai.owasp.org/llmrisk/llm032025-supply-chain/' },
  'LLM04:2025': { name: 'Data and Model Poisoning', url: 'https://genai.owasp.org/llmrisk/llm042025-data-and-model-poisoning/' },
  'LLM05:2025': { name: 'Improper Output Handling', url: 'https://genai.owasp.org/llmrisk/llm052025-improper-output-handling/' },
  'LLM06:2025': { name: 'Excessive Agency', url: 'https://genai.owasp.org/llmrisk/llm062025-excessive-agency/' },
  'LLM07:2025': { name: 'System Prompt Leakage', url: 'https://genai.owasp.org/llmrisk/llm072025-system-prompt-leakage/' },
  'LLM08:2025': { name: 'Vector and Embedding Weaknesses', url: 'https://genai.owasp.org/llmrisk/llm082025-vector-and-embedding-weaknesses/' },
  'LLM09:2025': { name: 'Misinformation', url: 'https://genai.owasp.org/llmrisk/llm092025-misinformation/' },
  'LLM10:2025': { name: 'Unbounded Consumption', url: 'https://genai.owasp.org/llmrisk/llm102025-unbounded-consumption/' },
};

/** The 2026 edition, in order LLM01..LLM10. No per-risk page links are recorded for it. */
export const OWASP_2026: Record<string, { name: string }> = {
  'LLM01:2026': { name: 'Prompt Injection' },
  'LLM02:2026': { name: 'Sensitive Information Disclosure' },
  'LLM03:2026': { name: 'Excessive Agency' },
  'LLM04:2026': { name: 'Supply Chain' },
  'LLM05:2026': { name: 'Data and Model Poisoning' },
  'LLM06:2026': { name: 'Unbounded Consumption' },
  'LLM07:2026': { name: 'Misinformation' },
  'LLM08:2026': { name: 'Hidden Context Exposure' },
  'LLM09:2026': { name: 'Vector and Embedding Weaknesses' },
  'LLM10:2026': { name: 'Improper Output Handling' },
};

export const OWASP_2026_LIST_URL = 'https://genai.owasp.org/llm-top-10/';

export const ISO_42001_CONTROLS: Record<string, string> = {
  'A.2.2': 'AI policy',
  'A.2.3': 'Alignment with other organizational policies',
  'A.2.4': 'Review of the AI policy',
  'A.3.2': 'AI roles and responsibilities',
  'A.3.3': 'Reporting of concerns',
  'A.4.2': 'Resource documentation',
  'A.4.3': 'Data resources',
  'A.4.4': 'Tooling resources',
  'A.4.5': 'System and computing resources',
  'A.4.6': 'Human resources',
  'A.5.2': 'AI system impact assessment process',
  'A.5.3': 'Documentation of AI system impact assessments',
  'A.5.4': 'Assessing AI system impact on individuals or groups of individuals',
  'A.5.5': 'Assessing societal impacts of AI systems',
  'A.6.1.2': 'Objectives for responsible development of AI system',
  'A.6.1.3': 'Processes for responsible AI system design and development',
  'A.6.2.2': 'AI system requirements and specification',
  'A.6.2.3': 'Documentation of AI system design and development',
  'A.6.2.4': 'AI system verification and validation',
  'A.6.2.5': 'AI system deployment',
  'A.6.2.6': 'AI system operation and monitoring',
  'A.6.2.7': 'AI system technical documentation',
  'A.6.2.8': 'AI system recording of event logs',
  'A.7.2': 'Data for development and enhancement of AI system',
  'A.7.3': 'Acquisition of data',
  'A.7.4': 'Quality of data for AI systems',
  'A.7.5': 'Data provenance',
  'A.7.6': 'Data preparation',
  'A.8.2': 'System documentation and information for users',
  'A.8.3': 'External reporting',
  'A.8.4': 'Communication of incidents',
  'A.8.5': 'Information for interested parties',
  'A.9.2': 'Processes for responsible use of AI systems',
  'A.9.3': 'Objectives for responsible use of AI system',
  'A.9.4': 'Intended use of the AI system',
  'A.10.2': 'Allocating responsibilities',
  'A.10.3': 'Suppliers',
  'A.10.4': 'Customers',
};

export const CWE_NAMES: Record<string, string> = {
  'CWE-1427': 'Improper Neutralization of Input Used for LLM Prompting',
  'CWE-1426': 'Improper Validation of Generative AI Output',
  'CWE-94': 'Code Injection',
  'CWE-95': 'Eval Injection',
  'CWE-78': 'OS Command Injection',
  'CWE-77': 'Command Injection',
  'CWE-89': 'SQL Injection',
  'CWE-79': 'Cross-site Scripting',
  'CWE-502': 'Deserialization of Untrusted Data',
  'CWE-494': 'Download of Code Without Integrity Check',
  'CWE-798': 'Use of Hard-coded Credentials',
  'CWE-829': 'Inclusion of Functionality from Untrusted Control Sphere',
  'CWE-20': 'Improper Input Validation',
  'CWE-400': 'Uncontrolled Resource Consumption',
};

export const ATLAS_NAMES: Record<string, string> = {
  'AML.T0051': 'LLM Prompt Injection',
  'AML.T0051.000': 'LLM Prompt Injection: Direct',
  'AML.T0051.001': 'LLM Prompt Injection: Indirect',
  'AML.T0051.002': 'LLM Prompt Injection: Triggered',
  'AML.T0054': 'LLM Jailbreak',
  'AML.T0010': 'AI Supply Chain Compromise',
  'AML.T0010.001': 'AI Supply Chain Compromise: AI Software',
  'AML.T0010.002': 'AI Supply Chain Compromise: Data',
  'AML.T0010.003': 'AI Supply Chain Compromise: Model',
  'AML.T0010.005': 'AI Supply Chain Compromise: AI Agent Tool',
  'AML.T0058': 'Publish Poisoned Models',
  'AML.T0018': 'Manipulate AI Model',
  'AML.T0053': 'AI Agent Tool Invocation',
  'AML.T0057': 'LLM Data Leakage',
  'AML.T0056': 'Extract LLM System Prompt',
  'AML.T0024': 'Exfiltration via AI Inference API',
  'AML.T0011.000': 'User Execution: Unsafe AI Artifacts',
  'AML.T0050': 'Command and Scripting Interpreter',
  'AML.T0077': 'LLM Response Rendering',
  'AML.T0055': 'Unsecured Credentials',
  'AML.T0029': 'Denial of AI Service',
  'AML.T0034': 'Cost Harvesting',
  'AML.M0004': 'Restrict Number of AI Model Queries',
  'AML.M0011': 'Restrict Library Loading',
  'AML.M0014': 'Verify AI Artifacts',
  'AML.M0020': 'Generative AI Guardrails',
  'AML.M0023': 'AI Bill of Materials',
  'AML.M0024': 'AI Telemetry Logging',
  'AML.M0028': 'AI Agent Tools Permissions Configuration',
  'AML.M0029': 'Human In-the-Loop for AI Agent Actions',
  'AML.M0030': 'Restrict AI Agent Tool Invocation on Untrusted Data',
  'AML.M0033': 'Input and Output Validation for AI Agent Components',
};

export function owaspUrl(id: string): string {
  return OWASP_2025[id]?.url ?? OWASP_2026_LIST_URL;
}

export function owaspName(id: string): string | undefined {
  return OWASP_2025[id]?.name ?? OWASP_2026[id]?.name;
}

export function cweUrl(id: string): string {
  return `https://cwe.mitre.org/data/definitions/${id.replace(/^CWE-/, '')}.html`;
}

export function atlasUrl(id: string): string {
  const kind = /^AML\.M/.test(id) ? 'mitigations' : 'techniques';
  return `https://atlas.mitre.org/${kind}/${id}`;
}

/** Every identifier a rule cites must be one of these; the loader rejects the others. */
export function unknownStandardIds(tags: { owasp2025: string[]; owasp2026: string[]; iso42001: string[]; cwe: string[]; atlas: string[] }): string[] {
  return [
    ...tags.owasp2025.filter((id) => !OWASP_2025[id]),
    ...tags.owasp2026.filter((id) => !OWASP_2026[id]),
    ...tags.iso42001.filter((id) => !ISO_42001_CONTROLS[id]),
    ...tags.cwe.filter((id) => !CWE_NAMES[id]),
    ...tags.atlas.filter((id) => !ATLAS_NAMES[id]),
  ];
}
