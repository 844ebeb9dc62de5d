// Fixtures for llm-output-deserialization: model output given to node-serialize (CommonJS).
const serialize = require('node-serialize');
const { unserialize } = require('node-serialize');
const YAML = require('yaml');
const OpenAI = require('openai');
const { generateText } = require('ai');
const { openai } = require('@ai-sdk/openai');

const client = new OpenAI();

async function restoreSession(task) {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: `Serialise the session for: ${task}` }],
  });
  const payload = completion.choices[0].message.content;
  // ruleid: llm-output-deserialization
  return serialize.unserialize(payload);
}

async function restoreWidget(task) {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: `node-serialize payload for: ${task}` });
  // ruleid: llm-output-deserialization
  return unserialize(Buffer.from(text, 'base64').toString('utf8'));
}

async function restoreFromStream(task) {
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    stream: true,
    messages: [{ role: 'user', content: task }],
  });
  let body = '';
  for await (const chunk of stream) body += chunk.choices[0]?.delta?.content ?? '';
  // ruleid: llm-output-deserialization
  return serialize.unserialize(body);
}

// ---------------------------------------------------------------- look-alikes that stay silent

async function parseJson(task) {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: `JSON for: ${task}` });
  // ok: llm-output-deserialization
  return JSON.parse(text);
}

async function parseYaml(task) {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: `YAML for: ${task}` });
  // ok: llm-output-deserialization
  return YAML.parse(text);
}

async function serialiseOnly(task) {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: task });
  // ok: llm-output-deserialization
  const stored = serialize.serialize({ task, answer: text });
  return stored.length;
}

function restoreLocalFixture() {
  // ok: llm-output-deserialization
  return serialize.unserialize('{"greeting":"hello"}');
}

async function parseNdjson(task) {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: `NDJSON lines for: ${task}` });
  // ok: llm-output-deserialization
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

module.exports = { restoreSession, restoreWidget, restoreFromStream, parseJson, parseYaml, serialiseOnly, restoreLocalFixture, parseNdjson };
