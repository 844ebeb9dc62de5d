// Fixtures for llm-output-shell-command: model output run by a shell (TypeScript, Node).
import { exec, execFile, execFileSync, execSync, spawn } from 'node:child_process';
import * as childProcess from 'node:child_process';
import { promisify } from 'node:util';
import { execa, execaCommand } from 'execa';
import { generateObject, generateText } from 'ai';
import { openai } from '@ai-sdk/openai';
import OpenAI from 'openai';
import ollama from 'ollama';
import { z } from 'zod';

const client = new OpenAI();
const execAsync = promisify(exec);

const SYSTEM = 'You are a Linux assistant. Reply with exactly one shell command and nothing else.';

async function suggest(task: string): Promise<string> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), system: SYSTEM, prompt: task });
  return text.trim();
}

export async function runTask(task: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: task },
    ],
  });
  const command = completion.choices[0].message.content ?? '';
  // ruleid: llm-output-shell-command
  return execSync(command, { encoding: 'utf8' });
}

export async function runWithCallback(task: string): Promise<void> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), system: SYSTEM, prompt: task });
  // ruleid: llm-output-shell-command
  exec(text, (error, stdout) => {
    if (error) console.error(error);
    else console.log(stdout);
  });
}

export async function runPromisified(task: string): Promise<string> {
  const command = await suggest(task);
  // ruleid: llm-output-shell-command
  const { stdout } = await execAsync(`cd /srv/app && ${command}`);
  return stdout;
}

export async function spawnWithShell(task: string): Promise<void> {
  const reply = await ollama.chat({ model: 'llama3.1', messages: [{ role: 'user', content: `${SYSTEM}\n${task}` }] });
  // ruleid: llm-output-shell-command
  const child = spawn(reply.message.content, { shell: true, stdio: 'inherit' });
  child.on('exit', (code) => console.log('exit', code));
}

export async function execFileWithShell(task: string): Promise<void> {
  const flags = await suggest(`Only the flags for ls that would: ${task}`);
  // ruleid: llm-output-shell-command
  execFile(`ls ${flags}`, { shell: true }, (err, out) => console.log(err ?? out));
}

export async function namespaceExec(task: string): Promise<Buffer> {
  const command = await suggest(task);
  // ruleid: llm-output-shell-command
  return childProcess.execSync(command);
}

export async function execaCommandString(task: string): Promise<string> {
  const command = await suggest(task);
  // ruleid: llm-output-shell-command
  const { stdout } = await execaCommand(command);
  return stdout;
}

export async function execaShell(task: string): Promise<string> {
  const command = await suggest(task);
  // ruleid: llm-output-shell-command
  const { stdout } = await execa(command, { shell: true });
  return stdout;
}

export async function toolCall(task: string): Promise<string> {
  const { object } = await generateObject({
    model: openai('gpt-4o'),
    schema: z.object({ command: z.string(), reason: z.string() }),
    prompt: task,
  });
  // ruleid: llm-output-shell-command
  return execSync(object.command).toString();
}

// ---------------------------------------------------------------- look-alikes that stay silent

export async function gitLog(question: string): Promise<string> {
  const branch = await suggest(`Which git branch matches: ${question}? Name only.`);
  // ok: llm-output-shell-command
  return execFileSync('git', ['log', '--oneline', '-n', '20', branch], { encoding: 'utf8' });
}

export async function grepDocs(question: string): Promise<void> {
  const term = await suggest(`One keyword for: ${question}`);
  // ok: llm-output-shell-command
  execFile('grep', ['-rn', '--', term, 'docs/'], (err, out) => console.log(err ?? out));
}

export async function spawnVector(question: string): Promise<void> {
  const dir = await suggest(`Directory name for: ${question}`);
  // ok: llm-output-shell-command
  const child = spawn('ls', ['-la', dir], { stdio: 'inherit' });
  child.on('exit', () => undefined);
}

export async function execaVector(question: string): Promise<string> {
  const label = await suggest(`Tag name for: ${question}`);
  // ok: llm-output-shell-command
  const { stdout } = await execa('git', ['tag', '--list', label]);
  return stdout;
}

export async function constantCommand(): Promise<string> {
  const summary = await suggest('Summarise the deploy.');
  // ok: llm-output-shell-command
  const disk = execSync('df -h /', { encoding: 'utf8' });
  return `${summary}\n${disk}`;
}

export async function stdinOnly(question: string): Promise<void> {
  const text = await suggest(question);
  // ok: llm-output-shell-command
  const child = spawn('wc', ['-w']);
  child.stdin.end(text);
}

export async function envOnly(question: string): Promise<void> {
  const label = await suggest(`Short label for: ${question}`);
  // ok: llm-output-shell-command
  execFileSync('./scripts/tag-build.sh', [], { env: { ...process.env, BUILD_LABEL: label } });
}

export async function commitMessage(diffSummary: string): Promise<void> {
  const message = await suggest(`One-line commit message for: ${diffSummary}`);
  // ok: llm-output-shell-command
  execFileSync('git', ['commit', '-m', message]);
}
