// Fixtures for prompt-injection-user-input: Express handlers and command-line tools (CommonJS).
const express = require('express');
const readline = require('node:readline/promises');
const { stdin, stdout } = require('node:process');
const promptSync = require('prompt-sync');
const OpenAI = require('openai');
const Anthropic = require('@anthropic-ai/sdk');
const { BedrockRuntimeClient, ConverseCommand, InvokeModelCommand } = require('@aws-sdk/client-bedrock-runtime');
const { ChatOpenAI } = require('@langchain/openai');
const { ChatPromptTemplate } = require('@langchain/core/prompts');
const { StringOutputParser } = require('@langchain/core/output_parsers');
const { RunnableLambda } = require('@langchain/core/runnables');
const { Mistral } = require('@mistralai/mistralai');
const { CohereClientV2 } = require('cohere-ai');
const { Ollama } = require('ollama');
const { z } = require('zod');
const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');
const Conversation = require('./models/conversation');

const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
const claude = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });
const bedrock = new BedrockRuntimeClient({ region: 'us-east-1' });
const lambda = new LambdaClient({ region: 'us-east-1' });
const mistral = new Mistral({ apiKey: process.env.MISTRAL_API_KEY });
const cohere = new CohereClientV2({ token: process.env.CO_API_KEY });
const ollama = new Ollama({ host: 'http://127.0.0.1:11434' });

const SYSTEM_PROMPT = 'You are a concise assistant for Acme customers.';
const ALLOWED_LANGUAGES = ['en', 'de', 'fr'];
const FeedbackSchema = z.object({
  rating: z.number().int().min(1).max(5),
  product: z.enum(['kettle', 'toaster', 'blender']),
});

function validateTicketId(raw) {
  if (!/^[A-Z]{3}-\d{1,6}$/.test(raw)) throw new Error('bad ticket id');
  return raw;
}

const app = express();
const router = express.Router();
app.use(express.json());

app.post('/chat', async (req, res) => {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      // ruleid: prompt-injection-user-input
      { role: 'user', content: req.body.message },
    ],
  });
  res.json({ reply: completion.choices[0].message.content });
});

app.get('/search', async (req, res) => {
  const { q } = req.query;
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    stream: true,
    // ruleid: prompt-injection-user-input
    messages: [{ role: 'user', content: `Rewrite as a search query: ${q}` }],
  });
  for await (const chunk of stream) res.write(chunk.choices[0]?.delta?.content ?? '');
  res.end();
});

app.post('/translate', async (req, res) => {
  const { lang, text } = req.body;
  if (!ALLOWED_LANGUAGES.includes(lang)) return res.status(400).end();
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      // ok: prompt-injection-user-input
      { role: 'user', content: `Say "good morning" in ${lang}.` },
    ],
  });
  // ok: prompt-injection-user-input
  await Conversation.create({ language: lang, original: text });
  res.json({ greeting: completion.choices[0].message.content });
});

app.post('/feedback', async (req, res) => {
  const feedback = FeedbackSchema.parse(req.body);
  const message = await claude.messages.create({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 200,
    // ok: prompt-injection-user-input
    messages: [{ role: 'user', content: `Write a thank-you note for a ${feedback.rating}-star review of our ${feedback.product}.` }],
  });
  res.json({ note: message.content });
});

app.post('/feedback/safe', async (req, res) => {
  const result = FeedbackSchema.safeParse(req.body);
  if (!result.success) return res.status(400).json(result.error.issues);
  const { product } = result.data;
  const message = await claude.messages.create({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 200,
    // ok: prompt-injection-user-input
    messages: [{ role: 'user', content: `List three care tips for a ${product}.` }],
  });
  res.json({ tips: message.content });
});

app.get('/tickets/:id/summary', async (req, res) => {
  const ticketId = validateTicketId(req.params.id);
  const message = await claude.messages.create({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 300,
    // ok: prompt-injection-user-input
    messages: [{ role: 'user', content: `Summarise the history of ticket ${ticketId}.` }],
  });
  res.json({ summary: message.content });
});

app.post('/claude/stream', (req, res) => {
  const stream = claude.messages.stream({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 512,
    // ruleid: prompt-injection-user-input
    messages: [{ role: 'user', content: req.body.prompt }],
  });
  stream.on('text', (delta) => res.write(delta));
  stream.on('end', () => res.end());
});

app.post('/claude/system', async (req, res) => {
  const message = await claude.messages.create({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 300,
    // ok: prompt-injection-user-input
    system: req.headers['x-persona'],
    messages: [{ role: 'user', content: 'Introduce yourself.' }],
  });
  res.json({ reply: message.content });
});

router.post('/bedrock', async (req, res) => {
  const output = await bedrock.send(
    new ConverseCommand({
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      system: [{ text: SYSTEM_PROMPT }],
      // ruleid: prompt-injection-user-input
      messages: [{ role: 'user', content: [{ text: req.body.question }] }],
    }),
  );
  res.json({ answer: output.output.message.content[0].text });
});

router.post('/bedrock/invoke', async (req, res) => {
  const output = await bedrock.send(
    new InvokeModelCommand({
      modelId: 'meta.llama3-8b-instruct-v1:0',
      contentType: 'application/json',
      // ruleid: prompt-injection-user-input
      body: JSON.stringify({ prompt: req.body.prompt, max_gen_len: 256 }),
    }),
  );
  res.json(JSON.parse(new TextDecoder().decode(output.body)));
});

