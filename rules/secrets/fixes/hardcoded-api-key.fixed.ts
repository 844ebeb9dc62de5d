// Quick-fix fixture for hardcoded-api-key: keys are read from process.env. Every key below is random and fake.
import OpenAI from 'openai';
import { GoogleGenAI } from '@google/genai';
import { CohereClientV2 } from 'cohere-ai';
import Groq from 'groq-sdk';

export const openai = new OpenAI({
  // ruleid: hardcoded-api-key
  apiKey: process.env.OPENAI_API_KEY,
  timeout: 20_000,
});

// ruleid: hardcoded-api-key
export const gemini = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });

// ruleid: hardcoded-api-key
export const cohere = new CohereClientV2({ token: process.env.COHERE_API_KEY });

// ruleid: hardcoded-api-key
export const groq = new Groq();

// ok: hardcoded-api-key
export const local = new OpenAI({ baseURL: 'http://localhost:11434/v1', apiKey: 'ollama' });
