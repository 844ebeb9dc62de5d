// Fixtures for llm-output-html-injection: React components that render model output (Next.js server components).
import { generateText, streamText } from 'ai';
import { openai } from '@ai-sdk/openai';
import Anthropic from '@anthropic-ai/sdk';
import { marked } from 'marked';
import DOMPurify from 'isomorphic-dompurify';
import { useChat } from '@ai-sdk/react';

const claude = new Anthropic();

export async function AnswerCard({ question }: { question: string }) {
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    prompt: `Answer in HTML: ${question}`,
  });
  return (
    <article className="answer">
      <div
        className="body"
        // ruleid: llm-output-html-injection
        dangerouslySetInnerHTML={{ __html: text }}
      />
    </article>
  );
}

export async function MarkdownAnswer({ question }: { question: string }) {
  const message = await claude.messages.create({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 800,
    messages: [{ role: 'user', content: question }],
  });
  const block = message.content[0];
  const html = marked.parse(block.type === 'text' ? block.text : '') as string;
  return (
    <section
      className="prose"
      // ruleid: llm-output-html-injection
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

export async function StreamedSummary({ url }: { url: string }) {
  const result = streamText({ model: openai('gpt-4o-mini'), prompt: `Summarise ${url} as an HTML list.` });
  let html = '';
  for await (const delta of result.textStream) html += delta;
  const markup = { __html: `<h2>Summary</h2>${html}` };
  return (
    <div>
      <div
        className="summary"
        // ruleid: llm-output-html-injection
        dangerouslySetInnerHTML={markup}
      />
    </div>
  );
}

// ---------------------------------------------------------------- look-alikes that stay silent

export async function PlainAnswer({ question }: { question: string }) {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: question });
  return (
    // ok: llm-output-html-injection
    <p className="answer">{text}</p>
  );
}

export async function SanitisedMarkdown({ question }: { question: string }) {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: question });
  const clean = DOMPurify.sanitize(await marked.parse(text));
  return (
    <section className="prose">
      <div
        className="body"
        // ok: llm-output-html-injection
        dangerouslySetInnerHTML={{ __html: clean }}
      />
      <div
        className="divider"
        // ok: llm-output-html-injection
        dangerouslySetInnerHTML={{ __html: '<hr />' }}
      />
    </section>
  );
}

export async function AnswerWithTitle({ question }: { question: string }) {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: `One-line title for: ${question}` });
  return (
    // ok: llm-output-html-injection
    <h1 title={text} data-source="llm">
      {text}
    </h1>
  );
}

// A client component: messages come from the useChat hook, not from a call the engine can see.
export function ChatTranscript() {
  const { messages } = useChat();
  return (
    <ul>
      {messages.map((m) => (
        <li key={m.id}>
          <span
            className="message"
            // ruleid: llm-output-html-injection
            dangerouslySetInnerHTML={{ __html: m.parts.map((p) => (p.type === 'text' ? p.text : '')).join('') }}
          />
        </li>
      ))}
    </ul>
  );
}