router.post('/archive', async (req, res) => {
  await lambda.send(
    new InvokeCommand({
      FunctionName: 'archive-message',
      // ok: prompt-injection-user-input
      Payload: JSON.stringify({ text: req.body.text }),
    }),
  );
  res.status(202).end();
});

router.post('/mistral', async (req, res) => {
  const response = await mistral.chat.complete({
    model: 'mistral-small-latest',
    // ruleid: prompt-injection-user-input
    messages: [{ role: 'user', content: req.body.question }],
  });
  res.json({ answer: response.choices[0].message.content });
});

router.post('/cohere', async (req, res) => {
  const response = await cohere.chat({
    model: 'command-a-03-2025',
    // ruleid: prompt-injection-user-input
    messages: [{ role: 'user', content: req.cookies.lastQuestion }],
  });
  res.json({ answer: response.message.content[0].text });
});

router.get('/ollama', async (req, res) => {
  const reply = await ollama.generate({
    model: 'llama3.1',
    // ruleid: prompt-injection-user-input
    prompt: `Answer briefly: ${req.query.q}`,
  });
  res.json({ answer: reply.response });
});

router.get('/ollama/chat', async (req, res) => {
  const reply = await ollama.chat({
    model: 'llama3.1',
    // ok: prompt-injection-user-input
    messages: [{ role: 'user', content: 'Tell me a fun fact about otters.' }],
  });
  res.json({ answer: reply.message.content, requestedBy: req.query.user });
});

router.post('/langchain', async (req, res) => {
  const llm = new ChatOpenAI({ model: 'gpt-4o-mini' });
  // ruleid: prompt-injection-user-input
  const result = await llm.invoke(req.body.question);
  res.json({ answer: result.content });
});

router.post('/langchain/chain', async (req, res) => {
  const prompt = ChatPromptTemplate.fromMessages([
    ['system', SYSTEM_PROMPT],
    ['human', '{question}'],
  ]);
  const chain = prompt.pipe(new ChatOpenAI({ model: 'gpt-4o-mini' })).pipe(new StringOutputParser());
  // ruleid: prompt-injection-user-input
  const answer = await chain.invoke({ question: req.body.question });
  res.json({ answer });
});

router.post('/langchain/normalise', async (req, res) => {
  const normalise = RunnableLambda.from((text) => text.trim().toLowerCase());
  // ok: prompt-injection-user-input
  const cleaned = await normalise.invoke(req.body.question);
  res.json({ cleaned });
});

router.post('/lookalikes', async (req, res) => {
  const { text } = req.body;
  // ok: prompt-injection-user-input
  const speech = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: text });
  // ok: prompt-injection-user-input
  const vector = await ollama.embeddings({ model: 'nomic-embed-text', prompt: text });
  const usage = await claude.messages.countTokens({
    model: 'claude-3-5-haiku-latest',
    // ok: prompt-injection-user-input
    messages: [{ role: 'user', content: text }],
  });
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Write a generic welcome message.' }],
    // ok: prompt-injection-user-input
    user: req.headers['x-user-id'],
  });
  res.json({
    audioBytes: (await speech.arrayBuffer()).byteLength,
    dims: vector.embedding.length,
    tokens: usage.input_tokens,
    welcome: completion.choices[0].message.content,
  });
});

app.use('/api', router);
app.listen(3000, '127.0.0.1');

// ---------------------------------------------------------------- command-line tools

async function repl() {
  const rl = readline.createInterface({ input: stdin, output: stdout });
  const question = await rl.question('Ask me anything: ');
  rl.close();
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    // ruleid: prompt-injection-user-input
    messages: [{ role: 'user', content: question }],
  });
  console.log(completion.choices[0].message.content);
}

async function fromArgv() {
  const [, , ...words] = process.argv;
  const response = await client.responses.create({
    model: 'gpt-4.1-mini',
    // ruleid: prompt-injection-user-input
    input: words.join(' '),
  });
  console.log(response.output_text);
}

async function fromPromptSync() {
  const ask = promptSync({ sigint: true });
  const topic = ask('Topic: ');
  const reply = await ollama.chat({
    model: 'llama3.1',
    // ruleid: prompt-injection-user-input
    messages: [{ role: 'user', content: 'Write a haiku about ' + topic }],
  });
  console.log(reply.message.content);
}

async function countFromArgv() {
  const count = Number(process.argv[2]);
  const reply = await ollama.chat({
    model: 'llama3.1',
    // ok: prompt-injection-user-input
    messages: [{ role: 'user', content: `List ${count} prime numbers.` }],
  });
  console.log(reply.message.content);
}

function callbackRepl() {
  const rl = require('node:readline').createInterface({ input: stdin, output: stdout });
  rl.question('Question: ', async (answer) => {
    const reply = await ollama.generate({
      model: 'llama3.1',
      // todoruleid: prompt-injection-user-input
      prompt: answer,
    });
    console.log(reply.response);
    rl.close();
  });
}

module.exports = { app, repl, fromArgv, fromPromptSync, countFromArgv, callbackRepl };
