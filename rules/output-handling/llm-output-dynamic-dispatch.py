"""Fixtures for llm-output-dynamic-dispatch: model output choosing which attribute, global or module gets called."""
import importlib
import json

from anthropic import Anthropic
from openai import OpenAI

from . import tools as tool_module

client = OpenAI()
claude = Anthropic()

TOOL_SCHEMAS = [
    {"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}},
    {"type": "function", "function": {"name": "get_time", "parameters": {"type": "object"}}},
]


def get_weather(city: str) -> str:
    return f"Sunny in {city}"


def get_time(zone: str) -> str:
    return f"12:00 in {zone}"


TOOLS = {"get_weather": get_weather, "get_time": get_time}


def run_tool_call_getattr(question: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": question}],
        tools=TOOL_SCHEMAS,
    )
    call = completion.choices[0].message.tool_calls[0]
    args = json.loads(call.function.arguments)
    # ruleid: llm-output-dynamic-dispatch
    return getattr(tool_module, call.function.name)(**args)


def run_from_globals(question: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": f"Which function should handle: {question}? Name only."}],
    )
    name = completion.choices[0].message.content.strip()
    # ruleid: llm-output-dynamic-dispatch
    return globals()[name](question)


def load_plugin(question: str):
    message = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=50,
        messages=[{"role": "user", "content": f"Which Python module implements: {question}? Module path only."}],
    )
    module_name = message.content[0].text.strip()
    # ruleid: llm-output-dynamic-dispatch
    plugin = importlib.import_module(module_name)
    return plugin.run(question)


def load_with_dunder_import(question: str):
    response = client.responses.create(model="gpt-4.1-mini", input=f"Module name for: {question}")
    # ruleid: llm-output-dynamic-dispatch
    module = __import__(response.output_text.strip())
    return module


def anthropic_tool_use(question: str) -> str:
    message = claude.messages.create(
        model="claude-sonnet-4-20250514",
        max_tokens=500,
        tools=[{"name": "get_weather", "description": "Weather", "input_schema": {"type": "object"}}],
        messages=[{"role": "user", "content": question}],
    )
    block = next(b for b in message.content if b.type == "tool_use")
    # ruleid: llm-output-dynamic-dispatch
    return getattr(tool_module, block.name)(**block.input)


# ---------------------------------------------------------------- look-alikes that stay silent


def run_tool_call_allowlisted(question: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": question}],
        tools=TOOL_SCHEMAS,
    )
    call = completion.choices[0].message.tool_calls[0]
    name = call.function.name
    if name not in TOOLS:
        raise ValueError(f"unknown tool {name}")
    args = json.loads(call.function.arguments)
    # ok: llm-output-dynamic-dispatch
    return TOOLS[name](**args)


def constant_getattr(question: str) -> str:
    answer = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
    )
    # ok: llm-output-dynamic-dispatch
    formatter = getattr(tool_module, "format_answer")
    return formatter(answer.choices[0].message.content)


def constant_import() -> object:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Which date format do you prefer?"}],
    )
    # ok: llm-output-dynamic-dispatch
    dates = importlib.import_module("datetime")
    return dates.datetime.now().strftime(completion.choices[0].message.content or "%Y-%m-%d")


def read_attribute_only(question: str) -> bool:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
    )
    name = completion.choices[0].message.content.strip()
    # ok: llm-output-dynamic-dispatch
    return hasattr(tool_module, name)


def run_tool_with_get(question: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": question}],
        tools=TOOL_SCHEMAS,
    )
    call = completion.choices[0].message.tool_calls[0]
    if call.function.name not in TOOLS:
        return "unknown tool"
    # ok: llm-output-dynamic-dispatch
    handler = TOOLS.get(call.function.name)
    return handler(**json.loads(call.function.arguments))
