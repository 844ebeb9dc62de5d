"""Fixtures for prompt-injection-user-input: request or CLI input in the user turn / plain prompt of an LLM call."""
import argparse
import json
import os
import re
import sys

import tiktoken
from typing import Literal

import anthropic
import boto3
import cohere
import google.generativeai as legacy_genai
import litellm
import ollama
from django.http import JsonResponse
from django.views import View
from fastapi import FastAPI, Request
from flask import Flask, abort, jsonify, request
from google import genai
from huggingface_hub import InferenceClient
from langchain_anthropic import ChatAnthropic
from langchain_community.vectorstores import FAISS
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnableLambda
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from llama_index.core import SimpleDirectoryReader, VectorStoreIndex
from llama_index.llms.openai import OpenAI as LlamaOpenAI
from mistralai import Mistral
from openai import OpenAI
from pydantic import BaseModel, Field
from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

from .models import Conversation
from .reports import InvoiceGenerator

app = Flask(__name__)
api = FastAPI()

client = OpenAI()
claude = anthropic.Anthropic()
gemini = genai.Client()
legacy_genai.configure(api_key=os.environ["GEMINI_API_KEY"])
bedrock = boto3.client("bedrock-runtime", region_name="us-east-1")
aws_lambda = boto3.client("lambda")
co = cohere.ClientV2(api_key=os.environ["CO_API_KEY"])
mistral = Mistral(api_key=os.environ["MISTRAL_API_KEY"])
hf = InferenceClient(model="meta-llama/Llama-3.1-8B-Instruct", token=os.environ["HF_TOKEN"])

MODEL_DIR = "/opt/models/qwen2.5-0.5b-instruct"
tokenizer = AutoTokenizer.from_pretrained(MODEL_DIR)
local_model = AutoModelForCausalLM.from_pretrained(MODEL_DIR)
generator = pipeline("text-generation", model=MODEL_DIR)

SYSTEM_PROMPT = "You are a concise assistant for Acme customers."
PROMPTS = {
    "summary": "Summarise the attached release notes in three bullet points.",
    "faq": "List the five most frequently asked questions about Acme Cloud.",
}
SUPPORTED_TOPICS = {"billing", "shipping", "returns"}


class SummaryRequest(BaseModel):
    length: Literal["short", "medium", "long"]
    ticket_id: int = Field(gt=0)


class PromptCache:
    """A small response cache; its invoke() never reaches a model."""

    def __init__(self) -> None:
        self._store: dict[str, str] = {}

    def invoke(self, key: str) -> str | None:
        return self._store.get(key)


prompt_cache = PromptCache()


class AskRequest(BaseModel):
    question: str


def sanitize_question(raw: str) -> str:
    cleaned = re.sub(r"[^\w\s?.,'-]", "", raw)[:500]
    if "ignore previous" in cleaned.lower():
        raise ValueError("rejected")
    return cleaned


# ---------------------------------------------------------------- Flask + OpenAI


@app.post("/chat")
def chat():
    question = request.json["question"]
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": SYSTEM_PROMPT},
            # ruleid: prompt-injection-user-input
            {"role": "user", "content": f"Customer question: {question}"},
        ],
    )
    return jsonify(answer=completion.choices[0].message.content)


@app.post("/chat/stream")
def chat_stream():
    history = request.get_json()["messages"]
    stream = client.chat.completions.create(
        model="gpt-4o-mini",
        stream=True,
        # ruleid: prompt-injection-user-input
        messages=history,
    )
    return "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)


@app.get("/respond")
def respond():
    response = client.responses.create(
        model="gpt-4.1-mini",
        instructions=SYSTEM_PROMPT,
        # ruleid: prompt-injection-user-input
        input=request.args.get("q", ""),
    )
    return jsonify(answer=response.output_text)


@app.get("/respond/system")
def respond_system_position():
    response = client.responses.create(
        model="gpt-4.1-mini",
        # ok: prompt-injection-user-input
        instructions=request.args.get("instructions", SYSTEM_PROMPT),
        input="Say hello.",
    )
    return jsonify(answer=response.output_text)


@app.get("/faq")
def faq_constant_prompt():
    kind = request.args.get("kind", "faq")
    if kind not in PROMPTS:
        abort(404)
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": SYSTEM_PROMPT},
            # ok: prompt-injection-user-input
            {"role": "user", "content": PROMPTS[kind]},
        ],
    )
    return jsonify(answer=completion.choices[0].message.content)


@app.get("/topic")
def topic_allowlist():
    topic = request.args["topic"]
    if topic not in SUPPORTED_TOPICS:
        abort(400)
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        # ok: prompt-injection-user-input
        messages=[{"role": "user", "content": f"Explain our {topic} policy."}],
    )
    return jsonify(answer=completion.choices[0].message.content)


