// Fixtures for suppression-without-reason: llmsec-ignore comments that give no justification (TypeScript).
import { execSync } from 'node:child_process';
import { generateText } from 'ai';
import { openai } from '@ai-sdk/openai';
import OpenAI from 'openai';

const HELP = 'Suppress a finding with llmsec-ignore[rule-id]: followed by the reason it is safe.';

export async function renderAnswer(el: HTMLElement, question: string): Promise<void> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: question });
  // ruleid: suppression-without-reason
  el.innerHTML = text; // llmsec-ignore[llm-output-html-injection]
}

export async function renderTrusted(el: HTMLElement): Promise<void> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: 'Return the fixed banner markup.' });
  // ok: suppression-without-reason
  el.innerHTML = text; // llmsec-ignore[llm-output-html-injection]: output is passed through the CSP-sandboxed iframe renderer
}

export async function runSuggestion(task: string): Promise<string> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: task });
  // ruleid: suppression-without-reason
  // llmsec-ignore[llm-output-shell-command]
  return execSync(text, { encoding: 'utf8' });
}

export async function runSandboxed(task: string): Promise<string> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: task });
  // ok: suppression-without-reason
  // llmsec-ignore[llm-output-shell-command]: executed in a disposable firecracker VM with no network, see ADR-022
  return execSync(text, { encoding: 'utf8' });
}

export function localClient(): OpenAI {
  // ruleid: suppression-without-reason
  return new OpenAI({ baseURL: 'http://gpu-box.internal:8000/v1', apiKey: process.env.VLLM_KEY }); // llmsec-ignore[insecure-model-endpoint]:
}

export function documentedClient(): OpenAI {
  // ok: suppression-without-reason
  return new OpenAI({ baseURL: 'http://gpu-box.internal:8000/v1', apiKey: process.env.VLLM_KEY }); // llmsec-ignore[insecure-model-endpoint]: isolated lab VLAN, traffic never leaves the rack
}

export function help(): string {
  // ok: suppression-without-reason
  return `${HELP} Example: // llmsec-ignore[hardcoded-api-key]`;
}

export function otherTools(): void {
  // ok: suppression-without-reason
  // eslint-disable-next-line no-console
  console.log(HELP);
}
