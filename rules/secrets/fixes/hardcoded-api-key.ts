// Quick-fix fixture for hardcoded-api-key: keys are read from process.env. Every key below is random and fake.
import OpenAI from 'openai';
import { GoogleGenAI } from '@google/genai';
import { CohereClientV2 } from 'cohere-ai';
import Groq from 'groq-sdk';

export const openai = new OpenAI({
  // ruleid: hardcoded-api-key
  apiKey: 'sk-proj-IaCfCh95aMwBwJ5ZbDov1w034qOBYoD0hN450itDEF30uU0P',
  timeout: 20_000,
});

// ruleid: hardcoded-api-key
export const gemini = new GoogleGenAI({ apiKey: 'AIzaA66cKIFTmxrrjtjVmd4xI0zvy4Zr9moEHZh' });

// ruleid: hardcoded-api-key
export const cohere = new CohereClientV2({ token: 'rztPeHmI1g6pD96mjTwnxv9aLqmlCEVlv5L2ug3o' });

// ruleid: hardcoded-api-key
process.env.GROQ_API_KEY = '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';
export const groq = new Groq();

// ok: hardcoded-api-key
export const local = new OpenAI({ baseURL: 'http://localhost:11434/v1', apiKey: 'ollama' });
