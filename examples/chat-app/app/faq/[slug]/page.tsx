// Help-centre article: the model drafts the answer in Markdown, and the page renders it.
import { notFound } from 'next/navigation';
import { generateText } from 'ai';
import { marked } from 'marked';
import { FAQ, FAQ_SYSTEM_PROMPT } from '@/lib/faq';
import { CHAT_MODEL, openai } from '@/lib/providers';

export const revalidate = 3600;

export default async function FaqPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const entry = FAQ.find((item) => item.slug === slug);
  if (!entry) notFound();

  const { text } = await generateText({
    model: openai(CHAT_MODEL),
    system: FAQ_SYSTEM_PROMPT,
    prompt: entry.question,
  });
  const html = await marked.parse(text);

  return (
    <article className="faq">
      <h1>{entry.question}</h1>
      <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
      <p className="disclaimer">This answer was written by an AI assistant and reviewed monthly.</p>
    </article>
  );
}
