// In-page help widget: semantic search over FAQ entries in the browser, answers streamed from the gateway.
import { pipeline } from "@huggingface/transformers";
import DOMPurify from "dompurify";
import $ from "jquery";
import { marked } from "marked";
import OpenAI from "openai";

const config = window.__HELP_WIDGET__ ?? {};
const client = new OpenAI({
  apiKey: config.sessionToken,
  baseURL: config.gatewayUrl ?? "https://help-gateway.example.com/v1",
  dangerouslyAllowBrowser: true,
});

const EMBEDDER_REVISION = "2dc1f6f96063ccdc6c7f38935187b9cf0c77a102";
let embedderPromise = null;
const rerankerPromise = pipeline("text-classification", "Xenova/ms-marco-MiniLM-L-6-v2");

function getEmbedder() {
  embedderPromise ??= pipeline("feature-extraction", "Xenova/all-MiniLM-L6-v2", { revision: EMBEDDER_REVISION });
  return embedderPromise;
}

async function topFaqs(question, faqs, k = 3) {
  const embed = await getEmbedder();
  const q = await embed(question, { pooling: "mean", normalize: true });
  const scored = faqs.map((f) => ({ f, score: dot(q.data, f.vector) }));
  const reranker = await rerankerPromise;
  const top = scored.sort((a, b) => b.score - a.score).slice(0, k * 2);
  const reranked = await Promise.all(top.map(async (s) => ({ ...s, rr: (await reranker(`${question} [SEP] ${s.f.question}`))[0].score })));
  return reranked.sort((a, b) => b.rr - a.rr).slice(0, k).map((s) => s.f);
}

function dot(a, b) {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i] * b[i];
  return sum;
}

function renderSources(faqs) {
  const items = faqs.map((f) => `<li><a href="${encodeURI(f.url)}">${f.question}</a></li>`).join("");
  document.getElementById("help-sources").insertAdjacentHTML("beforeend", DOMPurify.sanitize(`<ul>${items}</ul>`));
}

async function answer(question, faqs) {
  const bubble = document.createElement("div");
  bubble.className = "help-bubble help-bubble--assistant";
  document.getElementById("help-thread").append(bubble);
  const context = faqs.map((f) => `Q: ${f.question}\nA: ${f.answer}`).join("\n\n");
  const stream = await client.chat.completions.create({
    model: "gpt-4o-mini",
    stream: true,
    messages: [
      { role: "system", content: `Answer using these FAQ entries only:\n${context}` },
      { role: "user", content: question },
    ],
  });
  let text = "";
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? "";
    bubble.innerHTML = marked.parse(text);
  }
  bubble.innerHTML = DOMPurify.sanitize(marked.parse(text));
  document.getElementById("help-last-title").textContent = text.split("\n")[0];
  $("#help-preview").html(text.slice(0, 160));
  $("#help-preview-plain").text(text.slice(0, 160));
  return text;
}

export async function mountHelpWidget(faqs) {
  const form = document.getElementById("help-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const question = new FormData(form).get("question")?.toString().trim();
    if (!question) return;
    const relevant = await topFaqs(question, faqs);
    renderSources(relevant);
    await answer(question, relevant);
  });
}
