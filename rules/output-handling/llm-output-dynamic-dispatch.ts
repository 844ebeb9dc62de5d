// Fixtures for llm-output-dynamic-dispatch: model output choosing which property or module gets called (TypeScript).
import { generateText } from 'ai';
import { openai } from '@ai-sdk/openai';
import OpenAI from 'openai';
import * as handlers from './handlers';

const client = new OpenAI();

const TOOL_SCHEMAS: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'getWeather', parameters: { type: 'object' } } },
  { type: 'function', function: { name: 'getTime', parameters: { type: 'object' } } },
];

const TOOLS = {
  getWeather: (args: { city: string }) => `Sunny in ${args.city}`,
  getTime: (args: { zone: string }) => `12:00 in ${args.zone}`,
};

const TOOL_MAP = new Map<string, (args: Record<string, string>) => string>([
  ['getWeather', (args) => `Sunny in ${args.city}`],
  ['getTime', (args) => `12:00 in ${args.zone}`],
]);

const registry: Record<string, (input: string) => string> = { ...handlers };

export async function runToolCall(question: string): Promise<unknown> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: question }],
    tools: TOOL_SCHEMAS,
  });
  const call = completion.choices[0].message.tool_calls?.[0];
  if (!call || call.type !== 'function') return null;
  const args = JSON.parse(call.function.arguments);
  // ruleid: llm-output-dynamic-dispatch
  return (handlers as Record<string, (a: unknown) => unknown>)[call.function.name](args);
}

export async function runNamedHandler(question: string): Promise<string> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: `Which handler for: ${question}? Name only.` });
  // ruleid: llm-output-dynamic-dispatch
  return registry[text.trim()](question);
}

export async function loadPlugin(question: string): Promise<unknown> {
  const response = await client.responses.create({ model: 'gpt-4.1-mini', input: `npm module for: ${question}` });
  // ruleid: llm-output-dynamic-dispatch
  const plugin = require(response.output_text.trim());
  return plugin.run(question);
}

export async function callMethodByName(question: string, service: Record<string, () => Promise<unknown>>): Promise<unknown> {
  const { text: method } = await generateText({ model: openai('gpt-4o-mini'), prompt: `Service method for: ${question}` });
  // ruleid: llm-output-dynamic-dispatch
  return service[method]();
}

// ---------------------------------------------------------------- look-alikes that stay silent

export async function runToolCallAllowlisted(question: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: question }],
    tools: TOOL_SCHEMAS,
  });
  const call = completion.choices[0].message.tool_calls?.[0];
  if (!call || call.type !== 'function') return '';
  const name = call.function.name;
  if (!(name in TOOLS)) throw new Error(`unknown tool ${name}`);
  const args = JSON.parse(call.function.arguments);
  // ok: llm-output-dynamic-dispatch
  return TOOLS[name as keyof typeof TOOLS](args);
}

export async function runFromMap(question: string): Promise<string> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: `Tool name for: ${question}` });
  // ok: llm-output-dynamic-dispatch
  const tool = TOOL_MAP.get(text.trim());
  return tool ? tool({ city: 'Paris', zone: 'CET' }) : 'no tool';
}

export async function readProperty(question: string): Promise<unknown> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: `Which field of the profile answers: ${question}?` }],
  });
  const field = completion.choices[0].message.content ?? 'name';
  const profile: Record<string, string> = { name: 'Ada', city: 'London' };
  // ok: llm-output-dynamic-dispatch
  return profile[field];
}

export async function constantRequire(question: string): Promise<unknown> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: question });
  // ok: llm-output-dynamic-dispatch
  const { marked } = require('marked');
  return marked.parse(text);
}

export async function switchDispatch(question: string): Promise<string> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: `getWeather or getTime for: ${question}` });
  switch (text.trim()) {
    case 'getWeather':
      // ok: llm-output-dynamic-dispatch
      return TOOLS.getWeather({ city: 'Paris' });
    default:
      // ok: llm-output-dynamic-dispatch
      return TOOLS.getTime({ zone: 'CET' });
  }
}
