"""Fixtures for llm-output-deserialization: model output given to unsafe deserializers."""
import base64
import json
import marshal
import pickle

import dill
import jsonpickle
import yaml
from anthropic import Anthropic
from openai import OpenAI

client = OpenAI()
claude = Anthropic()


def ask(prompt: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": prompt}],
    )
    return completion.choices[0].message.content or ""


def load_pipeline_config(task: str) -> dict:
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": f"Write a YAML pipeline config for: {task}"}],
    )
    config_text = completion.choices[0].message.content
    # ruleid: llm-output-deserialization
    return yaml.load(config_text, Loader=yaml.Loader)


def load_config_unsafe(task: str) -> dict:
    text = ask(f"YAML config for: {task}")
    # ruleid: llm-output-deserialization
    return yaml.unsafe_load(text)


def load_config_full_loader(task: str) -> dict:
    message = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=800,
        messages=[{"role": "user", "content": f"YAML for: {task}"}],
    )
    # ruleid: llm-output-deserialization
    return yaml.load(message.content[0].text, Loader=yaml.UnsafeLoader)


def restore_agent_state(task: str):
    blob = ask(f"Return the base64 pickled state for: {task}")
    # ruleid: llm-output-deserialization
    return pickle.loads(base64.b64decode(blob))


def restore_code_object(task: str):
    encoded = ask(f"Return a base64 marshalled code object for: {task}")
    # ruleid: llm-output-deserialization
    return marshal.loads(base64.b64decode(encoded))


def restore_jsonpickle(task: str):
    response = client.responses.create(model="gpt-4.1-mini", input=f"jsonpickle payload for: {task}")
    # ruleid: llm-output-deserialization
    return jsonpickle.decode(response.output_text)


def restore_dill(task: str):
    payload = ask(f"base64 dill payload for: {task}")
    raw = base64.b64decode(payload)
    # ruleid: llm-output-deserialization
    return dill.loads(raw)


# ---------------------------------------------------------------- look-alikes that stay silent


def parse_json(task: str) -> dict:
    text = ask(f"JSON config for: {task}")
    # ok: llm-output-deserialization
    return json.loads(text)


def parse_safe_yaml(task: str) -> dict:
    text = ask(f"YAML config for: {task}")
    # ok: llm-output-deserialization
    return yaml.safe_load(text)


def parse_yaml_safe_loader(task: str) -> dict:
    text = ask(f"YAML config for: {task}")
    # ok: llm-output-deserialization
    return yaml.load(text, Loader=yaml.SafeLoader)


def load_local_state() -> dict:
    with open("/var/cache/assistant/state.pkl", "rb") as fh:
        # ok: llm-output-deserialization
        return pickle.load(fh)


def dump_yaml(task: str) -> str:
    answer = ask(task)
    # ok: llm-output-deserialization
    return yaml.safe_dump({"task": task, "answer": answer})


def parse_many_documents(task: str) -> list:
    text = ask(f"Several YAML documents for: {task}")
    # ok: llm-output-deserialization
    return list(yaml.safe_load_all(text))


def encode_only(task: str) -> str:
    answer = ask(task)
    # ok: llm-output-deserialization
    return jsonpickle.encode({"task": task, "answer": answer})


def parse_c_safe_loader(task: str) -> dict:
    text = ask(f"YAML config for: {task}")
    # ok: llm-output-deserialization
    return yaml.load(text, Loader=yaml.CSafeLoader)
