// Quick-fix fixture for prompt-injection-system-prompt: request input in the system position is validated.
import express from 'express';
import Anthropic from '@anthropic-ai/sdk';
import { generateText } from 'ai';
import { openai } from '@ai-sdk/openai';

const app = express();
app.use(express.json());
const anthropic = new Anthropic();

app.post('/persona', async (req, res) => {
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    // ruleid: prompt-injection-system-prompt
    system: `You are a ${req.body.persona} assistant for Acme.`,
    prompt: 'Introduce yourself in one sentence.',
  });
  res.json({ text });
});

app.post('/rules', async (req, res) => {
  const message = await anthropic.messages.create({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 400,
    // ruleid: prompt-injection-system-prompt
    system: req.body.rules,
    messages: [{ role: 'user', content: 'Summarise the house rules.' }],
  });
  res.json({ message });
});

app.post('/fixed', async (_req, res) => {
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    // ok: prompt-injection-system-prompt
    system: 'You are the Acme assistant.',
    prompt: 'Say hello.',
  });
  res.json({ text });
});

app.listen(3000);
