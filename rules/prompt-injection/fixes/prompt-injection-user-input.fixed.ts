// Quick-fix fixture for prompt-injection-user-input: request input is validated before it reaches the prompt.
import express from 'express';
import OpenAI from 'openai';
import { generateText } from 'ai';
import { openai } from '@ai-sdk/openai';

/** Rejects prompt input that is not text, is too long or holds control characters. */
function validatePromptInput(text: unknown, maxLength = 2000): string {
  if (typeof text !== 'string') throw new TypeError('prompt input must be a string');
  if (text.length > maxLength) throw new RangeError(`prompt input is longer than ${maxLength} characters`);
  if (!/^[\P{Cc}\t\n\r]*$/u.test(text)) throw new Error('prompt input contains control characters');
  return text;
}

const app = express();
app.use(express.json());
const client = new OpenAI();

app.post('/chat', async (req, res) => {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    // ruleid: prompt-injection-user-input
    messages: [{ role: 'user', content: validatePromptInput(req.body.question) }],
  });
  res.json({ answer: completion.choices[0].message.content });
});

app.get('/tags', async (req, res) => {
  const q = String(req.query.q ?? '');
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    // ruleid: prompt-injection-user-input
    prompt: `Suggest three tags for this search: ${validatePromptInput(q)}`,
  });
  res.json({ tags: text.split(',') });
});

app.post('/rewrite', async (req, res) => {
  const { prompt } = req.body;
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    system: 'Rewrite the text politely.',
    // ruleid: prompt-injection-user-input
    prompt: validatePromptInput(prompt),
  });
  res.json({ text });
});

app.get('/fixed', async (_req, res) => {
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    // ok: prompt-injection-user-input
    prompt: 'Write a haiku about kettles.',
  });
  res.json({ text });
});

app.listen(3000);
