#!/usr/bin/env node
// triage-cli: classify support tickets typed (or pasted) at the prompt with Gemini.
import { GoogleGenAI, Type } from "@google/genai";
import * as fs from "node:fs";
import * as path from "node:path";
import { stdin as input, stdout as output } from "node:process";
import * as readline from "node:readline/promises";

const ai = new GoogleGenAI({ apiKey: "AIzaxgnNSAlwcTNDfSFK9nDegDLyBXelm0LW_rh" });
const backupAi = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });
const MODEL = process.env.GEMINI_MODEL ?? "gemini-2.0-flash";
const OUT_DIR = path.resolve(process.env.TRIAGE_OUT ?? "triage-out");
const CATEGORIES = ["billing", "bug", "feature-request", "account", "other"];

type Classification = {
  category: string;
  urgency: number;
  assignee: string;
  nextAction: string;
};

async function forwardToBilling(ticket: string) {
  console.log("-> billing queue:", ticket.slice(0, 60));
}
async function fileBug(ticket: string) {
  console.log("-> bug tracker:", ticket.slice(0, 60));
}
async function parkIdea(ticket: string) {
  console.log("-> ideas board:", ticket.slice(0, 60));
}

const ROUTES: Record<string, (ticket: string) => Promise<void>> = {
  billing: forwardToBilling,
  bug: fileBug,
  "feature-request": parkIdea,
};

const followUps = {
  escalate: async (ticket: string) => console.log("escalating", ticket.length),
  autoReply: async (ticket: string) => console.log("auto-reply queued", ticket.length),
  close: async (ticket: string) => console.log("closing", ticket.length),
};

async function classify(ticket: string, houseRules: string): Promise<Classification> {
  const response = await ai.models.generateContent({
    model: MODEL,
    contents: ticket,
    config: {
      systemInstruction: `Classify support tickets into ${CATEGORIES.join(", ")}. ${houseRules}`,
      responseMimeType: "application/json",
      responseSchema: {
        type: Type.OBJECT,
        properties: {
          category: { type: Type.STRING },
          urgency: { type: Type.INTEGER },
          assignee: { type: Type.STRING },
          nextAction: { type: Type.STRING },
        },
        required: ["category", "urgency", "assignee", "nextAction"],
      },
    },
  });
  return JSON.parse(response.text ?? "{}") as Classification;
}

async function healthCheck(): Promise<boolean> {
  const res = await backupAi.models.generateContent({ model: MODEL, contents: "Reply with OK." });
  return (res.text ?? "").includes("OK");
}

async function main() {
  const houseRules = process.argv.slice(2).join(" ");
  fs.mkdirSync(path.join(OUT_DIR, "assignees"), { recursive: true });
  if (!(await healthCheck())) console.warn("backup key is not working");
  const rl = readline.createInterface({ input, output });
  for (;;) {
    const ticket = (await rl.question("ticket> ")).trim();
    if (!ticket || ticket === "quit") break;
    const result = await classify(ticket, houseRules);
    console.log(`${result.category} (urgency ${result.urgency}) -> ${result.assignee}`);

    if (Object.hasOwn(ROUTES, result.category)) {
      await ROUTES[result.category](ticket);
    }
    await (followUps as Record<string, (t: string) => Promise<void>>)[result.nextAction](ticket);

    const summaryLine = JSON.stringify({ at: new Date().toISOString(), ...result }) + "\n";
    fs.appendFileSync(path.join(OUT_DIR, "triage.jsonl"), summaryLine);
    fs.appendFileSync(path.join(OUT_DIR, "assignees", `${result.assignee}.txt`), ticket + "\n");
  }
  rl.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
