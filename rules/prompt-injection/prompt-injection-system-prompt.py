"""Fixtures for prompt-injection-system-prompt: request or CLI input in the system / instructions position."""
import argparse
import os
import re
import sys
from pathlib import Path
from typing import Literal

import anthropic
import boto3
import cohere
import google.generativeai as legacy_genai
import litellm
import ollama
from django.http import JsonResponse
from fastapi import APIRouter, FastAPI, Request
from flask import Flask, abort, jsonify, request
from google import genai
from google.genai import types
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI
from mistralai import Mistral
from openai import AsyncOpenAI, AzureOpenAI, OpenAI
from pydantic import BaseModel

from .models import ChatMessage

app = Flask(__name__)
api = FastAPI()
router = APIRouter()

openai_client = OpenAI()
async_client = AsyncOpenAI()
claude = anthropic.Anthropic()
azure = AzureOpenAI(
    azure_endpoint="https://acme-prod.openai.azure.com",
    api_key=os.environ["AZURE_OPENAI_API_KEY"],
    api_version="2024-10-21",
)
gemini = genai.Client()
legacy_genai.configure(api_key=os.environ["GEMINI_API_KEY"])
bedrock = boto3.client("bedrock-runtime", region_name="us-east-1")
co = cohere.Client(api_key=os.environ["CO_API_KEY"])
co_v2 = cohere.ClientV2(api_key=os.environ["CO_API_KEY"])
mistral = Mistral(api_key=os.environ["MISTRAL_API_KEY"])

BASE_SYSTEM_PROMPT = "You are the support assistant for Acme. Answer only questions about Acme products."
PERSONAS = {
    "pirate": "You are a helpful assistant who talks like a pirate.",
    "formal": "You are a formal, concise assistant.",
}
ALLOWED_LANGUAGES = {"en", "de", "fr"}


class ToneRequest(BaseModel):
    tone: Literal["friendly", "neutral", "formal"]


def validate_persona(raw: str) -> str:
    if raw not in PERSONAS:
        raise ValueError("unknown persona")
    return PERSONAS[raw]


# ---------------------------------------------------------------- Flask + OpenAI


@app.post("/chat")
def flask_chat():
    persona = request.json["persona"]
    question = request.json["question"]
    completion = openai_client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            # ruleid: prompt-injection-system-prompt
            {"role": "system", "content": persona},
            # ok: prompt-injection-system-prompt
            {"role": "user", "content": question},
        ],
    )
    return jsonify(answer=completion.choices[0].message.content)


@app.get("/translate")
def flask_translate():
    language = request.args.get("lang", "en")
    text = request.args["text"]
    completion = openai_client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            # ruleid: prompt-injection-system-prompt
            {"role": "developer", "content": f"Translate everything the user says into {language}."},
            # ok: prompt-injection-system-prompt
            {"role": "user", "content": text},
        ],
    )
    return jsonify(translation=completion.choices[0].message.content)


@app.get("/translate/checked")
def flask_translate_checked():
    language = request.args.get("lang", "en")
    if language not in ALLOWED_LANGUAGES:
        abort(400)
    completion = openai_client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            # ok: prompt-injection-system-prompt
            {"role": "system", "content": f"Translate everything the user says into {language}."},
            {"role": "user", "content": "Guten Morgen"},
        ],
    )
    return jsonify(translation=completion.choices[0].message.content)


@app.get("/persona")
def flask_persona_selects_constant():
    style = request.args.get("style", "formal")
    system_prompt = PERSONAS.get(style, PERSONAS["formal"])
    completion = openai_client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            # ok: prompt-injection-system-prompt
            {"role": "system", "content": system_prompt},
            {"role": "user", "content": "Say hello."},
        ],
    )
    return jsonify(answer=completion.choices[0].message.content)


@app.get("/persona/validated")
def flask_persona_validated():
    persona = validate_persona(request.args["persona"])
    completion = openai_client.chat.completions.create(
        model="gpt-4o-mini",
        # ok: prompt-injection-system-prompt
        messages=[{"role": "system", "content": persona}, {"role": "user", "content": "Hi"}],
    )
    return jsonify(answer=completion.choices[0].message.content)


