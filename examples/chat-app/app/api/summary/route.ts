// Ticket summaries for the agent dashboard. Input is validated before any of it reaches the model.
import { NextResponse } from 'next/server';
import { generateText } from 'ai';
import { z } from 'zod';
import { CHAT_MODEL, openai } from '@/lib/providers';

const SummaryRequest = z.object({
  ticketId: z.string().regex(/^T-\d{4,6}$/),
  length: z.enum(['short', 'detailed']),
});

export async function POST(request: Request) {
  const { ticketId, length } = SummaryRequest.parse(await request.json());
  const { text } = await generateText({
    model: openai(CHAT_MODEL),
    system: 'You summarise Acme support tickets for agents. Never include personal data.',
    prompt: `Write a ${length} summary of ticket ${ticketId} for the hand-over note.`,
  });
  return NextResponse.json({ ticketId, summary: text });
}