@app.post("/summary")
def summary_pydantic():
    body = SummaryRequest.model_validate(request.get_json())
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            # ok: prompt-injection-user-input
            {"role": "user", "content": f"Write a {body.length} summary of ticket #{body.ticket_id}."},
        ],
    )
    return jsonify(answer=completion.choices[0].message.content)


@app.get("/sanitized")
def sanitized_question():
    question = sanitize_question(request.args["q"])
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        # ok: prompt-injection-user-input
        messages=[{"role": "user", "content": question}],
    )
    return jsonify(answer=completion.choices[0].message.content)


@app.get("/retry")
def retry_count():
    attempts = int(request.args.get("attempts", "1"))
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        # ok: prompt-injection-user-input
        messages=[{"role": "user", "content": f"Generate {attempts} password hints for a demo."}],
    )
    return jsonify(answer=completion.choices[0].message.content)


@app.post("/moderate")
def moderate_only():
    text = request.form["text"]
    # ok: prompt-injection-user-input
    verdict = client.moderations.create(model="omni-moderation-latest", input=text)
    # ok: prompt-injection-user-input
    vector = client.embeddings.create(model="text-embedding-3-small", input=text)
    return jsonify(flagged=verdict.results[0].flagged, dims=len(vector.data[0].embedding))


@app.post("/store")
def store_conversation():
    text = request.form["text"]
    # ok: prompt-injection-user-input
    Conversation.objects.create(user_message=text, channel="web")
    # ok: prompt-injection-user-input
    aws_lambda.invoke(FunctionName="archive-message", Payload=json.dumps({"text": text}))
    # ok: prompt-injection-user-input
    pdf = InvoiceGenerator().generate(customer_note=text)
    return jsonify(size=len(pdf))


@app.get("/ask/<topic>")
def ask_path_param(topic):
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        # ruleid: prompt-injection-user-input
        messages=[{"role": "user", "content": f"Tell me about {topic}."}],
    )
    return jsonify(answer=completion.choices[0].message.content)


# ---------------------------------------------------------------- Anthropic, Gemini, Bedrock


@app.post("/claude")
def claude_chat():
    data = request.get_json()
    message = claude.messages.create(
        model="claude-sonnet-4-20250514",
        max_tokens=1024,
        system=SYSTEM_PROMPT,
        # ruleid: prompt-injection-user-input
        messages=[{"role": "user", "content": data["question"]}],
    )
    return jsonify(answer=message.content[0].text)


@app.post("/claude/stream")
def claude_stream():
    note = request.values.get("note", "")
    with claude.messages.stream(
        model="claude-3-5-haiku-latest",
        max_tokens=512,
        messages=[
            # ruleid: prompt-injection-user-input
            {"role": "user", "content": [{"type": "text", "text": "Rewrite politely: " + note}]},
        ],
    ) as stream:
        return "".join(stream.text_stream)


@app.post("/claude/system")
def claude_system_position():
    message = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=512,
        # ok: prompt-injection-user-input
        system=request.json["persona"],
        messages=[{"role": "user", "content": "Introduce yourself."}],
    )
    return jsonify(answer=message.content[0].text)


@app.get("/gemini/legacy")
def gemini_legacy():
    model = legacy_genai.GenerativeModel("gemini-1.5-flash", system_instruction=SYSTEM_PROMPT)
    # ruleid: prompt-injection-user-input
    response = model.generate_content(request.args["q"])
    return jsonify(answer=response.text)


@api.post("/gemini")
async def gemini_chat(question: str):
    response = gemini.models.generate_content(
        model="gemini-2.5-flash",
        # ruleid: prompt-injection-user-input
        contents=question,
    )
    return {"answer": response.text}


@api.post("/gemini/chat")
async def gemini_multi_turn(request: Request):
    payload = await request.json()
    chat = gemini.chats.create(model="gemini-2.5-flash")
    # ruleid: prompt-injection-user-input
    reply = chat.send_message(payload["message"])
    return {"answer": reply.text}


@api.post("/gemini/validated")
async def gemini_validated(request: Request):
    body = SummaryRequest(**(await request.json()))
    response = gemini.models.generate_content(
        model="gemini-2.5-flash",
        # ok: prompt-injection-user-input
        contents=f"Write a {body.length} summary of ticket #{body.ticket_id}.",
    )
    return {"answer": response.text}


@api.post("/bedrock")
async def bedrock_converse(question: str):
    response = bedrock.converse(
        modelId="anthropic.claude-3-haiku-20240307-v1:0",
        system=[{"text": SYSTEM_PROMPT}],
        # ruleid: prompt-injection-user-input
        messages=[{"role": "user", "content": [{"text": question}]}],
    )
    return {"answer": response["output"]["message"]["content"][0]["text"]}


