import { openai } from "@ai-sdk/openai";
import { generateText } from "ai";
import DOMPurify from "isomorphic-dompurify";
import { marked } from "marked";

type Ticket = { id: string; subject: string; body: string; customerTier: "free" | "pro" | "enterprise" };

const SUMMARY_SYSTEM =
  "Summarise the support ticket for an agent in Markdown. At most five bullet points, no headings.";
const REPLY_SYSTEM = "Draft a polite reply to the customer in Markdown. Sign as 'The Acme team'.";

async function summarise(ticket: Ticket): Promise<string> {
  const { text } = await generateText({
    model: openai("gpt-4o-mini"),
    system: SUMMARY_SYSTEM,
    prompt: `Subject: ${ticket.subject}\n\n${ticket.body}`,
  });
  return text;
}

export async function TicketSummary({ ticket }: { ticket: Ticket }) {
  const summary = await summarise(ticket);
  const safeHtml = DOMPurify.sanitize(await marked.parse(summary));
  return (
    <section aria-labelledby={`summary-${ticket.id}`} className="rounded border p-4">
      <h2 id={`summary-${ticket.id}`} className="font-semibold">
        Summary
      </h2>
      <div className="prose prose-sm" dangerouslySetInnerHTML={{ __html: safeHtml }} />
    </section>
  );
}

export async function SuggestedReply({ ticket }: { ticket: Ticket }) {
  const { text } = await generateText({
    model: openai(ticket.customerTier === "enterprise" ? "gpt-4o" : "gpt-4o-mini"),
    system: REPLY_SYSTEM,
    prompt: ticket.body,
  });
  const html = await marked.parse(text);
  return (
    <article className="suggested-reply">
      <header className="text-xs text-gray-500">Suggested reply (edit before sending)</header>
      <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
      <details>
        <summary>Raw Markdown</summary>
        <pre className="whitespace-pre-wrap">{text}</pre>
      </details>
    </article>
  );
}

export async function TicketTitle({ ticket }: { ticket: Ticket }) {
  const { text: title } = await generateText({
    model: openai("gpt-4o-mini"),
    prompt: `Give this ticket a title of at most eight words:\n${ticket.body}`,
    maxTokens: 30,
  });
  return (
    <h1 title={title} className="truncate text-lg">
      {title}
    </h1>
  );
}
