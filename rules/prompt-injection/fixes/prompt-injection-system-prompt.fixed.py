"""Quick-fix fixture for prompt-injection-system-prompt: request input in the system position is validated."""
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

BASE_SYSTEM_PROMPT = "You are the writing assistant of Acme."
TONES = {"formal": "Write formally.", "casual": "Write casually."}


@app.post("/persona")
def persona_chat():
    persona = request.json["persona"]
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            # ruleid: prompt-injection-system-prompt
            {"role": "system", "content": f"{BASE_SYSTEM_PROMPT} You speak as {validate_prompt_input(persona)}."},
            {"role": "user", "content": "Introduce yourself."},
        ],
    )
    return jsonify(answer=completion.choices[0].message.content)


@app.post("/instructions")
def custom_instructions():
    message = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=400,
        # ruleid: prompt-injection-system-prompt
        system=validate_prompt_input(request.form["instructions"]),
        messages=[{"role": "user", "content": "Draft the weekly update."}],
    )
    return jsonify(text=message.content[0].text)


@app.post("/tone")
def tone_from_allowlist():
    tone = request.json["tone"]
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            # ok: prompt-injection-system-prompt
            {"role": "system", "content": TONES.get(tone, TONES["formal"])},
            {"role": "user", "content": "Write the release announcement."},
        ],
    )
    return jsonify(answer=completion.choices[0].message.content)
