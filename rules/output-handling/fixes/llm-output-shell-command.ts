// Quick-fix fixture for llm-output-shell-command: exec of a command with a constant program becomes execFile.
import { exec, execSync } from 'node:child_process';
import * as childProcess from 'node:child_process';
import { generateText } from 'ai';
import { openai } from '@ai-sdk/openai';

async function ask(prompt: string): Promise<string> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt });
  return text.trim();
}

export async function showLog(question: string): Promise<void> {
  const range = await ask(`Which git revision range answers: ${question}? Reply with the range only.`);
  // ruleid: llm-output-shell-command
  exec(`git log --oneline ${range}`, (error, stdout) => {
    if (error) console.error(error);
    else console.log(stdout);
  });
}

export async function diskUsage(task: string): Promise<string> {
  const dir = await ask(`Which directory under /srv should be measured for: ${task}`);
  // ruleid: llm-output-shell-command
  return execSync('du -sh /srv/' + dir, { encoding: 'utf8' });
}

export async function countLines(task: string): Promise<Buffer> {
  const file = await ask(`Which log file for: ${task}`);
  // ruleid: llm-output-shell-command
  return childProcess.execSync(`wc -l --total=never ${file}`);
}

export async function runSuggested(task: string): Promise<string> {
  const command = await ask(`One shell command for: ${task}`);
  // The program itself comes from the model: no quick fix, the finding stays.
  // ruleid: llm-output-shell-command
  return execSync(command, { encoding: 'utf8' });
}

export async function fixedProgram(task: string): Promise<void> {
  const range = await ask(`A git revision range for: ${task}`);
  // ok: llm-output-shell-command
  childProcess.execFile('git', ['log', '--oneline', range], (error, stdout) => console.log(error ?? stdout));
}
