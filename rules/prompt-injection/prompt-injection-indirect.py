"""Fixtures for prompt-injection-indirect: web pages, API responses and uploaded files that reach a prompt."""
import json
import os
import urllib.request
from typing import Literal

import anthropic
import httpx
import requests
from bs4 import BeautifulSoup
from fastapi import FastAPI, File, UploadFile
from flask import Flask, jsonify, request
from google import genai
from langchain_community.document_loaders import WebBaseLoader
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter
from openai import OpenAI
from pydantic import BaseModel

app = Flask(__name__)
api = FastAPI()
client = OpenAI()
claude = anthropic.Anthropic()
gemini = genai.Client()
embeddings = OpenAIEmbeddings(model="text-embedding-3-small")

SUMMARY_PROMPT = "Summarise the following page for a busy engineer."
STATUS_URL = "https://status.example.com/api/v2/summary.json"


class WeatherReport(BaseModel):
    city: Literal["London", "Paris", "Berlin"]
    temperature_c: float
    condition: Literal["sunny", "cloudy", "rain", "snow"]


# ---------------------------------------------------------------- requests / httpx / urllib


@app.post("/summarise")
def summarise_url():
    url = request.json["url"]
    page = requests.get(url, timeout=10).text
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": SUMMARY_PROMPT},
            # ruleid: prompt-injection-indirect
            {"role": "user", "content": page},
        ],
    )
    return jsonify(summary=completion.choices[0].message.content)


@app.get("/news")
def summarise_news():
    html = requests.get("https://news.ycombinator.com/", timeout=10).text
    text = BeautifulSoup(html, "html.parser").get_text(" ", strip=True)
    message = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=800,
        # ruleid: prompt-injection-indirect
        messages=[{"role": "user", "content": f"{SUMMARY_PROMPT}\n\n{text[:20000]}"}],
    )
    return jsonify(summary=message.content[0].text)


@app.get("/issues")
def triage_issue():
    issue = requests.get("https://api.github.com/repos/acme/app/issues/42", timeout=10).json()
    message = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=400,
        # ruleid: prompt-injection-indirect
        system="You triage GitHub issues. Issue body follows: " + issue["body"],
        messages=[{"role": "user", "content": "Which label fits best?"}],
    )
    return jsonify(label=message.content[0].text)


async def summarise_with_httpx(url: str) -> str:
    async with httpx.AsyncClient(timeout=10) as http:
        resp = await http.get(url)
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        # ruleid: prompt-injection-indirect
        messages=[{"role": "user", "content": "Summarise:\n" + resp.text}],
    )
    return completion.choices[0].message.content


def summarise_with_urllib(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as resp:
        body = resp.read().decode("utf-8", errors="replace")
    response = gemini.models.generate_content(
        model="gemini-2.5-flash",
        # ruleid: prompt-injection-indirect
        contents=[SUMMARY_PROMPT, body],
    )
    return response.text


def sync_httpx_status() -> str:
    data = httpx.get(STATUS_URL, timeout=5).json()
    response = client.responses.create(
        model="gpt-4.1-mini",
        # ruleid: prompt-injection-indirect
        input=f"Explain this status page to a customer: {json.dumps(data)}",
    )
    return response.output_text


# ---------------------------------------------------------------- look-alikes that stay silent


@app.get("/weather")
def weather_validated():
    raw = requests.get("https://weather.example.com/v1/today?city=London", timeout=5).json()
    report = WeatherReport.model_validate(raw)
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            # ok: prompt-injection-indirect
            {"role": "user", "content": f"Write a one-line forecast: {report.city}, {report.temperature_c} C, {report.condition}."},
        ],
    )
    return jsonify(forecast=completion.choices[0].message.content)


@app.get("/price")
def price_converted():
    quote = requests.get("https://api.exchange.example.com/latest?base=EUR", timeout=5).json()
    rate = float(quote["rates"]["USD"])
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        # ok: prompt-injection-indirect
        messages=[{"role": "user", "content": f"Explain what an exchange rate of {rate} means for a tourist."}],
    )
    return jsonify(answer=completion.choices[0].message.content)


@app.post("/index")
def index_page_only():
    page = requests.get(request.json["url"], timeout=10).text
    chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=100).split_text(page)
    # ok: prompt-injection-indirect
    vectors = embeddings.embed_documents(chunks)
    # ok: prompt-injection-indirect
    app.logger.info("indexed %d chunks from %s", len(chunks), page[:80])
    return jsonify(count=len(vectors))


