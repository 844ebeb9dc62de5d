// Fixtures for llm-output-file-path: model output used as a file system path (TypeScript, Node).
import * as fs from 'node:fs';
import { readFile, rm, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { generateObject, generateText } from 'ai';
import { openai } from '@ai-sdk/openai';
import OpenAI from 'openai';
import { z } from 'zod';

const client = new OpenAI();
const OUTPUT_DIR = '/srv/assistant/output';
const REPORT_PATH = path.join(OUTPUT_DIR, 'report.md');

async function ask(prompt: string): Promise<string> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt });
  return text.trim();
}

export async function saveGenerated(task: string): Promise<string> {
  const { object } = await generateObject({
    model: openai('gpt-4o'),
    schema: z.object({ filename: z.string(), content: z.string() }),
    prompt: `Create a file for: ${task}`,
  });
  // ruleid: llm-output-file-path
  await writeFile(object.filename, object.content, 'utf8');
  return object.filename;
}

export async function readSuggested(question: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: `Which config file answers: ${question}? Path only.` }],
  });
  const file = completion.choices[0].message.content ?? '';
  // ruleid: llm-output-file-path
  return readFile(file, 'utf8');
}

export async function writeUnderOutputDir(task: string): Promise<void> {
  const name = await ask(`A file name for: ${task}`);
  const content = await ask(task);
  // ruleid: llm-output-file-path
  fs.writeFileSync(path.join(OUTPUT_DIR, name), content);
}

export async function cleanup(task: string): Promise<void> {
  const stale = await ask(`Which temporary file to delete for: ${task}? Path only.`);
  // ruleid: llm-output-file-path
  await unlink(stale);
  const dir = await ask(`Which cache directory to clear for: ${task}?`);
  // ruleid: llm-output-file-path
  await rm(dir, { recursive: true, force: true });
}

export async function streamToFile(task: string): Promise<void> {
  const response = await client.responses.create({ model: 'gpt-4.1-mini', input: `File name for ${task}` });
  // ruleid: llm-output-file-path
  const out = fs.createWriteStream(path.resolve(OUTPUT_DIR, response.output_text));
  out.end('generated\n');
}

export async function callbackRead(question: string): Promise<void> {
  const target = await ask(`Log file for: ${question}`);
  // ruleid: llm-output-file-path
  fs.readFile(target, 'utf8', (err, data) => console.log(err ?? data.slice(0, 200)));
}

// ---------------------------------------------------------------- look-alikes that stay silent

export async function writeReport(task: string): Promise<string> {
  const report = await ask(`Write a report about: ${task}`);
  // ok: llm-output-file-path
  await writeFile(REPORT_PATH, report, 'utf8');
  return REPORT_PATH;
}

export async function writeBasenameChecked(task: string): Promise<string> {
  const suggested = await ask(`A file name for: ${task}`);
  const target = path.resolve(OUTPUT_DIR, path.basename(suggested));
  if (!target.startsWith(OUTPUT_DIR + path.sep)) throw new Error('refusing to write outside the output directory');
  // ok: llm-output-file-path
  await writeFile(target, await ask(task), 'utf8');
  return target;
}

export async function appendLog(task: string): Promise<void> {
  const answer = await ask(task);
  // ok: llm-output-file-path
  fs.appendFileSync('/var/log/assistant/answers.log', `${answer}\n`);
}

export async function templateByKind(task: string): Promise<string> {
  const kind = await ask(`bug or feature? One word: ${task}`);
  const template = kind === 'bug' ? 'templates/bug.md' : 'templates/feature.md';
  // ok: llm-output-file-path
  return readFile(template, 'utf8');
}

export async function fixedCopy(task: string): Promise<void> {
  await ask(`Summarise the nightly build for: ${task}`);
  // ok: llm-output-file-path
  fs.copyFileSync('build/nightly.log', path.join(OUTPUT_DIR, 'nightly.log'));
}

export async function writeSummaryFixedName(task: string): Promise<void> {
  const summary = await ask(`Summarise: ${task}`);
  // ok: llm-output-file-path
  fs.writeFileSync(path.join(OUTPUT_DIR, 'summary.txt'), summary);
}

export async function writeTimestamped(task: string): Promise<string> {
  const draft = await ask(`Draft an email about: ${task}`);
  const target = path.join(OUTPUT_DIR, `${Date.now()}.md`);
  // ok: llm-output-file-path
  await writeFile(target, draft, 'utf8');
  return target;
}