@app.get("/persona/name")
def flask_name_regex_guard():
    name = request.args.get("name", "")
    if not re.fullmatch(r"[A-Za-z][A-Za-z ]{0,39}", name):
        abort(400)
    completion = openai_client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            # ok: prompt-injection-system-prompt
            {"role": "system", "content": f"{BASE_SYSTEM_PROMPT} The customer's name is {name}."},
            {"role": "user", "content": "What can you do for me?"},
        ],
    )
    return jsonify(answer=completion.choices[0].message.content)


@app.post("/chat/audit")
def flask_store_persona_only():
    persona = request.form["persona"]
    # ok: prompt-injection-system-prompt
    ChatMessage.objects.create(role="system", content=persona)
    return jsonify(stored=True)


def build_system_prompt(persona: str) -> str:
    return f"{BASE_SYSTEM_PROMPT}\nAdopt this persona: {persona}"


@app.post("/chat/helper")
def flask_chat_helper():
    completion = openai_client.chat.completions.create(
        model="gpt-4o",
        messages=[
            # ruleid: prompt-injection-system-prompt
            {"role": "system", "content": build_system_prompt(request.form["persona"])},
            {"role": "user", "content": "Introduce yourself."},
        ],
    )
    return jsonify(answer=completion.choices[0].message.content)


# ---------------------------------------------------------------- FastAPI + Responses / Azure / Async


@api.post("/agent")
async def responses_agent(instructions: str, task: str):
    response = openai_client.responses.create(
        model="gpt-4.1",
        # ruleid: prompt-injection-system-prompt
        instructions=instructions,
        # ok: prompt-injection-system-prompt
        input=task,
    )
    return {"output": response.output_text}


@api.post("/agent/fixed")
async def responses_agent_fixed(task: str):
    response = openai_client.responses.create(
        model="gpt-4.1",
        # ok: prompt-injection-system-prompt
        instructions=os.environ.get("AGENT_INSTRUCTIONS", BASE_SYSTEM_PROMPT),
        input=task,
    )
    return {"output": response.output_text}


@router.post("/azure/summarise")
async def azure_summarise(request: Request):
    body = await request.json()
    stream = azure.chat.completions.create(
        model="gpt-4o-deployment",
        stream=True,
        messages=[
            # ruleid: prompt-injection-system-prompt
            {"role": "system", "content": "Summarise in this tone: " + body["tone"]},
            {"role": "user", "content": body["document"]},
        ],
    )
    parts = [chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices]
    return {"summary": "".join(parts)}


@api.get("/async-chat")
async def async_chat(system: str, q: str):
    completion = await async_client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            # ruleid: prompt-injection-system-prompt
            {"role": "system", "content": system},
            # ok: prompt-injection-system-prompt
            {"role": "user", "content": q},
        ],
    )
    return {"answer": completion.choices[0].message.content}


@api.get("/async-chat/limit")
async def async_chat_word_limit(max_words: str, q: str):
    limit = int(max_words)
    completion = await async_client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            # ok: prompt-injection-system-prompt
            {"role": "system", "content": f"Answer in at most {limit} words."},
            {"role": "user", "content": q},
        ],
    )
    return {"answer": completion.choices[0].message.content}


# ---------------------------------------------------------------- Anthropic


@app.route("/claude", methods=["POST"])
def claude_chat():
    data = request.get_json()
    message = claude.messages.create(
        model="claude-sonnet-4-20250514",
        max_tokens=1024,
        # ruleid: prompt-injection-system-prompt
        system=data["system_prompt"],
        # ok: prompt-injection-system-prompt
        messages=[{"role": "user", "content": data["question"]}],
    )
    return jsonify(answer=message.content[0].text)


@app.post("/claude/blocks")
def claude_system_blocks():
    company = request.headers.get("X-Company-Name", "Acme")
    message = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=512,
        # ruleid: prompt-injection-system-prompt
        system=[{"type": "text", "text": f"You answer questions for employees of {company}."}],
        messages=[{"role": "user", "content": "What is our leave policy?"}],
    )
    return jsonify(answer=message.content[0].text)