@api.post("/bedrock/invoke")
async def bedrock_invoke(request: Request):
    body = await request.json()
    response = bedrock.invoke_model(
        modelId="anthropic.claude-3-haiku-20240307-v1:0",
        contentType="application/json",
        # ruleid: prompt-injection-user-input
        body=json.dumps({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 512, "messages": [{"role": "user", "content": body["q"]}]}),
    )
    return json.loads(response["body"].read())


@api.post("/bedrock/ask")
async def bedrock_pydantic_body(body: AskRequest):
    response = bedrock.converse(
        modelId="anthropic.claude-3-haiku-20240307-v1:0",
        # ruleid: prompt-injection-user-input
        messages=[{"role": "user", "content": [{"text": body.question}]}],
    )
    return {"answer": response["output"]["message"]["content"][0]["text"]}


# ---------------------------------------------------------------- Django: Mistral, Cohere, Ollama, LiteLLM


def mistral_view(request):
    response = mistral.chat.complete(
        model="mistral-small-latest",
        # ruleid: prompt-injection-user-input
        messages=[{"role": "user", "content": request.GET["q"]}],
    )
    return JsonResponse({"answer": response.choices[0].message.content})


def cohere_view(request):
    payload = json.loads(request.body)
    response = co.chat(
        model="command-a-03-2025",
        # ruleid: prompt-injection-user-input
        messages=[{"role": "user", "content": payload["question"]}],
    )
    return JsonResponse({"answer": response.message.content[0].text})


def ollama_view(request):
    result = ollama.generate(
        model="llama3.1",
        # ruleid: prompt-injection-user-input
        prompt=f"Answer briefly: {request.POST['question']}",
    )
    return JsonResponse({"answer": result["response"]})


class LiteLLMChatView(View):
    def post(self, request):
        response = litellm.completion(
            model="anthropic/claude-3-5-haiku-latest",
            messages=[
                {"role": "system", "content": SYSTEM_PROMPT},
                # ruleid: prompt-injection-user-input
                {"role": "user", "content": request.POST["question"]},
            ],
        )
        return JsonResponse({"answer": response.choices[0].message.content})


def litellm_constant_view(request):
    response = litellm.completion(
        model="gpt-4o-mini",
        # ok: prompt-injection-user-input
        messages=[{"role": "user", "content": "Write a one-line motto for Acme."}],
    )
    return JsonResponse({"answer": response.choices[0].message.content})


# ---------------------------------------------------------------- Hugging Face


@app.post("/hf/pipeline")
def hf_pipeline():
    # ruleid: prompt-injection-user-input
    outputs = generator(request.json["prompt"], max_new_tokens=128)
    return jsonify(text=outputs[0]["generated_text"])


@app.post("/hf/inference")
def hf_inference():
    question = request.json["question"]
    reply = hf.chat_completion(
        # ruleid: prompt-injection-user-input
        messages=[{"role": "user", "content": question}],
        max_tokens=256,
    )
    # ruleid: prompt-injection-user-input
    completion = hf.text_generation(question, max_new_tokens=200)
    return jsonify(chat=reply.choices[0].message.content, completion=completion)


@app.post("/hf/generate")
def hf_model_generate():
    inputs = tokenizer(request.json["prompt"], return_tensors="pt")
    # ruleid: prompt-injection-user-input
    output_ids = local_model.generate(**inputs, max_new_tokens=100)
    return jsonify(text=tokenizer.decode(output_ids[0], skip_special_tokens=True))


@app.post("/hf/constant")
def hf_constant():
    # ok: prompt-injection-user-input
    outputs = generator("Write a limerick about caching.", max_new_tokens=64)
    return jsonify(text=outputs[0]["generated_text"], requested_by=request.json["user"])


# ---------------------------------------------------------------- LangChain and LlamaIndex


@app.post("/langchain")
def langchain_invoke():
    llm = ChatOpenAI(model="gpt-4o-mini")
    # ruleid: prompt-injection-user-input
    result = llm.invoke(request.json["question"])
    return jsonify(answer=result.content)


@app.post("/langchain/chain")
def langchain_chain():
    prompt = ChatPromptTemplate.from_messages([("system", SYSTEM_PROMPT), ("human", "{question}")])
    chain = prompt | ChatAnthropic(model="claude-3-5-haiku-latest") | StrOutputParser()
    # ruleid: prompt-injection-user-input
    answer = chain.invoke({"question": request.json["question"]})
    return jsonify(answer=answer)


@app.post("/langchain/stream")
def langchain_stream():
    llm = ChatAnthropic(model="claude-3-5-haiku-latest")
    # ruleid: prompt-injection-user-input
    chunks = [chunk.content for chunk in llm.stream(request.form["question"])]
    return jsonify(answer="".join(chunks))


