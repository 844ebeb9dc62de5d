import express, { type NextFunction, type Request, type Response } from "express";
import OpenAI from "openai";
import { Pool } from "pg";
import { exec, execFile } from "node:child_process";
import { promisify } from "node:util";
import { z } from "zod";

const openai = new OpenAI({ apiKey: "sk-proj-3YY3xXSw3jeNb3uepZAJEecqg6CtaV4Ol29gKUGSZOSNJxqK" });
const fallback = new OpenAI({
  apiKey: process.env.OPENAI_FALLBACK_KEY,
  baseURL: "https://eu.api.openai.com/v1",
});
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const execFileAsync = promisify(execFile);

const SYSTEM_PROMPT = "You are the Acme developer-portal assistant. Be precise and cite docs.";
const SQL_SYSTEM =
  "Write one PostgreSQL SELECT over api_usage(team text, day date, requests int, errors int). SQL only.";

const ChatBody = z.object({
  message: z.string().min(1).max(4000),
  conversationId: z.string().uuid(),
});
const CommitBody = z.object({ sha: z.string().regex(/^[0-9a-f]{7,40}$/) });

const app = express();
app.use(express.json({ limit: "256kb" }));

async function complete(messages: OpenAI.Chat.ChatCompletionMessageParam[]): Promise<string> {
  try {
    const res = await openai.chat.completions.create({ model: "gpt-4o-mini", messages });
    return res.choices[0]?.message?.content ?? "";
  } catch (err) {
    console.warn("primary failed, trying fallback", err);
    const res = await fallback.chat.completions.create({ model: "gpt-4o-mini", messages });
    return res.choices[0]?.message?.content ?? "";
  }
}

app.post("/api/chat", async (req: Request, res: Response) => {
  const parsed = ChatBody.safeParse(req.body);
  if (!parsed.success) {
    return res.status(400).json({ error: parsed.error.issues });
  }
  const { message, conversationId } = parsed.data;
  const answer = await complete([
    { role: "system", content: SYSTEM_PROMPT },
    { role: "user", content: message },
  ]);
  const insert = "INSERT INTO chat_log (conversation_id, question, answer) VALUES ($1, $2, $3)";
  await pool.query(insert, [conversationId, message, answer]);
  res.json({ answer });
});

app.post("/api/proxy/completions", async (req: Request, res: Response) => {
  const { model = "gpt-4o-mini", system, prompt } = req.body;
  const stream = await openai.chat.completions.create({
    model,
    stream: true,
    messages: [
      { role: "system", content: system ?? SYSTEM_PROMPT },
      { role: "user", content: prompt },
    ],
  });
  res.setHeader("Content-Type", "text/event-stream");
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta?.content ?? "";
    res.write(`data: ${JSON.stringify({ delta })}\n\n`);
  }
  res.end();
});

app.get("/api/reports/:team", async (req: Request, res: Response) => {
  const team = req.params.team;
  const question = String(req.query.q ?? "");
  const stream = await openai.chat.completions.create({
    model: "gpt-4o",
    stream: true,
    messages: [
      { role: "system", content: SQL_SYSTEM },
      { role: "user", content: `Team ${team} asks: ${question}` },
    ],
  });
  let sql = "";
  for await (const chunk of stream) {
    sql += chunk.choices[0]?.delta?.content ?? "";
  }
  const { rows } = await pool.query(sql.trim().replace(/;\s*$/, ""));
  res.json({ rows });
});

app.post("/api/commits/explain", async (req: Request, res: Response) => {
  const { sha } = CommitBody.parse(req.body);
  const { stdout: diff } = await execFileAsync("git", ["show", "--stat", sha]);
  const keyword = (
    await complete([
      { role: "system", content: "Reply with one search keyword for related commits." },
      { role: "user", content: diff.slice(0, 6000) },
    ])
  ).trim();
  const related = await execFileAsync("git", ["log", "--oneline", `--grep=${keyword}`, "-n", "20"]);
  exec(`git log --oneline --author="${keyword}" -n 5`, (err, stdout) => {
    if (err) console.warn("author search failed", err.message);
    else console.log(stdout);
  });
  res.json({ keyword, related: related.stdout.split("\n").filter(Boolean) });
});

app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
  console.error(err);
  res.status(500).json({ error: "internal error" });
});

app.listen(Number(process.env.PORT ?? 3000), "127.0.0.1");
