// Fixtures for prompt-injection-user-input: Next.js route handlers, pages API routes, Vercel AI SDK and SDK clients.
import type { NextApiRequest, NextApiResponse } from 'next';
import { NextRequest, NextResponse } from 'next/server';
import { generateObject, generateText, streamText } from 'ai';
import { openai } from '@ai-sdk/openai';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { GoogleGenerativeAI } from '@google/generative-ai';
import { z } from 'zod';
import { kv } from '@vercel/kv';
import { db } from './db';

const client = new OpenAI();
const claude = new Anthropic();
const ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });
const legacyGemini = new GoogleGenerativeAI(process.env.GEMINI_API_KEY ?? '');

const SYSTEM_PROMPT = 'You are a concise assistant for Acme customers.';
const PROMPTS = {
  summary: 'Summarise the attached release notes in three bullet points.',
  faq: 'List the five most frequently asked questions about Acme Cloud.',
} as const;
const TOPICS = ['billing', 'shipping', 'returns'];
const SummaryRequest = z.object({
  length: z.enum(['short', 'medium', 'long']),
  ticketId: z.number().int().positive(),
});

function sanitizePrompt(raw: string): string {
  const cleaned = raw.replace(/[^\w\s?.,'-]/g, '').slice(0, 500);
  if (/ignore (all )?previous/i.test(cleaned)) throw new Error('rejected');
  return cleaned;
}

// ---------------------------------------------------------------- app router route handlers

export async function POST(request: Request) {
  const { prompt, persona } = await request.json();
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    system: SYSTEM_PROMPT,
    // ruleid: prompt-injection-user-input
    prompt,
  });
  const cleaned = await generateText({
    model: openai('gpt-4o-mini'),
    // ok: prompt-injection-user-input
    prompt: sanitizePrompt(prompt),
  });
  const intro = await generateText({
    model: openai('gpt-4o-mini'),
    // ok: prompt-injection-user-input
    system: persona,
    prompt: 'Introduce yourself.',
  });
  return NextResponse.json({ text, cleaned: cleaned.text, intro: intro.text });
}

export async function PUT(request: Request) {
  const { messages } = await request.json();
  const result = streamText({
    model: openai('gpt-4o'),
    system: SYSTEM_PROMPT,
    // ruleid: prompt-injection-user-input
    messages,
  });
  return result.toUIMessageStreamResponse();
}

export async function GET(request: NextRequest) {
  const q = request.nextUrl.searchParams.get('q') ?? '';
  // ok: prompt-injection-user-input
  await kv.set(`recent:${q}`, Date.now());
  // ok: prompt-injection-user-input
  const moderation = await client.moderations.create({ model: 'omni-moderation-latest', input: q });
  // ok: prompt-injection-user-input
  await db.searchLog.create({ data: { query: q } });
  const { object } = await generateObject({
    model: openai('gpt-4o-mini'),
    schema: z.object({ tags: z.array(z.string()) }),
    // ruleid: prompt-injection-user-input
    prompt: `Suggest tags for this search: ${q}`,
  });
  const response = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    // ruleid: prompt-injection-user-input
    contents: q,
  });
  const model = legacyGemini.getGenerativeModel({ model: 'gemini-1.5-flash' });
  // ruleid: prompt-injection-user-input
  const legacy = await model.generateContent(`Rephrase: ${q}`);
  return NextResponse.json({
    tags: object.tags,
    flagged: moderation.results[0].flagged,
    gemini: response.text,
    legacy: legacy.response.text(),
  });
}

export async function PATCH(request: Request) {
  const form = await request.formData();
  const comment = form.get('comment') as string;
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      // ruleid: prompt-injection-user-input
      { role: 'user', content: `Classify the sentiment of: ${comment}` },
    ],
  });
  const message = await claude.messages.create({
    model: 'claude-sonnet-4-20250514',
    max_tokens: 1024,
    system: SYSTEM_PROMPT,
    // ruleid: prompt-injection-user-input
    messages: [{ role: 'user', content: String(form.get('question')) }],
  });
  return NextResponse.json({ label: completion.choices[0].message.content, content: message.content });
}

export async function DELETE(request: NextRequest) {
  const body = SummaryRequest.parse(await request.json());
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    // ok: prompt-injection-user-input
    prompt: `Write a ${body.length} summary of ticket #${body.ticketId}.`,
  });
  return NextResponse.json({ text });
}

export async function OPTIONS(request: NextRequest) {
  const kind = request.nextUrl.searchParams.get('kind') === 'faq' ? 'faq' : 'summary';
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    // ok: prompt-injection-user-input
    prompt: PROMPTS[kind],
  });
  const topic = request.nextUrl.searchParams.get('topic') ?? '';
  if (!TOPICS.includes(topic)) {
    return NextResponse.json({ error: 'unknown topic' }, { status: 400 });
  }
  const policy = await generateText({
    model: openai('gpt-4o-mini'),
    // ok: prompt-injection-user-input
    prompt: `Explain our ${topic} policy.`,
  });
  return NextResponse.json({ text, policy: policy.text });
}

// ---------------------------------------------------------------- pages router API route

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { question } = req.body;
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      // ruleid: prompt-injection-user-input
      { role: 'user', content: question },
    ],
  });
  const response = await client.responses.create({
    model: 'gpt-4.1-mini',
    instructions: SYSTEM_PROMPT,
    // ruleid: prompt-injection-user-input
    input: String(req.query.followUp ?? ''),
  });
  const retries = parseInt(String(req.query.retries ?? '1'), 10);
  const hints = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    // ok: prompt-injection-user-input
    messages: [{ role: 'user', content: `Generate ${retries} password hints for a demo account.` }],
  });
  res.status(200).json({
    answer: completion.choices[0].message.content,
    followUp: response.output_text,
    hints: hints.choices[0].message.content,
  });
}
