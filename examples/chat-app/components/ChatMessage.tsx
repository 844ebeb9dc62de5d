'use client';
// One bubble in the chat transcript. Model text is rendered as React text, never as HTML.
export interface ChatMessageProps {
  role: 'user' | 'assistant';
  content: string;
}

export function ChatMessage({ role, content }: ChatMessageProps) {
  return (
    <li className={`bubble bubble-${role}`}>
      <span className="sr-only">{role === 'user' ? 'You said' : 'Assistant said'}</span>
      <p>{content}</p>
    </li>
  );
}
