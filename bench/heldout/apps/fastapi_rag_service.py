"""handbook-rag: answers staff questions over the product handbook."""
from __future__ import annotations

import logging
import os
from typing import Annotated, Any

import httpx
import litellm
import yaml
from fastapi import APIRouter, Body, Depends, FastAPI, File, HTTPException, Query, UploadFile
from openai import AsyncOpenAI
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

log = logging.getLogger("handbook-rag")

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql+asyncpg://rag@localhost/rag")
HANDBOOK_CHANGELOG_URL = "https://handbook.example.com/changelog.txt"
EMBED_MODEL = "text-embedding-3-small"
CHAT_MODEL = os.environ.get("CHAT_MODEL", "gpt-4o-mini")
SYSTEM_PROMPT = "You answer questions using only the handbook excerpts provided. Cite section ids."
STATS_PROMPT = (
    "Translate the question into one PostgreSQL SELECT statement over the table "
    "usage_events(day date, team text, tokens bigint). Reply with SQL only."
)

db_engine = create_async_engine(DATABASE_URL, pool_pre_ping=True)
SessionLocal = async_sessionmaker(db_engine, expire_on_commit=False)
llm = AsyncOpenAI()

app = FastAPI(title="handbook-rag")
router = APIRouter(prefix="/v1")


class AskBody(BaseModel):
    question: str = Field(min_length=3, max_length=500)
    top_k: int = Field(default=4, ge=1, le=10)


class ClassifyBody(BaseModel):
    text: str = Field(max_length=4000)


async def get_session():
    async with SessionLocal() as session:
        yield session


async def embed(value: str) -> list[float]:
    result = await llm.embeddings.create(model=EMBED_MODEL, input=value)
    return result.data[0].embedding


async def nearest_chunks(session: AsyncSession, vector: list[float], k: int) -> list[dict[str, Any]]:
    rows = await session.execute(
        text("SELECT id, section, body FROM chunks ORDER BY embedding <=> CAST(:v AS vector) LIMIT :k"),
        {"v": str(vector), "k": k},
    )
    return [dict(r._mapping) for r in rows]


async def fallback_answer(prompt_text: str) -> str:
    resp = await litellm.acompletion(model="openai/llama-3-70b", api_base="http://inference.corp.example.com:8000/v1", messages=[{"role": "user", "content": prompt_text}])
    return resp.choices[0].message.content


@router.post("/ask")
async def ask(payload: Annotated[dict, Body()], session: Annotated[AsyncSession, Depends(get_session)]):
    body = AskBody.model_validate(payload)
    chunks = await nearest_chunks(session, await embed(body.question), body.top_k)
    context = "\n\n".join(f"[{c['section']}] {c['body']}" for c in chunks)
    try:
        completion = await llm.chat.completions.create(
            model=CHAT_MODEL,
            messages=[
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": f"Handbook excerpts:\n{context}\n\nQuestion: {body.question}"},
            ],
        )
        answer = completion.choices[0].message.content
    except Exception:
        log.exception("primary model failed, using fallback")
        answer = await fallback_answer(f"{SYSTEM_PROMPT}\n\n{context}\n\nQuestion: {body.question}")
    return {"answer": answer, "sources": [c["section"] for c in chunks]}


@router.get("/quick")
async def quick_answer(q: Annotated[str, Query(max_length=200)]):
    completion = await llm.chat.completions.create(
        model=CHAT_MODEL,
        messages=[{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": q}],
        max_tokens=300,
    )
    return {"answer": completion.choices[0].message.content}


@router.post("/summarise-upload")
async def summarise_upload(file: UploadFile = File(...)):
    if file.content_type not in {"text/plain", "text/markdown"}:
        raise HTTPException(status_code=415, detail="only text files")
    raw = await file.read()
    document = raw.decode("utf-8", errors="replace")[:20000]
    completion = await llm.chat.completions.create(
        model=CHAT_MODEL,
        messages=[
            {"role": "system", "content": "Summarise the document in five bullet points."},
            {"role": "user", "content": document},
        ],
    )
    return {"summary": completion.choices[0].message.content}


@router.get("/whats-new")
async def whats_new():
    async with httpx.AsyncClient(timeout=10) as http:
        resp = await http.get(HANDBOOK_CHANGELOG_URL)
        resp.raise_for_status()
    completion = await llm.chat.completions.create(
        model=CHAT_MODEL,
        messages=[{"role": "user", "content": f"Summarise these handbook changes for staff:\n{resp.text}"}],
    )
    return {"summary": completion.choices[0].message.content}


@router.get("/stats")
async def stats(question: str, session: Annotated[AsyncSession, Depends(get_session)]):
    completion = await llm.chat.completions.create(
        model=CHAT_MODEL,
        messages=[
            {"role": "system", "content": STATS_PROMPT},
            {"role": "user", "content": question},
        ],
        temperature=0,
    )
    sql = completion.choices[0].message.content.strip().strip("`")
    result = await session.execute(text(sql))
    return {"columns": list(result.keys()), "rows": [list(r) for r in result.fetchall()]}


@router.post("/classify")
async def classify(payload: Annotated[dict, Body()]):
    body = ClassifyBody.model_validate(payload)
    completion = await llm.chat.completions.create(
        model=CHAT_MODEL,
        messages=[
            {"role": "system", "content": "Label the text. Reply in YAML with keys label and confidence."},
            {"role": "user", "content": body.text},
        ],
    )
    parsed = yaml.safe_load(completion.choices[0].message.content)
    if not isinstance(parsed, dict) or "label" not in parsed:
        raise HTTPException(status_code=502, detail="model returned an unexpected shape")
    return {"label": parsed["label"], "confidence": float(parsed.get("confidence", 0))}


app.include_router(router)
