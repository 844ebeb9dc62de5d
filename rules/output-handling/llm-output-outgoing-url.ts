// Fixtures for llm-output-outgoing-url: model output used as the URL of an outgoing request (TypeScript).
import axios from 'axios';
import got from 'got';
import { generateObject, generateText } from 'ai';
import { openai } from '@ai-sdk/openai';
import OpenAI from 'openai';
import { z } from 'zod';

const client = new OpenAI();
const SEARCH_API = 'https://search.example.com/v1/query';
const WEBHOOK_URL = 'https://hooks.example.com/services/assistant';

async function ask(prompt: string): Promise<string> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt });
  return text.trim();
}

export async function browse(task: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: `Which URL should I open to: ${task}? URL only.` }],
  });
  const url = completion.choices[0].message.content ?? '';
  // ruleid: llm-output-outgoing-url
  const res = await fetch(url);
  return res.text();
}

export async function callTool(task: string): Promise<unknown> {
  const { object } = await generateObject({
    model: openai('gpt-4o'),
    schema: z.object({ endpoint: z.string(), payload: z.record(z.string(), z.string()) }),
    prompt: task,
  });
  // ruleid: llm-output-outgoing-url
  const { data } = await axios.post(object.endpoint, object.payload);
  return data;
}

export async function axiosConfig(task: string): Promise<unknown> {
  const target = await ask(`One URL for: ${task}`);
  // ruleid: llm-output-outgoing-url
  const { data } = await axios({ method: 'get', url: target });
  return data;
}

export async function gotFetch(task: string): Promise<string> {
  const link = await ask(`One documentation link for: ${task}`);
  // ruleid: llm-output-outgoing-url
  return got(link).text();
}

export async function builtUrl(task: string): Promise<unknown> {
  const host = await ask(`Which internal host serves: ${task}?`);
  // ruleid: llm-output-outgoing-url
  const res = await fetch(`http://${host}/admin/status`, { method: 'POST' });
  return res.json();
}

// ---------------------------------------------------------------- look-alikes that stay silent

export async function search(task: string): Promise<unknown> {
  const query = await ask(`Rewrite as a search query: ${task}`);
  // ok: llm-output-outgoing-url
  const { data } = await axios.get(SEARCH_API, { params: { q: query } });
  return data;
}

export async function notify(task: string): Promise<number> {
  const summary = await ask(`Summarise: ${task}`);
  // ok: llm-output-outgoing-url
  const res = await fetch(WEBHOOK_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: summary }),
  });
  return res.status;
}

export async function gotJsonBody(task: string): Promise<unknown> {
  const summary = await ask(`Summarise: ${task}`);
  // ok: llm-output-outgoing-url
  return got.post('https://hooks.example.com/services/digest', { json: { body: summary } }).json();
}

export async function notifyAxios(task: string): Promise<number> {
  const summary = await ask(`Summarise: ${task}`);
  // ok: llm-output-outgoing-url
  const res = await axios.post(WEBHOOK_URL, { text: summary });
  return res.status;
}

export async function searchGot(task: string): Promise<unknown> {
  const query = await ask(`Rewrite as a search query: ${task}`);
  // ok: llm-output-outgoing-url
  return got(SEARCH_API, { searchParams: { q: query } }).json();
}

export async function regionEndpoint(task: string): Promise<unknown> {
  const region = await ask(`eu or us? One word: ${task}`);
  const base = region === 'eu' ? 'https://eu.api.example.com' : 'https://us.api.example.com';
  // ok: llm-output-outgoing-url
  const res = await fetch(`${base}/v1/status`);
  return res.json();
}

export async function queryUnderFixedHost(task: string): Promise<unknown> {
  const term = await ask(`One keyword for: ${task}`);
  // todook: llm-output-outgoing-url
  const res = await fetch(`https://search.example.com/v1/query?q=${encodeURIComponent(term)}`);
  return res.json();
}
