/** Types of llm-app-code.mjs, for the tests that use its generated LLM-application files. */
export function prng(seed: number): () => number;
export function generateLlmApp(language: 'python' | 'typescript', lines: number, seed?: number, options?: { plainShare?: number }): string;