@app.post("/claude/stream")
def claude_stream():
    role_description = request.form["role"]
    with claude.messages.stream(
        model="claude-3-5-haiku-latest",
        max_tokens=512,
        # ruleid: prompt-injection-system-prompt
        system=f"{BASE_SYSTEM_PROMPT}\nYou are acting as: {role_description}",
        messages=[{"role": "user", "content": "Introduce yourself."}],
    ) as stream:
        text = "".join(stream.text_stream)
    return jsonify(answer=text)


@app.post("/claude/tone")
def claude_tone():
    payload = ToneRequest.model_validate(request.get_json())
    message = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=512,
        # ok: prompt-injection-system-prompt
        system=f"Answer in a {payload.tone} tone.",
        messages=[{"role": "user", "content": "Tell me about your return policy."}],
    )
    return jsonify(answer=message.content[0].text)


@app.post("/claude/constant")
def claude_constant_system():
    question = request.json["question"]
    message = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=512,
        # ok: prompt-injection-system-prompt
        system=BASE_SYSTEM_PROMPT,
        messages=[{"role": "user", "content": question}],
    )
    return jsonify(answer=message.content[0].text)


# ---------------------------------------------------------------- Gemini (google.generativeai and google.genai)


@app.get("/gemini/legacy")
def gemini_legacy():
    model = legacy_genai.GenerativeModel(
        "gemini-1.5-flash",
        # ruleid: prompt-injection-system-prompt
        system_instruction=request.args["instruction"],
    )
    # ok: prompt-injection-system-prompt
    response = model.generate_content(request.args["q"])
    return jsonify(answer=response.text)


@api.post("/gemini")
async def gemini_chat(request: Request):
    form = await request.form()
    response = gemini.models.generate_content(
        model="gemini-2.5-flash",
        # ok: prompt-injection-system-prompt
        contents=form["question"],
        # ruleid: prompt-injection-system-prompt
        config=types.GenerateContentConfig(system_instruction=form["persona"], temperature=0.2),
    )
    return {"answer": response.text}


@api.post("/gemini/fixed")
async def gemini_fixed_instruction(question: str):
    response = gemini.models.generate_content(
        model="gemini-2.5-flash",
        contents=question,
        # ok: prompt-injection-system-prompt
        config=types.GenerateContentConfig(system_instruction=Path("prompts/system.txt").read_text(encoding="utf-8")),
    )
    return {"answer": response.text}


# ---------------------------------------------------------------- Django views: Bedrock, Cohere, Mistral


def bedrock_view(request):
    persona = request.POST["persona"]
    response = bedrock.converse(
        modelId="anthropic.claude-3-haiku-20240307-v1:0",
        # ruleid: prompt-injection-system-prompt
        system=[{"text": persona}],
        # ok: prompt-injection-system-prompt
        messages=[{"role": "user", "content": [{"text": request.POST["question"]}]}],
        inferenceConfig={"maxTokens": 512},
    )
    return JsonResponse({"answer": response["output"]["message"]["content"][0]["text"]})


def cohere_view(request):
    response = co.chat(
        model="command-r-plus",
        message="Draft a reply to the customer.",
        # ruleid: prompt-injection-system-prompt
        preamble=request.GET["preamble"],
    )
    return JsonResponse({"answer": response.text})


def cohere_v2_view(request):
    rules = request.COOKIES.get("house_rules", "")
    response = co_v2.chat(
        model="command-a-03-2025",
        messages=[
            # ruleid: prompt-injection-system-prompt
            {"role": "system", "content": "Follow these house rules: " + rules},
            {"role": "user", "content": "Summarise today's orders."},
        ],
    )
    return JsonResponse({"answer": response.message.content[0].text})


def mistral_view(request):
    response = mistral.chat.complete(
        model="mistral-large-latest",
        messages=[
            # ruleid: prompt-injection-system-prompt
            {"role": "system", "content": request.GET.get("system", BASE_SYSTEM_PROMPT)},
            {"role": "user", "content": "What's new this week?"},
        ],
    )
    return JsonResponse({"answer": response.choices[0].message.content})


def mistral_constant_view(request):
    response = mistral.chat.complete(
        model="mistral-small-latest",
        messages=[
            # ok: prompt-injection-system-prompt
            {"role": "system", "content": PERSONAS["formal"]},
            {"role": "user", "content": request.GET["q"]},
        ],
    )
    return JsonResponse({"answer": response.choices[0].message.content})