@app.post("/langchain/lookalikes")
def langchain_lookalikes():
    question = request.json["question"]
    normalise = RunnableLambda(lambda text: text.strip().lower())
    # ok: prompt-injection-user-input
    cleaned = normalise.invoke(question)
    store = FAISS.load_local("./index", OpenAIEmbeddings(), allow_dangerous_deserialization=False)
    retriever = store.as_retriever(search_kwargs={"k": 4})
    # ok: prompt-injection-user-input
    docs = retriever.invoke(cleaned)
    return jsonify(sources=[d.metadata.get("source") for d in docs])


documents = SimpleDirectoryReader("./handbook").load_data()
index = VectorStoreIndex.from_documents(documents)


@api.get("/handbook")
async def handbook_query(q: str):
    query_engine = index.as_query_engine(similarity_top_k=3)
    # ruleid: prompt-injection-user-input
    response = query_engine.query(q)
    return {"answer": str(response)}


@api.get("/handbook/summary")
async def handbook_summary(q: str):
    llm = LlamaOpenAI(model="gpt-4o-mini")
    # ruleid: prompt-injection-user-input
    completion = llm.complete(f"Summarise this request for the support team: {q}")
    return {"summary": completion.text}


@api.get("/handbook/retrieve")
async def handbook_retrieve(q: str):
    retriever = index.as_retriever(similarity_top_k=3)
    # ok: prompt-injection-user-input
    nodes = retriever.retrieve(q)
    return {"sources": [n.node.metadata.get("file_name") for n in nodes]}


# ---------------------------------------------------------------- CLI


def cli_main() -> None:
    parser = argparse.ArgumentParser(description="Ask the support bot")
    parser.add_argument("question")
    parser.add_argument("--model", default="gpt-4o-mini", choices=["gpt-4o-mini", "gpt-4o"])
    args = parser.parse_args()
    completion = client.chat.completions.create(
        model=args.model,
        # ruleid: prompt-injection-user-input
        messages=[{"role": "user", "content": args.question}],
    )
    print(completion.choices[0].message.content)


def cli_repl() -> None:
    while True:
        line = input("> ")
        if line in {"quit", "exit"}:
            break
        reply = ollama.chat(
            model="llama3.1",
            # ruleid: prompt-injection-user-input
            messages=[{"role": "user", "content": line}],
        )
        print(reply["message"]["content"])


def cli_argv() -> None:
    topic = sys.argv[1]
    message = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=300,
        # ruleid: prompt-injection-user-input
        messages=[{"role": "user", "content": "Write a short poem about " + topic}],
    )
    print(message.content[0].text)


def cli_count() -> None:
    count = int(sys.argv[1])
    message = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=300,
        # ok: prompt-injection-user-input
        messages=[{"role": "user", "content": f"List {count} prime numbers."}],
    )
    print(message.content[0].text)


if __name__ == "__main__":
    cli_main()


@app.post("/lookalikes/non-prompt")
def non_prompt_parameters():
    text = request.json["text"]
    # ok: prompt-injection-user-input
    speech = client.audio.speech.create(model="gpt-4o-mini-tts", voice="alloy", input=text)
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Write a generic welcome message."}],
        # ok: prompt-injection-user-input
        user=request.headers.get("X-User-Id", "anonymous"),
        # ok: prompt-injection-user-input
        metadata={"session": request.cookies.get("sid", "")},
        # ok: prompt-injection-user-input
        max_tokens=int(request.args.get("max_tokens", "200")),
    )
    # ok: prompt-injection-user-input
    cached = prompt_cache.invoke(text)
    # ok: prompt-injection-user-input
    n_tokens = len(tiktoken.encoding_for_model("gpt-4o").encode(text))
    return jsonify(audio=len(speech.content), answer=completion.choices[0].message.content, cached=cached, tokens=n_tokens)


@api.post("/lookalikes/embeddings")
async def embeddings_and_counts(q: str):
    # ok: prompt-injection-user-input
    local_vector = ollama.embeddings(model="nomic-embed-text", prompt=q)
    # ok: prompt-injection-user-input
    hf_vector = hf.feature_extraction(q)
    # ok: prompt-injection-user-input
    google_vector = gemini.models.embed_content(model="text-embedding-004", contents=q)
    usage = claude.messages.count_tokens(
        model="claude-3-5-haiku-latest",
        # ok: prompt-injection-user-input
        messages=[{"role": "user", "content": q}],
    )
    # ok: prompt-injection-user-input
    gemini_usage = gemini.models.count_tokens(model="gemini-2.5-flash", contents=q)
    return {
        "dims": [len(local_vector["embedding"]), len(hf_vector), len(google_vector.embeddings[0].values)],
        "tokens": [usage.input_tokens, gemini_usage.total_tokens],
    }
