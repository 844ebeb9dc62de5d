// Fixtures for prompt-injection-system-prompt: request / CLI input in the system position (TypeScript).
import { generateObject, generateText, streamText } from 'ai';
import { openai } from '@ai-sdk/openai';
import { anthropic } from '@ai-sdk/anthropic';
import OpenAI, { AzureOpenAI } from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { GoogleGenerativeAI } from '@google/generative-ai';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { ChatOpenAI } from '@langchain/openai';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { Mistral } from '@mistralai/mistralai';
import { CohereClientV2 } from 'cohere-ai';
import ollama from 'ollama';
import express from 'express';
import { NextRequest, NextResponse } from 'next/server';
import { z } from 'zod';
import { prisma } from './db';

const client = new OpenAI();
const azure = new AzureOpenAI({
  endpoint: 'https://acme-prod.openai.azure.com',
  apiKey: process.env.AZURE_OPENAI_API_KEY,
  apiVersion: '2024-10-21',
  deployment: 'gpt-4o-deployment',
});
const claude = new Anthropic();
const ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });
const legacyGemini = new GoogleGenerativeAI(process.env.GEMINI_API_KEY ?? '');
const bedrock = new BedrockRuntimeClient({ region: 'us-east-1' });
const mistral = new Mistral({ apiKey: process.env.MISTRAL_API_KEY ?? '' });
const cohere = new CohereClientV2({ token: process.env.CO_API_KEY });

const BASE_SYSTEM_PROMPT = 'You are the support assistant for Acme. Answer only questions about Acme products.';
const PERSONAS: Record<string, string> = {
  pirate: 'You are a helpful assistant who talks like a pirate.',
  formal: 'You are a formal, concise assistant.',
};
const ToneSchema = z.object({ tone: z.enum(['friendly', 'neutral', 'formal']) });

// ---------------------------------------------------------------- Next.js app router + Vercel AI SDK

export async function GET(request: NextRequest) {
  const persona = request.nextUrl.searchParams.get('persona') ?? 'helpful';
  const question = request.nextUrl.searchParams.get('q') ?? '';
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    // ruleid: prompt-injection-system-prompt
    system: `You are a ${persona} assistant.`,
    // ok: prompt-injection-system-prompt
    prompt: question,
  });
  return NextResponse.json({ text });
}

export async function POST(request: Request) {
  const { system, question } = await request.json();
  const result = streamText({
    model: anthropic('claude-3-5-haiku-latest'),
    // ruleid: prompt-injection-system-prompt
    system,
    // ok: prompt-injection-system-prompt
    prompt: question,
  });
  return result.toTextStreamResponse();
}

export async function PUT(request: Request) {
  const body = await request.json();
  const { tone } = ToneSchema.parse(body);
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    // ok: prompt-injection-system-prompt
    system: `Answer in a ${tone} tone.`,
    prompt: 'Describe our refund policy.',
  });
  return NextResponse.json({ text });
}

export async function PATCH(request: NextRequest) {
  const style = request.nextUrl.searchParams.get('style') ?? 'formal';
  const system = style === 'pirate' ? PERSONAS.pirate : PERSONAS.formal;
  const { object } = await generateObject({
    model: openai('gpt-4o-mini'),
    schema: z.object({ greeting: z.string() }),
    // ok: prompt-injection-system-prompt
    system,
    prompt: 'Greet the customer.',
  });
  return NextResponse.json(object);
}

export async function DELETE(request: NextRequest) {
  const audience = request.nextUrl.searchParams.get('audience') ?? 'developers';
  const { object } = await generateObject({
    model: openai('gpt-4o-mini'),
    schema: z.object({ headline: z.string(), body: z.string() }),
    // ruleid: prompt-injection-system-prompt
    system: 'You write release notes for ' + audience,
    prompt: 'Summarise version 2.3.',
  });
  return NextResponse.json(object);
}

export async function HEAD(request: Request) {
  const form = await request.formData();
  const note = String(form.get('note') ?? '');
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    // ok: prompt-injection-system-prompt
    system: process.env.SUPPORT_SYSTEM_PROMPT ?? BASE_SYSTEM_PROMPT,
    messages: [
      // ok: prompt-injection-system-prompt
      { role: 'user', content: note },
    ],
  });
  return new Response(text);
}

// ---------------------------------------------------------------- Express: OpenAI, Azure, Anthropic, Gemini, Bedrock

