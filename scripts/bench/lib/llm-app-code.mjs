// Generates realistic LLM-application source (Python and TypeScript) of a requested size, for the
// smoke corpus and the edit benchmark. The code is built from blocks that look like what llmsec
// scans in practice: SDK clients, route handlers that put request data into prompts, LLM output
// reaching sinks (shell, SQL, HTML, eval), model loads, and plain helper code between them.
// Deterministic: the same seed gives the same text.

/** A small seeded PRNG (mulberry32), so generated files and edit sequences are reproducible. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rand, items) => items[Math.floor(rand() * items.length)];

const PY_HEADER = `import json
import os
import sqlite3
import subprocess

from anthropic import Anthropic
from flask import Flask, jsonify, render_template_string, request
from openai import OpenAI
from transformers import AutoModelForCausalLM, AutoTokenizer

app = Flask(__name__)
client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
claude = Anthropic()
db = sqlite3.connect("app.db")
`;

const PY_BLOCKS = [
  (n) => `

@app.route("/ask_${n}", methods=["POST"])
def ask_${n}():
    question = request.json.get("question", "")
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": "You answer questions about invoices."},
            {"role": "user", "content": f"Question: {question}"},
        ],
        max_tokens=400,
    )
    answer = completion.choices[0].message.content
    return jsonify({"answer": answer})
`,
  (n) => `

def run_suggested_command_${n}(task: str) -> str:
    reply = claude.messages.create(
        model="claude-3-5-sonnet-latest",
        max_tokens=256,
        messages=[{"role": "user", "content": f"Give one shell command to {task}"}],
    )
    command = reply.content[0].text.strip()
    result = subprocess.run(command, shell=True, capture_output=True, text=True)
    return result.stdout
`,
  (n) => `

def report_rows_${n}(topic: str):
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "Write a SQL WHERE clause for " + topic}],
    )
    where = completion.choices[0].message.content
    cursor = db.cursor()
    cursor.execute("SELECT id, total FROM invoices WHERE " + where)
    return cursor.fetchall()
`,
  (n) => `

@app.route("/summary_${n}")
def summary_${n}():
    text = request.args.get("text", "")
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Summarise as HTML: " + text}],
    )
    html = completion.choices[0].message.content
    return render_template_string("<div>" + html + "</div>")
`,
  (n) => `

def load_model_${n}(name: str = "mistralai/Mistral-7B-v0.1"):
    tokenizer = AutoTokenizer.from_pretrained(name, revision="main")
    model = AutoModelForCausalLM.from_pretrained(name, trust_remote_code=True)
    return tokenizer, model
`,
  (n) => `

def parse_amounts_${n}(lines: list[str]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for line in lines:
        if not line or line.startswith("#"):
            continue
        name, _, amount = line.partition(",")
        try:
            totals[name.strip()] = totals.get(name.strip(), 0.0) + float(amount)
        except ValueError:
            continue
    return totals
`,
  (n) => `

class InvoiceAgent${n}:
    def __init__(self, model: str = "gpt-4o-mini") -> None:
        self.model = model
        self.history: list[dict[str, str]] = []

    def step(self, message: str) -> str:
        self.history.append({"role": "user", "content": message})
        completion = client.chat.completions.create(model=self.model, messages=self.history)
        content = completion.choices[0].message.content or ""
        self.history.append({"role": "assistant", "content": content})
        if content.startswith("CALC:"):
            return str(eval(content[5:]))
        return content
`,
];

const TS_HEADER = `import { exec } from 'node:child_process';
import Anthropic from '@anthropic-ai/sdk';
import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';
import express from 'express';
import OpenAI from 'openai';
import { Pool } from 'pg';

const app = express();
app.use(express.json());
const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
const claude = new Anthropic();
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
`;

const TS_BLOCKS = [
  (n) => `
app.post('/ask-${n}', async (req, res) => {
  const question: string = req.body.question ?? '';
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'You answer questions about invoices.' },
      { role: 'user', content: \`Question: \${question}\` },
    ],
    max_tokens: 400,
  });
  res.json({ answer: completion.choices[0].message.content });
});
`,
  (n) => `
export async function runSuggestedCommand${n}(task: string): Promise<string> {
  const reply = await claude.messages.create({
    model: 'claude-3-5-sonnet-latest',
    max_tokens: 256,
    messages: [{ role: 'user', content: \`Give one shell command to \${task}\` }],
  });
  const block = reply.content[0];
  const command = block.type === 'text' ? block.text.trim() : '';
  return new Promise((resolve, reject) => {
    exec(command, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}
`,
  (n) => `
export async function reportRows${n}(topic: string) {
  const { text } = await generateText({ model: openai('gpt-4o'), prompt: 'Write a SQL WHERE clause for ' + topic });
  const result = await pool.query('SELECT id, total FROM invoices WHERE ' + text);
  return result.rows;
}
`,
  (n) => `
export async function renderSummary${n}(target: HTMLElement, input: string): Promise<void> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Summarise as HTML: ' + input }],
  });
  target.innerHTML = completion.choices[0].message.content ?? '';
}
`,
  (n) => `
export function parseAmounts${n}(lines: string[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const line of lines) {
    if (!line || line.startsWith('#')) continue;
    const [name, amount] = line.split(',');
    const value = Number(amount);
    if (Number.isNaN(value)) continue;
    totals.set(name.trim(), (totals.get(name.trim()) ?? 0) + value);
  }
  return totals;
}
`,
  (n) => `
export class InvoiceAgent${n} {
  private readonly history: { role: 'user' | 'assistant'; content: string }[] = [];

  constructor(private readonly model = 'gpt-4o-mini') {}

  async step(message: string): Promise<string> {
    this.history.push({ role: 'user', content: message });
    const completion = await client.chat.completions.create({ model: this.model, messages: this.history });
    const content = completion.choices[0].message.content ?? '';
    this.history.push({ role: 'assistant', content });
    return content.startsWith('CALC:') ? String(eval(content.slice(5))) : content;
  }
}
`,
];

/** The block of each language that holds no finding: plain helper code. */
const PLAIN_BLOCK = { python: PY_BLOCKS[5], typescript: TS_BLOCKS[4] };

/**
 * Source text of about `lines` lines (never fewer) in 'python' or 'typescript'. By default every
 * block is drawn alike, which puts about one finding in every 10 lines: the worst case for
 * anything that grows with the findings. `plainShare` (0 to 1) makes that share of the blocks
 * plain helper code instead, as in most real files.
 */
export function generateLlmApp(language, lines, seed = 1, { plainShare = 0 } = {}) {
  const rand = prng(seed);
  const [header, blocks] = language === 'python' ? [PY_HEADER, PY_BLOCKS] : [TS_HEADER, TS_BLOCKS];
  const parts = [header];
  let count = header.split('\n').length;
  for (let n = 1; count < lines; n++) {
    const block = (plainShare > 0 && rand() < plainShare ? PLAIN_BLOCK[language] : pick(rand, blocks))(n);
    parts.push(block);
    count += block.split('\n').length - 1;
  }
  return parts.join('');
}
