// Fixtures for insecure-model-endpoint: LLM clients pointed at plain http:// remote hosts (TypeScript).
import OpenAI, { AzureOpenAI } from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { createOpenAI } from '@ai-sdk/openai';
import { createOllama } from 'ollama-ai-provider';
import { Ollama } from 'ollama';
import { ChatOpenAI } from '@langchain/openai';
import axios from 'axios';

export function vllmClient(): OpenAI {
  // ruleid: insecure-model-endpoint
  return new OpenAI({ baseURL: 'http://10.0.3.17:8000/v1', apiKey: process.env.VLLM_API_KEY });
}

export function azureClient(): AzureOpenAI {
  // ruleid: insecure-model-endpoint
  return new AzureOpenAI({ endpoint: 'http://acme-openai.corp.example.com', apiKey: process.env.AZURE_OPENAI_API_KEY, apiVersion: '2024-10-21' });
}

export function proxyAnthropic(): Anthropic {
  // ruleid: insecure-model-endpoint
  return new Anthropic({ baseURL: 'http://llm-gateway.corp.example.com/anthropic', apiKey: process.env.ANTHROPIC_API_KEY });
}

export function aiSdkProvider() {
  // ruleid: insecure-model-endpoint
  const gateway = createOpenAI({ baseURL: 'http://llm-gateway.corp.example.com/v1', apiKey: process.env.GATEWAY_KEY });
  return gateway('gpt-4o-mini');
}

export function remoteOllama(): Ollama {
  // ruleid: insecure-model-endpoint
  return new Ollama({ host: 'http://gpu-box.internal:11434' });
}

export function remoteOllamaProvider() {
  // ruleid: insecure-model-endpoint
  const provider = createOllama({ baseURL: 'http://gpu-box.internal:11434/api' });
  return provider('llama3.1');
}

export function langchainRemote(): ChatOpenAI {
  // ruleid: insecure-model-endpoint
  return new ChatOpenAI({ model: 'llama-3.1-70b', configuration: { baseURL: 'http://inference.corp.example.com/v1' } });
}

// ---------------------------------------------------------------- look-alikes that stay silent

export function hostedClient(): OpenAI {
  // ok: insecure-model-endpoint
  return new OpenAI({ baseURL: 'https://api.groq.com/openai/v1', apiKey: process.env.GROQ_API_KEY });
}

export function localVllm(): OpenAI {
  // ok: insecure-model-endpoint
  return new OpenAI({ baseURL: 'http://localhost:8000/v1', apiKey: 'EMPTY' });
}

export function localOllama(): Ollama {
  // ok: insecure-model-endpoint
  return new Ollama({ host: 'http://127.0.0.1:11434' });
}

export function ipv6Ollama() {
  // ok: insecure-model-endpoint
  const provider = createOllama({ baseURL: 'http://[::1]:11434/api' });
  return provider('llama3.1');
}

export function envEndpoint(): OpenAI {
  // ok: insecure-model-endpoint
  return new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: process.env.OPENAI_API_KEY });
}

export function secureLangchain(): ChatOpenAI {
  // ok: insecure-model-endpoint
  return new ChatOpenAI({ model: 'gpt-4o-mini', configuration: { baseURL: 'https://llm-gateway.corp.example.com/v1' } });
}

export function metricsClient() {
  // ok: insecure-model-endpoint
  return axios.create({ baseURL: 'http://metrics.corp.example.com:9090' });
}

export function docsLink(): string {
  // ok: insecure-model-endpoint
  return 'See http://wiki.corp.example.com/llm-gateway for the gateway runbook.';
}

export function loopbackAnthropic(): Anthropic {
  // ok: insecure-model-endpoint
  return new Anthropic({ baseURL: 'http://127.0.0.1:4000/anthropic', apiKey: process.env.ANTHROPIC_API_KEY });
}
