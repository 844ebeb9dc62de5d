"""Fixtures for llm-output-outgoing-url: model output used as the URL of an outgoing request."""
import json
import urllib.request

import httpx
import requests
from anthropic import Anthropic
from langchain_openai import ChatOpenAI
from openai import OpenAI

client = OpenAI()
claude = Anthropic()

SEARCH_API = "https://search.example.com/v1/query"
WEBHOOK_URL = "https://hooks.example.com/services/assistant"


def ask(prompt: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": prompt}],
    )
    return (completion.choices[0].message.content or "").strip()


def browse(task: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": f"Which URL should I open to: {task}? URL only."}],
    )
    url = completion.choices[0].message.content.strip()
    # ruleid: llm-output-outgoing-url
    return requests.get(url, timeout=10).text


def post_to_suggested_endpoint(task: str) -> int:
    endpoint = ask(f"Which internal API endpoint handles: {task}?")
    # ruleid: llm-output-outgoing-url
    resp = requests.post(url=endpoint, json={"task": task}, timeout=10)
    return resp.status_code


def fetch_with_httpx(task: str) -> str:
    message = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=100,
        messages=[{"role": "user", "content": f"Give one documentation URL for: {task}"}],
    )
    # ruleid: llm-output-outgoing-url
    return httpx.get(message.content[0].text.strip(), follow_redirects=True).text


async def fetch_async(task: str) -> str:
    link = ask(f"One URL for: {task}")
    async with httpx.AsyncClient() as http:
        # ruleid: llm-output-outgoing-url
        resp = await http.get(link)
    return resp.text


def fetch_with_urllib(task: str) -> bytes:
    target = ask(f"One image URL for: {task}")
    # ruleid: llm-output-outgoing-url
    with urllib.request.urlopen(target, timeout=10) as resp:
        return resp.read()


def tool_call_fetch(task: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": task}],
        tools=[{"type": "function", "function": {"name": "http_get", "parameters": {"type": "object"}}}],
    )
    args = json.loads(completion.choices[0].message.tool_calls[0].function.arguments)
    # ruleid: llm-output-outgoing-url
    return requests.request("GET", f"http://{args['host']}/{args['path']}", timeout=5).text


def langchain_fetch(task: str) -> str:
    answer = ChatOpenAI(model="gpt-4o-mini").invoke(f"A URL for: {task}")
    # ruleid: llm-output-outgoing-url
    return requests.get(str(answer.content), timeout=10).text


# ---------------------------------------------------------------- look-alikes that stay silent


def search(task: str) -> dict:
    query = ask(f"Rewrite as a search query: {task}")
    # ok: llm-output-outgoing-url
    return requests.get(SEARCH_API, params={"q": query}, timeout=10).json()


def notify(task: str) -> int:
    summary = ask(f"Summarise: {task}")
    # ok: llm-output-outgoing-url
    return requests.post(WEBHOOK_URL, json={"text": summary}, timeout=10).status_code


def notify_httpx(task: str) -> int:
    summary = ask(f"Summarise: {task}")
    # ok: llm-output-outgoing-url
    return httpx.post("https://hooks.example.com/services/digest", data={"body": summary}).status_code


def notify_form(task: str) -> int:
    summary = ask(f"Summarise: {task}")
    # ok: llm-output-outgoing-url
    return requests.post(WEBHOOK_URL, data={"text": summary}, timeout=10).status_code


def search_httpx(task: str) -> dict:
    query = ask(f"Rewrite as a search query: {task}")
    # ok: llm-output-outgoing-url
    return httpx.get(SEARCH_API, params={"q": query}).json()


def notify_urllib(task: str) -> int:
    summary = ask(f"Summarise: {task}")
    req = urllib.request.Request(WEBHOOK_URL, data=json.dumps({"text": summary}).encode(), method="POST")
    # ok: llm-output-outgoing-url
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.status


def region_endpoint(task: str) -> dict:
    region = ask(f"eu or us? One word: {task}")
    base = "https://eu.api.example.com" if region == "eu" else "https://us.api.example.com"
    # ok: llm-output-outgoing-url
    return requests.get(base + "/v1/status", timeout=5).json()
