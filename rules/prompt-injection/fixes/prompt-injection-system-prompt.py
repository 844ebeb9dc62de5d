"""Quick-fix fixture for prompt-injection-system-prompt: request input in the system position is validated."""
from anthropic import Anthropic
from flask import Flask, jsonify, request
from openai import OpenAI

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
            {"role": "system", "content": f"{BASE_SYSTEM_PROMPT} You speak as {persona}."},
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
        system=request.form["instructions"],
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