const app = express();
const router = express.Router();
app.use(express.json());

app.post('/chat', async (req, res) => {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      // ruleid: prompt-injection-system-prompt
      { role: 'system', content: req.body.persona },
      // ok: prompt-injection-system-prompt
      { role: 'user', content: req.body.question },
    ],
  });
  res.json({ answer: completion.choices[0].message.content });
});

app.post('/chat/developer', async (req, res) => {
  const { rules, question } = req.body;
  const stream = await client.chat.completions.create({
    model: 'gpt-4o',
    stream: true,
    messages: [
      // ruleid: prompt-injection-system-prompt
      { role: 'developer', content: `Follow these extra rules: ${rules}` },
      { role: 'user', content: question },
    ],
  });
  for await (const chunk of stream) {
    res.write(chunk.choices[0]?.delta?.content ?? '');
  }
  res.end();
});

app.post('/agent', async (req, res) => {
  const response = await client.responses.create({
    model: 'gpt-4.1',
    // ruleid: prompt-injection-system-prompt
    instructions: req.body.instructions,
    // ok: prompt-injection-system-prompt
    input: req.body.task,
  });
  res.json({ output: response.output_text });
});

app.post('/agent/fixed', async (req, res) => {
  const response = await client.responses.create({
    model: 'gpt-4.1',
    // ok: prompt-injection-system-prompt
    instructions: BASE_SYSTEM_PROMPT,
    input: req.body.task,
  });
  res.json({ output: response.output_text });
});

router.get('/azure', async (req, res) => {
  const completion = await azure.chat.completions.create({
    model: 'gpt-4o-deployment',
    messages: [
      // ruleid: prompt-injection-system-prompt
      { role: 'system', content: String(req.query.persona) },
      { role: 'user', content: 'Hello' },
    ],
  });
  res.json({ answer: completion.choices[0].message.content });
});

router.get('/azure/count', async (req, res) => {
  const maxWords = Number(req.query.maxWords);
  const completion = await azure.chat.completions.create({
    model: 'gpt-4o-deployment',
    messages: [
      // ok: prompt-injection-system-prompt
      { role: 'system', content: `Answer in at most ${maxWords} words.` },
      { role: 'user', content: 'Explain DNS.' },
    ],
  });
  res.json({ answer: completion.choices[0].message.content });
});

app.post('/claude', async (req, res) => {
  const message = await claude.messages.create({
    model: 'claude-sonnet-4-20250514',
    max_tokens: 1024,
    // ruleid: prompt-injection-system-prompt
    system: req.body.system,
    // ok: prompt-injection-system-prompt
    messages: [{ role: 'user', content: req.body.question }],
  });
  res.json({ answer: message.content });
});

app.post('/claude/stream', (req, res) => {
  const company = req.headers['x-company'];
  const stream = claude.messages.stream({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 512,
    // ruleid: prompt-injection-system-prompt
    system: [{ type: 'text', text: `You answer for employees of ${company}.` }],
    messages: [{ role: 'user', content: 'What is our leave policy?' }],
  });
  stream.on('text', (delta) => res.write(delta));
  stream.on('end', () => res.end());
});

app.post('/claude/allowlist', async (req, res) => {
  const persona = req.body.persona;
  if (!Object.hasOwn(PERSONAS, persona)) {
    res.status(400).end();
    return;
  }
  const message = await claude.messages.create({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 512,
    // ok: prompt-injection-system-prompt
    system: PERSONAS[persona],
    messages: [{ role: 'user', content: 'Introduce yourself.' }],
  });
  res.json({ answer: message.content });
});

app.get('/gemini', async (req, res) => {
  const response = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    // ok: prompt-injection-system-prompt
    contents: String(req.query.q),
    // ruleid: prompt-injection-system-prompt
    config: { systemInstruction: String(req.query.persona) },
  });
  res.json({ answer: response.text });
});

app.get('/gemini/legacy', async (req, res) => {
  const model = legacyGemini.getGenerativeModel({
    model: 'gemini-1.5-flash',
    // ruleid: prompt-injection-system-prompt
    systemInstruction: req.query.instruction as string,
  });
  const result = await model.generateContent('Say hello.');
  res.json({ answer: result.response.text() });
});