# ---------------------------------------------------------------- LangChain


@app.post("/langchain")
def langchain_messages():
    llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)
    result = llm.invoke(
        [
            # ruleid: prompt-injection-system-prompt
            SystemMessage(content=request.json["persona"]),
            # ok: prompt-injection-system-prompt
            HumanMessage(content=request.json["question"]),
        ]
    )
    return jsonify(answer=result.content)


@app.post("/langchain/template")
def langchain_template():
    audience = request.json["audience"]
    prompt = ChatPromptTemplate.from_messages(
        [
            # ruleid: prompt-injection-system-prompt
            ("system", f"You write product copy for {audience}."),
            ("human", "{question}"),
        ]
    )
    chain = prompt | ChatOpenAI(model="gpt-4o-mini") | StrOutputParser()
    return jsonify(answer=chain.invoke({"question": "Describe our new kettle."}))


@app.post("/langchain/template-variable")
def langchain_template_variable():
    prompt = ChatPromptTemplate.from_messages(
        [
            ("system", "You are a {role}. Stay in character."),
            ("human", "{question}"),
        ]
    )
    chain = prompt | ChatOpenAI(model="gpt-4o-mini") | StrOutputParser()
    # ruleid: prompt-injection-system-prompt
    answer = chain.invoke({"role": request.json["role"], "question": "Who are you?"})
    return jsonify(answer=answer)


@app.post("/langchain/cache")
def langchain_lookalike_cache():
    persona = request.json["persona"]
    cache = {"system": persona}
    # ok: prompt-injection-system-prompt
    app.logger.info("persona requested: %s", cache["system"])
    return jsonify(ok=True)


# ---------------------------------------------------------------- class attribute flow (set in one method, used in another)


class SupportAssistant:
    def __init__(self) -> None:
        self.persona = BASE_SYSTEM_PROMPT

    def configure(self, persona: str) -> None:
        self.persona = persona

    def ask(self, question: str) -> str:
        message = claude.messages.create(
            model="claude-3-5-haiku-latest",
            max_tokens=512,
            # todoruleid: prompt-injection-system-prompt
            system=self.persona,
            messages=[{"role": "user", "content": question}],
        )
        return message.content[0].text


assistant = SupportAssistant()


@app.post("/assistant/configure")
def configure_assistant():
    assistant.configure(request.json["persona"])
    return jsonify(ok=True)


# ---------------------------------------------------------------- CLI: Ollama, LiteLLM


def cli_ollama() -> None:
    parser = argparse.ArgumentParser(description="Ask a local model")
    parser.add_argument("--system", default=BASE_SYSTEM_PROMPT)
    parser.add_argument("question")
    args = parser.parse_args()
    result = ollama.generate(
        model="llama3.1",
        # ok: prompt-injection-system-prompt
        prompt=args.question,
        # ruleid: prompt-injection-system-prompt
        system=args.system,
    )
    print(result["response"])


def cli_ollama_chat() -> None:
    reply = ollama.chat(
        model="llama3.1",
        messages=[
            # ruleid: prompt-injection-system-prompt
            {"role": "system", "content": sys.argv[1]},
            # ok: prompt-injection-system-prompt
            {"role": "user", "content": sys.argv[2]},
        ],
    )
    print(reply["message"]["content"])


def cli_litellm() -> None:
    system_prompt = input("System prompt: ")
    response = litellm.completion(
        model="gpt-4o-mini",
        messages=[
            # ruleid: prompt-injection-system-prompt
            {"role": "system", "content": system_prompt},
            {"role": "user", "content": "Write a haiku about the sea."},
        ],
    )
    print(response.choices[0].message.content)


def cli_litellm_constant() -> None:
    question = input("Question: ")
    response = litellm.completion(
        model="ollama/llama3.1",
        api_base="http://localhost:11434",
        messages=[
            # ok: prompt-injection-system-prompt
            {"role": "system", "content": BASE_SYSTEM_PROMPT},
            {"role": "user", "content": question},
        ],
    )
    print(response.choices[0].message.content)


if __name__ == "__main__":
    cli_ollama()
