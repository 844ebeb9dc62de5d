// Fixtures for prompt-injection-indirect: fetched pages, API responses and uploads that reach a prompt (TypeScript).
import express from 'express';
import multer from 'multer';
import axios from 'axios';
import { NextResponse } from 'next/server';
import { generateText, streamText } from 'ai';
import { openai } from '@ai-sdk/openai';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { CheerioWebBaseLoader } from '@langchain/community/document_loaders/web/cheerio';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const client = new OpenAI();
const claude = new Anthropic();
const embeddings = new OpenAIEmbeddings({ model: 'text-embedding-3-small' });
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 5 * 1024 * 1024 } });

const SUMMARY_PROMPT = 'Summarise the following page for a busy engineer.';
const Weather = z.object({
  city: z.enum(['London', 'Paris', 'Berlin']),
  temperatureC: z.number(),
  condition: z.enum(['sunny', 'cloudy', 'rain', 'snow']),
});

// ---------------------------------------------------------------- Next.js route handler with fetch and formData files

export async function POST(request: Request) {
  const form = await request.formData();
  const file = form.get('file') as File;
  const contents = await file.text();
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    system: 'Extract the invoice number and total as JSON.',
    // todoruleid: prompt-injection-indirect
    prompt: contents,
  });
  const sizeKb = Math.round(file.size / 1024);
  const receipt = await generateText({
    model: openai('gpt-4o-mini'),
    // ok: prompt-injection-indirect
    prompt: `Write a friendly note confirming a ${Number(sizeKb)} KB upload.`,
  });
  return NextResponse.json({ fields: text, note: receipt.text });
}

export async function GET() {
  const res = await fetch('https://news.ycombinator.com/');
  const html = await res.text();
  const result = streamText({
    model: openai('gpt-4o-mini'),
    system: SUMMARY_PROMPT,
    // ruleid: prompt-injection-indirect
    prompt: html.slice(0, 20000),
  });
  return result.toTextStreamResponse();
}

export async function PUT() {
  const res = await fetch('https://weather.example.com/v1/today?city=London');
  const weather = Weather.parse(await res.json());
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    // ok: prompt-injection-indirect
    prompt: `Write a one-line forecast: ${weather.city}, ${weather.temperatureC} C, ${weather.condition}.`,
  });
  return NextResponse.json({ forecast: text });
}

export async function PATCH() {
  const issue = await fetch('https://api.github.com/repos/acme/app/issues/42').then((r) => r.json());
  const message = await claude.messages.create({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 400,
    // ruleid: prompt-injection-indirect
    system: `You triage GitHub issues. The issue body is:\n${issue.body}`,
    messages: [{ role: 'user', content: 'Which label fits best?' }],
  });
  return NextResponse.json({ label: message.content });
}

export async function DELETE() {
  const res = await fetch('https://api.example.com/health', { method: 'HEAD' });
  const healthy = res.ok;
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    // ok: prompt-injection-indirect
    prompt: healthy ? 'Write a cheerful status banner.' : 'Write an apology banner.',
  });
  return NextResponse.json({ banner: text });
}

// ---------------------------------------------------------------- Express with axios, multer and LangChain loaders

const app = express();
app.use(express.json());

app.post('/summarise', async (req, res) => {
  const { data: page } = await axios.get<string>(req.body.url, { responseType: 'text', timeout: 10_000 });
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: SUMMARY_PROMPT },
      // ruleid: prompt-injection-indirect
      { role: 'user', content: page },
    ],
  });
  res.json({ summary: completion.choices[0].message.content });
});

app.post('/summarise/json', async (req, res) => {
  const response = await axios.get('https://status.example.com/api/v2/summary.json');
  const completion = await client.responses.create({
    model: 'gpt-4.1-mini',
    // ruleid: prompt-injection-indirect
    input: `Explain this status page to a customer: ${JSON.stringify(response.data)}`,
  });
  res.json({ explanation: completion.output_text });
});

app.post('/index', async (req, res) => {
  const page = await (await fetch(req.body.url)).text();
  const chunks = page.match(/[\s\S]{1,1000}/g) ?? [];
  // ok: prompt-injection-indirect
  const vectors = await embeddings.embedDocuments(chunks);
  // ok: prompt-injection-indirect
  console.info('indexed %d chunks from %s', chunks.length, page.slice(0, 80));
  res.json({ count: vectors.length });
});

app.get('/faq', async (_req, res) => {
  const faq = await readFile('docs/faq.md', 'utf8');
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      // ok: prompt-injection-indirect
      { role: 'system', content: `Answer using only this FAQ:\n${faq}` },
      { role: 'user', content: 'How do I reset my password?' },
    ],
  });
  res.json({ answer: completion.choices[0].message.content });
});

app.post('/upload', upload.single('document'), async (req, res) => {
  const text = req.file?.buffer.toString('utf8') ?? '';
  const message = await claude.messages.create({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 1000,
    // ruleid: prompt-injection-indirect
    messages: [{ role: 'user', content: `Summarise this contract:\n${text}` }],
  });
  res.json({ summary: message.content });
});

app.post('/upload/size', upload.single('document'), async (req, res) => {
  const bytes = Number(req.file?.size ?? 0);
  const message = await claude.messages.create({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 100,
    // ok: prompt-injection-indirect
    messages: [{ role: 'user', content: `Confirm receipt of a ${bytes}-byte file in one sentence.` }],
  });
  res.json({ note: message.content });
});

app.post('/loader', async (req, res) => {
  const loader = new CheerioWebBaseLoader(req.body.url);
  const docs = await loader.load();
  const llm = new ChatOpenAI({ model: 'gpt-4o-mini' });
  // ruleid: prompt-injection-indirect
  const result = await llm.invoke(`${SUMMARY_PROMPT}\n\n${docs[0].pageContent}`);
  res.json({ summary: result.content });
});

app.post('/webhook', async (req, res) => {
  const rss = await fetch('https://blog.example.com/feed.xml').then((r) => r.text());
  // ok: prompt-injection-indirect
  await client.embeddings.create({ model: 'text-embedding-3-small', input: rss });
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    // ok: prompt-injection-indirect
    messages: [{ role: 'user', content: 'Write a generic newsletter intro.' }],
  });
  res.json({ intro: completion.choices[0].message.content, source: req.body.source });
});

app.post('/moderate', async (req, res) => {
  const page = await (await fetch(req.body.url)).text();
  // ok: prompt-injection-indirect
  const verdict = await client.moderations.create({ model: 'omni-moderation-latest', input: page });
  const wordCount = Number(page.split(/\s+/).length);
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    // ok: prompt-injection-indirect
    messages: [{ role: 'user', content: `Write a note saying the page has ${wordCount} words.` }],
  });
  res.json({ flagged: verdict.results[0].flagged, note: completion.choices[0].message.content });
});

export default app;
