"""Quick-fix fixture for prompt-injection-user-input: request input is validated before it reaches the prompt."""
import sys

from anthropic import Anthropic
from flask import Flask, jsonify, request
from openai import OpenAI
import re


def validate_prompt_input(text: str, max_length: int = 2000) -> str:
    """Reject prompt input that is not text, is too long or holds control characters."""
    if not isinstance(text, str):
        raise ValueError("prompt input must be a string")
    if len(text) > max_length:
        raise ValueError(f"prompt input is longer than {max_length} characters")
    if not re.fullmatch(r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*", text):
        raise ValueError("prompt input contains control characters")
    return text


app = Flask(__name__)
client = OpenAI()
claude = Anthropic()

SYSTEM_PROMPT = "You are the support assistant of Acme. Answer in two sentences."


@app.post("/chat")
def chat():
    question = request.json["question"]
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": SYSTEM_PROMPT},
            # ruleid: prompt-injection-user-input
            {"role": "user", "content": f"Customer question: {validate_prompt_input(question)}"},
        ],
    )
    return jsonify(answer=completion.choices[0].message.content)


@app.get("/respond")
def respond():
    response = client.responses.create(
        model="gpt-4.1-mini",
        instructions=SYSTEM_PROMPT,
        # ruleid: prompt-injection-user-input
        input=validate_prompt_input(request.args.get("q", "")),
    )
    return jsonify(answer=response.output_text)


@app.post("/summarise")
def summarise():
    message = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=300,
        system=SYSTEM_PROMPT,
        # ruleid: prompt-injection-user-input
        messages=[{"role": "user", "content": "Summarise this ticket: " + validate_prompt_input(request.form["ticket"])}],
    )
    return jsonify(summary=message.content[0].text)


@app.post("/history")
def with_history():
    history = request.get_json()["messages"]
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        # A whole message list is not text: no quick fix, the finding stays.
        # ruleid: prompt-injection-user-input
        messages=history,
    )
    return jsonify(answer=completion.choices[0].message.content)


def main() -> None:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        # ruleid: prompt-injection-user-input
        messages=[{"role": "user", "content": validate_prompt_input(sys.argv[1])}],
    )
    print(completion.choices[0].message.content)


@app.get("/topics")
def topics():
    topic = request.args.get("topic", "")
    if topic not in {"billing", "shipping", "returns"}:
        return jsonify(error="unknown topic"), 400
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        # ok: prompt-injection-user-input
        messages=[{"role": "user", "content": f"Explain our {topic} policy."}],
    )
    return jsonify(answer=completion.choices[0].message.content)
