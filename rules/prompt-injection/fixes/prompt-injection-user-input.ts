// Quick-fix fixture for prompt-injection-user-input: request input is validated before it reaches the prompt.
import express from 'express';
import OpenAI from 'openai';
import { generateText } from 'ai';
import { openai } from '@ai-sdk/openai';

const app = express();
app.use(express.json());
const client = new OpenAI();

app.post('/chat', async (req, res) => {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    // ruleid: prompt-injection-user-input
    messages: [{ role: 'user', content: req.body.question }],
  });
  res.json({ answer: completion.choices[0].message.content });
});

app.get('/tags', async (req, res) => {
  const q = String(req.query.q ?? '');
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    // ruleid: prompt-injection-user-input
    prompt: `Suggest three tags for this search: ${q}`,
  });
  res.json({ tags: text.split(',') });
});

app.post('/rewrite', async (req, res) => {
  const { prompt } = req.body;
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    system: 'Rewrite the text politely.',
    // ruleid: prompt-injection-user-input
    prompt,
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