@app.get("/faq")
def faq_from_local_file():
    with open("docs/faq.md", encoding="utf-8") as fh:
        faq = fh.read()
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            # ok: prompt-injection-indirect
            {"role": "system", "content": "Answer using only this FAQ:\n" + faq},
            {"role": "user", "content": "How do I reset my password?"},
        ],
    )
    return jsonify(answer=completion.choices[0].message.content)


@app.get("/status-code")
def status_only():
    resp = requests.head("https://api.example.com/health", timeout=5)
    healthy = resp.status_code == 200
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        # ok: prompt-injection-indirect
        messages=[{"role": "user", "content": "Write a cheerful status banner." if healthy else "Write an apology banner."}],
    )
    return jsonify(banner=completion.choices[0].message.content)


def validate_article(raw: dict) -> dict:
    if raw.get("status") not in {"published", "draft"}:
        raise ValueError("unexpected status")
    return {"status": raw["status"], "words": int(raw["word_count"])}


@app.get("/article-stats")
def article_stats_validated():
    stats = validate_article(requests.get("https://cms.example.com/api/articles/42", timeout=5).json())
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        # ok: prompt-injection-indirect
        messages=[{"role": "user", "content": f"Write a one-line note about a {stats['status']} article of {stats['words']} words."}],
    )
    return jsonify(note=completion.choices[0].message.content)


@app.post("/moderate-page")
def moderate_page():
    page = requests.get(request.json["url"], timeout=10).text
    # ok: prompt-injection-indirect
    verdict = client.moderations.create(model="omni-moderation-latest", input=page)
    kind = "pdf" if "pdf" in requests.head(request.json["url"], timeout=5).headers.get("content-type", "") else "html"
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        # ok: prompt-injection-indirect
        messages=[{"role": "user", "content": "Explain how we index PDFs." if kind == "pdf" else "Explain how we index web pages."}],
    )
    return jsonify(flagged=verdict.results[0].flagged, help=completion.choices[0].message.content)


# ---------------------------------------------------------------- LangChain web loader


@app.post("/loader")
def langchain_loader():
    docs = WebBaseLoader(request.json["url"]).load()
    prompt = ChatPromptTemplate.from_messages([("system", SUMMARY_PROMPT), ("human", "{page}")])
    chain = prompt | ChatOpenAI(model="gpt-4o-mini")
    # ruleid: prompt-injection-indirect
    result = chain.invoke({"page": docs[0].page_content})
    return jsonify(summary=result.content)


@app.post("/loader/stuffed")
def langchain_loader_stuffed():
    docs = WebBaseLoader(["https://docs.example.com/changelog"]).load()
    context = "\n\n".join(doc.page_content for doc in docs)
    llm = ChatOpenAI(model="gpt-4o-mini")
    # ruleid: prompt-injection-indirect
    result = llm.invoke(f"Using this changelog, list breaking changes:\n{context}")
    return jsonify(changes=result.content)


# ---------------------------------------------------------------- uploaded files


@app.post("/upload")
def upload_flask():
    uploaded = request.files["document"]
    content = uploaded.read().decode("utf-8", errors="replace")
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": "Extract the invoice number and total."},
            # ruleid: prompt-injection-indirect
            {"role": "user", "content": content},
        ],
    )
    return jsonify(fields=completion.choices[0].message.content)


@app.post("/upload/meta")
def upload_metadata_only():
    uploaded = request.files["document"]
    data = uploaded.read()
    size_kb = int(len(data) / 1024)
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        # ok: prompt-injection-indirect
        messages=[{"role": "user", "content": f"Write a friendly note confirming a {size_kb} KB upload."}],
    )
    return jsonify(note=completion.choices[0].message.content)


@api.post("/upload")
async def upload_fastapi(file: UploadFile = File(...)):
    raw = await file.read()
    message = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=1000,
        # ruleid: prompt-injection-indirect
        messages=[{"role": "user", "content": "Summarise this contract:\n" + raw.decode("utf-8")}],
    )
    return {"summary": message.content[0].text}


@api.post("/upload/store")
async def upload_store_only(file: UploadFile = File(...)):
    raw = await file.read()
    path = os.path.join("/srv/uploads", os.path.basename(file.filename or "upload.bin"))
    with open(path, "wb") as out:
        # ok: prompt-injection-indirect
        out.write(raw)
    return {"stored": path}
