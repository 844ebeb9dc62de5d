// Quick-fix fixture for llm-output-html-injection: model output written into the DOM as text, or sanitised.
import OpenAI from 'openai';
import { marked } from 'marked';
import $ from 'jquery';
import DOMPurify from 'dompurify';

declare const sessionApiKey: string;

const client = new OpenAI({ apiKey: sessionApiKey, dangerouslyAllowBrowser: true });
const answerEl = document.getElementById('answer') as HTMLDivElement;
const historyEl = document.getElementById('history') as HTMLUListElement;

async function ask(question: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  });
  return completion.choices[0].message.content ?? '';
}

export async function showAnswer(question: string): Promise<void> {
  const answer = await ask(question);
  // ruleid: llm-output-html-injection
  answerEl.textContent = answer;
}

export async function showMarkdown(question: string): Promise<void> {
  const html = await marked.parse(await ask(question));
  // ruleid: llm-output-html-injection
  answerEl.innerHTML = DOMPurify.sanitize(html);
}

export async function appendHistory(question: string): Promise<void> {
  const answer = await ask(question);
  // ruleid: llm-output-html-injection
  historyEl.insertAdjacentHTML('beforeend', DOMPurify.sanitize(`<li class="answer">${answer}</li>`));
}

export async function showStatus(question: string): Promise<void> {
  const status = await ask(`One word status for: ${question}`);
  // ruleid: llm-output-html-injection
  $('#status').text(status);
}

export async function showAsText(question: string): Promise<void> {
  const answer = await ask(question);
  // ok: llm-output-html-injection
  answerEl.textContent = answer;
}
