// Streaming chat endpoint for the web widget. Each support team embeds the widget with ?team=<name>.
import { NextRequest } from 'next/server';
import { streamText } from 'ai';
import { z } from 'zod';
import { CHAT_MODEL, openai } from '@/lib/providers';

const ChatBody = z.object({
  messages: z
    .array(
      z.object({
        role: z.enum(['user', 'assistant']),
        content: z.string().min(1).max(4000),
      }),
    )
    .min(1)
    .max(40),
});

export async function POST(request: NextRequest) {
  const team = request.nextUrl.searchParams.get('team') ?? 'customer support';
  const parsed = ChatBody.safeParse(await request.json());
  if (!parsed.success) {
    return Response.json({ error: parsed.error.issues }, { status: 400 });
  }
  const result = streamText({
    model: openai(CHAT_MODEL),
    system: `You are Acme's assistant for the ${team} team. Only answer questions about Acme products and orders.`,
    messages: parsed.data.messages,
    maxOutputTokens: 800,
  });
  return result.toTextStreamResponse();
}
