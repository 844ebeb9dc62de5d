"""HTTP API for the Acme Assistant. Run with: uvicorn backend.main:app --host 127.0.0.1 --port 8000"""
import os

from fastapi import FastAPI, HTTPException
from openai import OpenAI

from . import analysis, models, rag, store
from .schemas import AnalysisRequest, ChartRequest, ChatRequest, ClassifyRequest, SummarizeRequest
from .validation import sanitize_message, validate_session_id

app = FastAPI(title="Acme Assistant API", version="0.4.0")
client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
CHAT_MODEL = os.environ.get("CHAT_MODEL", "gpt-4o-mini")

SYSTEM_PROMPT = (
    "You are Acme's customer assistant. Answer questions about Acme products, orders and policies. "
    "If a question is about anything else, say that you can only help with Acme topics."
)


@app.post("/api/chat")
async def chat(body: ChatRequest) -> dict:
    session_id = validate_session_id(body.session_id)
    message = sanitize_message(body.message)
    history = store.load_history(session_id)
    completion = client.chat.completions.create(
        model=CHAT_MODEL,
        max_tokens=800,
        messages=[
            {"role": "system", "content": SYSTEM_PROMPT},
            *history,
            {"role": "user", "content": message},
        ],
    )
    answer = completion.choices[0].message.content or ""
    store.save_turn(session_id, "user", message)
    store.save_turn(session_id, "assistant", answer)
    return {"answer": answer}


@app.get("/api/search")
async def search(q: str) -> dict:
    completion = client.chat.completions.create(
        model=CHAT_MODEL,
        messages=[
            {"role": "system", "content": "Rewrite the user's text as a short keyword search query."},
            {"role": "user", "content": q},
        ],
    )
    return {"query": completion.choices[0].message.content}


@app.post("/api/analyze")
async def analyze(body: AnalysisRequest) -> dict:
    try:
        return analysis.run_analysis(body.dataset, sanitize_message(body.question))
    except Exception as exc:  # the generated expression can fail in many ways
        raise HTTPException(status_code=422, detail=f"analysis failed: {exc}") from exc


@app.post("/api/chart")
async def chart(body: ChartRequest) -> dict:
    path = analysis.export_chart(body.dataset, sanitize_message(body.question))
    return {"chart": path.name}


@app.post("/api/summarize")
async def summarize(body: SummarizeRequest) -> dict:
    try:
        return {"summary": rag.summarize_url(str(body.url))}
    except ValueError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc


@app.post("/api/classify")
async def classify(body: ClassifyRequest) -> dict:
    return {"intent": models.classify_intent(body.text)}
