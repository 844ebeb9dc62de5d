// Quick-fix fixture for llm-output-html-injection: dangerouslySetInnerHTML gets sanitised HTML.
import { useEffect, useState } from 'react';
import { useChat } from '@ai-sdk/react';
import { marked } from 'marked';
import DOMPurify from 'dompurify';

export function ChatLog() {
  const { messages } = useChat();
  return (
    <ul>
      {messages.map((m) => (
        <li
          key={m.id}
          // ruleid: llm-output-html-injection
          dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(marked.parse(m.parts.map((p) => (p.type === 'text' ? p.text : '')).join(''), { async: false })) }}
        />
      ))}
    </ul>
  );
}

export function Summary({ documentId }: { documentId: string }) {
  const [summary, setSummary] = useState('');
  useEffect(() => {
    fetch(`/api/summary/${documentId}`)
      .then((r) => r.json())
      .then((d: { summary: string }) => setSummary(d.summary));
  }, [documentId]);
  // ok: llm-output-html-injection
  return <p>{summary}</p>;
}
