"""Quick-fix fixture for llm-output-code-execution: eval of model output becomes ast.literal_eval."""
import json

from openai import OpenAI
import ast

client = OpenAI()


def extract_settings(description: str) -> dict:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": "Reply with a Python dict literal of the settings, nothing else."},
            {"role": "user", "content": description},
        ],
    )
    text = completion.choices[0].message.content
    # ruleid: llm-output-code-execution
    return ast.literal_eval(text)


def extract_thresholds(description: str) -> list:
    response = client.responses.create(model="gpt-4.1-mini", input=f"List the thresholds in: {description}")
    # ruleid: llm-output-code-execution
    values = ast.literal_eval(response.output_text)
    return sorted(values)


def run_generated_step(task: str) -> None:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": f"Write one line of Python that does: {task}"}],
    )
    # exec has no data-only equivalent: no quick fix, the finding stays.
    # ruleid: llm-output-code-execution
    exec(completion.choices[0].message.content)


def parse_reply(raw: str) -> dict:
    # ok: llm-output-code-execution
    return json.loads(raw)