app.post('/bedrock', async (req, res) => {
  const output = await bedrock.send(
    new ConverseCommand({
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      // ruleid: prompt-injection-system-prompt
      system: [{ text: req.body.persona }],
      // ok: prompt-injection-system-prompt
      messages: [{ role: 'user', content: [{ text: req.body.question }] }],
    }),
  );
  res.json({ answer: output.output?.message?.content?.[0]?.text });
});

app.post('/mistral', async (req, res) => {
  const response = await mistral.chat.complete({
    model: 'mistral-large-latest',
    messages: [
      // ruleid: prompt-injection-system-prompt
      { role: 'system', content: req.cookies.system_prompt },
      { role: 'user', content: 'What is new?' },
    ],
  });
  res.json({ answer: response.choices?.[0]?.message?.content });
});

app.post('/cohere', async (req, res) => {
  const response = await cohere.chat({
    model: 'command-a-03-2025',
    messages: [
      // ok: prompt-injection-system-prompt
      { role: 'system', content: BASE_SYSTEM_PROMPT },
      { role: 'user', content: req.body.question },
    ],
  });
  res.json({ answer: response.message?.content?.[0] });
});

app.post('/ollama/:mode', async (req, res) => {
  const reply = await ollama.chat({
    model: 'llama3.1',
    messages: [
      // ruleid: prompt-injection-system-prompt
      { role: 'system', content: req.params.mode + ' mode. ' + BASE_SYSTEM_PROMPT },
      { role: 'user', content: 'Begin.' },
    ],
  });
  res.json({ answer: reply.message.content });
});

app.post('/ollama/generate', async (req, res) => {
  const reply = await ollama.generate({
    model: 'llama3.1',
    prompt: 'Summarise the latest ticket.',
    // ruleid: prompt-injection-system-prompt
    system: req.body.system,
  });
  res.json({ answer: reply.response });
});

app.post('/messages/log', async (req, res) => {
  // ok: prompt-injection-system-prompt
  await prisma.message.create({ data: { role: 'system', content: req.body.persona } });
  res.status(204).end();
});

// ---------------------------------------------------------------- LangChain JS

app.post('/langchain', async (req, res) => {
  const llm = new ChatOpenAI({ model: 'gpt-4o-mini', temperature: 0 });
  const result = await llm.invoke([
    // ruleid: prompt-injection-system-prompt
    new SystemMessage(req.body.persona),
    // ok: prompt-injection-system-prompt
    new HumanMessage(req.body.question),
  ]);
  res.json({ answer: result.content });
});

app.post('/langchain/template', async (req, res) => {
  const prompt = ChatPromptTemplate.fromMessages([
    // ruleid: prompt-injection-system-prompt
    ['system', `You write copy for ${req.body.audience}.`],
    ['human', '{question}'],
  ]);
  const chain = prompt.pipe(new ChatOpenAI({ model: 'gpt-4o-mini' })).pipe(new StringOutputParser());
  res.json({ answer: await chain.invoke({ question: 'Describe the kettle.' }) });
});

app.post('/langchain/constant', async (req, res) => {
  const prompt = ChatPromptTemplate.fromMessages([
    // ok: prompt-injection-system-prompt
    ['system', BASE_SYSTEM_PROMPT],
    ['human', '{question}'],
  ]);
  const chain = prompt.pipe(new ChatOpenAI({ model: 'gpt-4o-mini' })).pipe(new StringOutputParser());
  res.json({ answer: await chain.invoke({ question: req.body.question }) });
});

app.post('/system/lookalikes', async (req, res) => {
  const usage = await claude.messages.countTokens({
    model: 'claude-3-5-haiku-latest',
    // ok: prompt-injection-system-prompt
    system: req.body.persona,
    messages: [{ role: 'user', content: 'Hello' }],
  });
  // ok: prompt-injection-system-prompt
  const vector = await client.embeddings.create({ model: 'text-embedding-3-small', input: req.body.persona });
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'system', content: BASE_SYSTEM_PROMPT }],
    // ok: prompt-injection-system-prompt
    metadata: { persona: String(req.body.persona) },
  });
  res.json({ tokens: usage.input_tokens, dims: vector.data[0].embedding.length, reply: completion.choices[0].message.content });
});

app.use('/api', router);

// ---------------------------------------------------------------- CLI

export async function cli(): Promise<void> {
  const persona = process.argv[2] ?? 'helpful';
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    // ruleid: prompt-injection-system-prompt
    system: `You are a ${persona} assistant.`,
    prompt: 'Introduce yourself.',
  });
  console.log(text);
}
