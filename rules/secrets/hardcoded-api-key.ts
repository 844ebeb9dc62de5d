// Fixtures for hardcoded-api-key: provider keys written into source (TypeScript). Every key below is random and fake.
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { GoogleGenerativeAI } from '@google/generative-ai';
import { createOpenAI } from '@ai-sdk/openai';
import { createAnthropic } from '@ai-sdk/anthropic';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { HfInference } from '@huggingface/inference';
import Groq from 'groq-sdk';
import Replicate from 'replicate';
import { Mistral } from '@mistralai/mistralai';
import { CohereClientV2 } from 'cohere-ai';
import { ChatOpenAI } from '@langchain/openai';

// ruleid: hardcoded-api-key
const OPENAI_API_KEY = 'sk-proj-7lzdxhdjBuqv0Np4RFIdvyp-_2IR7OnxFJ47VYYDjTG-SvEuStSctbWa7LT0Rzmfbt-pxH3tTQ2tvSh2-IWtHnqpwTlMR6HmKVTNleqr-J5OK45ktJOhlH_e3y45Kjz7q9kZuM3F-LDgb_jHDiyhzlDzVloE';

// ok: hardcoded-api-key
export const client = new OpenAI({ apiKey: OPENAI_API_KEY });

export const legacy = new OpenAI({
  // ruleid: hardcoded-api-key
  apiKey: 'sk-Pm9DReCVLEYtE3njvs6V8yPxkvsKCV9JfuWwwU2uczn8OnVO',
});

// ruleid: hardcoded-api-key
export const claude = new Anthropic({ apiKey: 'sk-ant-api03-jUbDfdTIv4YkeFK-42cWNIlsgYG0pcHi6vxUPqQt3HFwprWJfmJPvHgJgN7OGK28SkypIefWw9unSXSTu9e2kxt2kSCfvAA' });

// ruleid: hardcoded-api-key
export const gemini = new GoogleGenAI({ apiKey: 'AIza3NV18oz2jw1PybF0jPWo9eAwnSfnElrODGE' });

// ruleid: hardcoded-api-key
export const legacyGemini = new GoogleGenerativeAI('AIzag1VhY-HL1u7b6q-N4uA2s4N6PAh47FOEkeP');

export const gateway = createOpenAI({
  baseURL: 'https://llm-gateway.corp.example.com/v1',
  // ruleid: hardcoded-api-key
  apiKey: '1JrseNUjTB2D1vMCYTwiWQbFZuKLAccK',
});

// ruleid: hardcoded-api-key
export const anthropicProvider = createAnthropic({ apiKey: 'sk-ant-api03-4onSIGJtW6j6Oywk9fSp08IAM-WMGAqpz8_q6krRK2gxej4-uu1CHVQ-6edKwBdGHJdjWnEMIJOnKNgb93gE8OsANQu0TAA' });

export const bedrock = new BedrockRuntimeClient({
  region: 'us-east-1',
  credentials: {
    // ruleid: hardcoded-api-key
    accessKeyId: 'AKIABLAIVKZDW635YLI2',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
  },
});

// ruleid: hardcoded-api-key
export const hf = new HfInference('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');

// ruleid: hardcoded-api-key
export const groq = new Groq({ apiKey: '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' });

// ruleid: hardcoded-api-key
export const replicate = new Replicate({ auth: 'r8_pQbmX8TVG6ujePBKQejXeb5gxMBI0TCnVOpBt' });

// ruleid: hardcoded-api-key
export const xai = new OpenAI({ baseURL: 'https://api.x.ai/v1', apiKey: 'xai-SBT627FxYK1MpTdqAWcz0ZduEYwagevwTMUGIac6qgO8gJz2KAFbnVcKCZRNrf50H1vUmh66EFhLmGTr' });

// ruleid: hardcoded-api-key
export const perplexity = new OpenAI({ baseURL: 'https://api.perplexity.ai', apiKey: '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' });

// ruleid: hardcoded-api-key
export const mistral = new Mistral({ apiKey: 'g6Uoa9hHchwOomzUhakRUzvQQ796HY8p' });

// ruleid: hardcoded-api-key
export const cohere = new CohereClientV2({ token: 'j1TOdkoNQawE3AdiMF2zEuVWuV8AbGRdK2pcwCH4' });

export const langchain = new ChatOpenAI({
  model: 'gpt-4o-mini',
  // ruleid: hardcoded-api-key
  apiKey: 'sk-svcacct-0M5STdkZP0XsxRmb5gty_KkJ-O6HUMb-P3mPDd7pXRdpLh57s9u-aNXh5DsXYuY5adhaz6AWv0',
});

// ---------------------------------------------------------------- look-alikes that stay silent

// ok: hardcoded-api-key
export const fromEnv = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });

// ok: hardcoded-api-key
export const claudeFromEnv = new Anthropic({ apiKey: process.env['ANTHROPIC_API_KEY'] });

// ok: hardcoded-api-key
export const localOllama = new OpenAI({ baseURL: 'http://localhost:11434/v1', apiKey: 'ollama' });

// ok: hardcoded-api-key
export const localVllm = new OpenAI({ baseURL: 'http://127.0.0.1:8000/v1', apiKey: 'EMPTY' });

export const placeholders = [
  // ok: hardcoded-api-key
  new OpenAI({ apiKey: 'sk-...' }),
  // ok: hardcoded-api-key
  new Mistral({ apiKey: 'YOUR_API_KEY' }),
  // ok: hardcoded-api-key
  new Groq({ apiKey: '<key>' }),
  // ok: hardcoded-api-key
  new Anthropic({ apiKey: '' }),
  // ok: hardcoded-api-key
  new GoogleGenAI({ apiKey: 'test' }),
];

export function fromArgument(apiKey: string): OpenAI {
  // ok: hardcoded-api-key
  return new OpenAI({ apiKey });
}

declare function getSecret(name: string): string;

// ok: hardcoded-api-key
export const fromSecretStore = new OpenAI({ apiKey: getSecret('openai-api-key') });

// ok: hardcoded-api-key
export const withFallback = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY ?? '' });

export const notKeys = {
  // ok: hardcoded-api-key
  locale: 'sk-SK',
  // ok: hardcoded-api-key
  spinnerClass: 'sk-fading-circle',
  // ok: hardcoded-api-key
  modelRevision: '7cc9de3bb67fbce462f5bbc7a0f5f7b4da52c12b',
  // ok: hardcoded-api-key
  envVarName: 'OPENAI_API_KEY',
};
