// Fixtures for llm-output-code-execution: model output reaching eval, Function, vm and string timers (TypeScript).
import vm from 'node:vm';
import { generateObject, generateText, streamText } from 'ai';
import { openai } from '@ai-sdk/openai';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';

const client = new OpenAI();
const claude = new Anthropic();

const FORMULAS: Record<string, (a: number, b: number) => number> = {
  sum: (a, b) => a + b,
  ratio: (a, b) => a / b,
};

export async function calculator(question: string): Promise<unknown> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'Reply with one JavaScript arithmetic expression and nothing else.' },
      { role: 'user', content: question },
    ],
  });
  const expression = completion.choices[0].message.content ?? '0';
  // ruleid: llm-output-code-execution
  return eval(expression);
}

export async function buildTransformer(description: string): Promise<(row: unknown) => unknown> {
  const { text } = await generateText({
    model: openai('gpt-4o'),
    prompt: `Write the body of a JS function (row) => ... that ${description}. Code only.`,
  });
  // ruleid: llm-output-code-execution
  return new Function('row', text) as (row: unknown) => unknown;
}

export async function buildPredicate(description: string): Promise<unknown> {
  const response = await client.responses.create({ model: 'gpt-4.1-mini', input: `JS boolean expression over x: ${description}` });
  // ruleid: llm-output-code-execution
  const predicate = Function('x', `return (${response.output_text});`);
  return predicate;
}

export async function sandboxRun(task: string): Promise<unknown> {
  const message = await claude.messages.create({
    model: 'claude-sonnet-4-20250514',
    max_tokens: 1500,
    messages: [{ role: 'user', content: `Write a JS snippet that ${task}. Assign the answer to result.` }],
  });
  const block = message.content[0];
  const code = block.type === 'text' ? block.text : '';
  const sandbox = { result: undefined as unknown };
  // ruleid: llm-output-code-execution
  vm.runInNewContext(code, sandbox, { timeout: 1000 });
  return sandbox.result;
}

export async function scriptRun(task: string): Promise<unknown> {
  const llm = new ChatOpenAI({ model: 'gpt-4o-mini' });
  const reply = await llm.invoke(`Write a JS expression that ${task}`);
  // ruleid: llm-output-code-execution
  const script = new vm.Script(String(reply.content));
  const context = vm.createContext({});
  return script.runInContext(context);
}

export async function contextRun(task: string): Promise<unknown> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: `JS expression: ${task}` });
  const context = vm.createContext({ Math });
  // ruleid: llm-output-code-execution
  const first = vm.runInContext(text, context);
  // ruleid: llm-output-code-execution
  const second = vm.runInThisContext(text);
  return [first, second];
}

export async function streamedCode(task: string): Promise<void> {
  const result = streamText({ model: openai('gpt-4o-mini'), prompt: `JS only: ${task}` });
  let program = '';
  for await (const delta of result.textStream) {
    program += delta;
  }
  // ruleid: llm-output-code-execution
  eval(program);
}

export async function scheduledCode(task: string): Promise<void> {
  const { text: snippet } = await generateText({ model: openai('gpt-4o-mini'), prompt: `One JS statement that ${task}` });
  // ruleid: llm-output-code-execution
  setTimeout(snippet, 1000);
  // ruleid: llm-output-code-execution
  setInterval('console.log("tick");' + snippet, 60_000);
}

export async function structuredFormula(task: string): Promise<unknown> {
  const { object } = await generateObject({
    model: openai('gpt-4o-mini'),
    schema: z.object({ formula: z.string() }),
    prompt: `Give a JS formula in a and b for: ${task}`,
  });
  // ruleid: llm-output-code-execution
  return new Function('a', 'b', `return ${object.formula};`);
}

// ---------------------------------------------------------------- look-alikes that stay silent

export async function parseAnswer(question: string): Promise<unknown> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: `Answer as JSON: ${question}` });
  // ok: llm-output-code-execution
  return JSON.parse(text);
}

export async function pickFormula(question: string): Promise<number> {
  const { object } = await generateObject({
    model: openai('gpt-4o-mini'),
    schema: z.object({ name: z.enum(['sum', 'ratio']), a: z.number(), b: z.number() }),
    prompt: question,
  });
  // ok: llm-output-code-execution
  const fn = new Function('a', 'b', 'return a * b;');
  return FORMULAS[object.name](object.a, object.b) + fn(object.a, object.b);
}

export async function delayedNotice(question: string): Promise<void> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: question });
  // ok: llm-output-code-execution
  setTimeout(() => console.log(text), 1000);
  // ok: llm-output-code-execution
  eval('1 + 1');
}

export async function sandboxConstant(values: number[]): Promise<unknown> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: 'Pick a number between 1 and 10.' });
  const factor = Number(text);
  // ok: llm-output-code-execution
  return vm.runInNewContext('values.map((v) => v * factor)', { values, factor });
}

export async function showCode(task: string): Promise<string> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: `Write JS that ${task}` });
  // ok: llm-output-code-execution
  const highlighted = text.split('\n').map((line, i) => `${i + 1}: ${line}`);
  return highlighted.join('\n');
}

export async function regexFromModel(question: string, lines: string[]): Promise<string[]> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: `A JS regular expression for: ${question}` });
  // ok: llm-output-code-execution
  const matcher = new RegExp(text, 'u');
  return lines.filter((line) => matcher.test(line));
}

export async function parseWithReviver(question: string): Promise<unknown> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: `JSON with ISO dates for: ${question}` });
  // ok: llm-output-code-execution
  return JSON.parse(text, (_key, value) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(value) : value));
}

export async function pollingWithClosure(question: string): Promise<void> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: question });
  // ok: llm-output-code-execution
  const timer = setInterval(() => console.log('still thinking about', text), 5_000);
  clearInterval(timer);
}

export async function constantSandbox(question: string): Promise<unknown> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: question });
  // ok: llm-output-code-execution
  const script = new vm.Script('answer.trim().length');
  return script.runInNewContext({ answer: text });
}

export async function evalFeatureFlags(question: string): Promise<boolean> {
  const flags = process.env.FEATURE_FLAGS ?? '{}';
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: question });
  // ok: llm-output-code-execution
  const enabled = Boolean(eval(`(${JSON.stringify(flags)})`));
  return enabled && text.length > 0;
}
