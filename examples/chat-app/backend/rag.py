"""Summaries of web pages for the research sidebar, plus an embedding index for related links."""
import os
from urllib.parse import urlparse

import requests
from anthropic import Anthropic
from bs4 import BeautifulSoup
from sentence_transformers import SentenceTransformer

claude = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])
SUMMARY_MODEL = "claude-3-5-haiku-latest"
EMBEDDER_REVISION = "721df51c654a50466d0b6c4b8022eaf9de11d1a6"
MAX_PAGE_CHARS = 20_000
ALLOWED_SCHEMES = {"https"}

SUMMARY_SYSTEM = (
    "You summarise web pages for Acme support agents. Give five bullet points and a one-line verdict "
    "on whether the page is relevant to Acme products."
)

embedder = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2", revision=EMBEDDER_REVISION)


def summarize_url(url: str) -> str:
    if urlparse(url).scheme not in ALLOWED_SCHEMES:
        raise ValueError("only https pages can be summarised")
    resp = requests.get(url, timeout=10, headers={"User-Agent": "acme-assistant/1.0"})
    resp.raise_for_status()
    text = BeautifulSoup(resp.text, "html.parser").get_text(" ", strip=True)[:MAX_PAGE_CHARS]
    message = claude.messages.create(
        model=SUMMARY_MODEL,
        max_tokens=600,
        system=SUMMARY_SYSTEM,
        messages=[{"role": "user", "content": f"Summarise this page:\n\n{text}"}],
    )
    return message.content[0].text


def embed_page(url: str) -> list[float]:
    resp = requests.get(url, timeout=10)
    resp.raise_for_status()
    text = BeautifulSoup(resp.text, "html.parser").get_text(" ", strip=True)[:MAX_PAGE_CHARS]
    return embedder.encode(text).tolist()
