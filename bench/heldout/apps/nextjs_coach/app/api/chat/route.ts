import { createOpenAI } from "@ai-sdk/openai";
import { generateText, streamText } from "ai";
import type { NextRequest } from "next/server";
import { z } from "zod";

export const runtime = "nodejs";
export const maxDuration = 30;

const gateway = createOpenAI({
  baseURL: "http://llm-gateway.corp.example.net/v1",
  apiKey: process.env.LLM_GATEWAY_KEY,
});
const devGateway = createOpenAI({ baseURL: "http://127.0.0.1:4000/v1", apiKey: process.env.DEV_GATEWAY_KEY });

const PERSONAS = {
  coach: "You are a supportive writing coach. Ask one question at a time.",
  reviewer: "You are a strict code reviewer. Point out bugs before style.",
  tutor: "You are a patient maths tutor. Never give the final answer directly.",
} as const;

const ChatRequest = z.object({
  messages: z
    .array(z.object({ role: z.enum(["user", "assistant"]), content: z.string().max(8000) }))
    .min(1)
    .max(50),
  persona: z.enum(["coach", "reviewer", "tutor"]).default("coach"),
});

function pickModel() {
  return process.env.NODE_ENV === "development" ? devGateway("gpt-4o-mini") : gateway("gpt-4o-mini");
}

export async function POST(req: Request) {
  const body = await req.json();
  const { messages, persona } = ChatRequest.parse(body);
  const pageContext = typeof body.pageContext === "string" ? body.pageContext.slice(0, 2000) : "";

  const result = streamText({
    model: pickModel(),
    system: `${PERSONAS[persona]}\n\nThe user is currently looking at:\n${pageContext}`,
    messages,
    temperature: 0.4,
    onFinish: ({ usage }) => console.info("chat usage", usage),
  });
  return result.toDataStreamResponse();
}

export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const topic = params.get("topic") ?? "general writing";
  const persona = params.get("persona") ?? "coach";
  if (!(persona in PERSONAS)) {
    return Response.json({ error: "unknown persona" }, { status: 400 });
  }
  const { text } = await generateText({
    model: pickModel(),
    system: PERSONAS[persona as keyof typeof PERSONAS],
    prompt: `Suggest three short conversation starters about ${topic}. One per line.`,
    maxTokens: 200,
  });
  return Response.json({ suggestions: text.split("\n").map((s) => s.trim()).filter(Boolean) });
}
