// Fixtures for llm-output-html-injection: model output written into the DOM (browser TypeScript).
import OpenAI from 'openai';
import { GoogleGenerativeAI } from '@google/generative-ai';
import ollama from 'ollama/browser';
import { marked } from 'marked';
import DOMPurify from 'dompurify';
import $ from 'jquery';

declare const sessionApiKey: string;

const client = new OpenAI({ apiKey: sessionApiKey, dangerouslyAllowBrowser: true });
const gemini = new GoogleGenerativeAI(sessionApiKey).getGenerativeModel({ model: 'gemini-1.5-flash' });

const answerEl = document.getElementById('answer') as HTMLDivElement;
const logEl = document.querySelector<HTMLUListElement>('#log')!;

export async function showAnswer(question: string): Promise<void> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  });
  const answer = completion.choices[0].message.content ?? '';
  // ruleid: llm-output-html-injection
  answerEl.innerHTML = answer;
}

export async function showMarkdown(question: string): Promise<void> {
  const result = await gemini.generateContent(question);
  const html = await marked.parse(result.response.text());
  // ruleid: llm-output-html-injection
  answerEl.innerHTML = html;
}

export async function streamIntoPage(question: string): Promise<void> {
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    stream: true,
    messages: [{ role: 'user', content: question }],
  });
  let buffer = '';
  for await (const chunk of stream) {
    buffer += chunk.choices[0]?.delta?.content ?? '';
    // ruleid: llm-output-html-injection
    answerEl.innerHTML = `<p>${buffer}</p>`;
  }
}

export async function appendToLog(question: string): Promise<void> {
  const reply = await ollama.chat({ model: 'llama3.1', messages: [{ role: 'user', content: question }] });
  // ruleid: llm-output-html-injection
  logEl.insertAdjacentHTML('beforeend', `<li>${reply.message.content}</li>`);
}

export async function replaceCard(question: string): Promise<void> {
  const response = await client.responses.create({ model: 'gpt-4.1-mini', input: question });
  const card = document.querySelector('.card')!;
  // ruleid: llm-output-html-injection
  card.outerHTML = `<section class="card">${response.output_text}</section>`;
}

export async function printable(question: string): Promise<void> {
  const result = await gemini.generateContent(`Write a printable summary of: ${question}`);
  const popup = window.open('', '_blank')!;
  // ruleid: llm-output-html-injection
  popup.document.write(result.response.text());
  // ruleid: llm-output-html-injection
  document.write('<footer>' + result.response.text() + '</footer>');
}

export async function jqueryRender(question: string): Promise<void> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  });
  // ruleid: llm-output-html-injection
  $('#answer').html(completion.choices[0].message.content ?? '');
}

// ---------------------------------------------------------------- look-alikes that stay silent

export async function showAsText(question: string): Promise<void> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  });
  const answer = completion.choices[0].message.content ?? '';
  // ok: llm-output-html-injection
  answerEl.textContent = answer;
  // ok: llm-output-html-injection
  logEl.innerText = answer;
}

export async function showSanitisedMarkdown(question: string): Promise<void> {
  const result = await gemini.generateContent(question);
  const html = await marked.parse(result.response.text());
  // ok: llm-output-html-injection
  answerEl.innerHTML = DOMPurify.sanitize(html);
}

export async function appendAsNode(question: string): Promise<void> {
  const reply = await ollama.chat({ model: 'llama3.1', messages: [{ role: 'user', content: question }] });
  const item = document.createElement('li');
  // ok: llm-output-html-injection
  item.textContent = reply.message.content;
  logEl.append(item);
  // ok: llm-output-html-injection
  logEl.insertAdjacentHTML('beforeend', '<li class="divider"></li>');
}

export async function jqueryText(question: string): Promise<void> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  });
  // ok: llm-output-html-injection
  $('#answer').text(completion.choices[0].message.content ?? '');
  // ok: llm-output-html-injection
  $('#status').html('<em>done</em>');
}

export async function spinnerOnly(question: string): Promise<void> {
  // ok: llm-output-html-injection
  answerEl.innerHTML = '<div class="spinner"></div>';
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  });
  // ok: llm-output-html-injection
  answerEl.setAttribute('data-length', String(completion.choices[0].message.content?.length ?? 0));
}

export async function escapedTemplate(question: string): Promise<void> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  });
  const escaped = DOMPurify.sanitize(completion.choices[0].message.content ?? '', { ALLOWED_TAGS: [] });
  // ok: llm-output-html-injection
  logEl.insertAdjacentHTML('beforeend', `<li>${escaped}</li>`);
  // ok: llm-output-html-injection
  logEl.insertAdjacentText('beforeend', completion.choices[0].message.content ?? '');
}
