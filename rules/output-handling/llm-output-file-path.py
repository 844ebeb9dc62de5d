"""Fixtures for llm-output-file-path: model output used as a file system path."""
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from anthropic import Anthropic
from openai import OpenAI

client = OpenAI()
claude = Anthropic()

OUTPUT_DIR = "/srv/assistant/output"
REPORT_PATH = os.path.join(OUTPUT_DIR, "report.md")


def ask(prompt: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": prompt}],
    )
    return (completion.choices[0].message.content or "").strip()


def save_generated_file(task: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": f'Return JSON {{"filename": ..., "content": ...}} for: {task}'}],
    )
    spec = json.loads(completion.choices[0].message.content)
    # ruleid: llm-output-file-path
    with open(spec["filename"], "w", encoding="utf-8") as fh:
        fh.write(spec["content"])
    return spec["filename"]


def read_suggested_file(question: str) -> str:
    path = ask(f"Which file under /etc answers: {question}? Path only.")
    # ruleid: llm-output-file-path
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def write_under_output_dir(task: str) -> None:
    name = ask(f"A file name for: {task}")
    target = os.path.join(OUTPUT_DIR, name)
    # ruleid: llm-output-file-path
    Path(target).write_text(ask(task), encoding="utf-8")


def cleanup(task: str) -> None:
    message = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=200,
        messages=[{"role": "user", "content": f"Which temporary file should be deleted for: {task}? Path only."}],
    )
    stale = message.content[0].text.strip()
    # ruleid: llm-output-file-path
    os.remove(stale)


def tidy_directories(task: str) -> None:
    plan = json.loads(ask(f'JSON {{"remove": dir, "archive": [src, dst]}} for: {task}'))
    # ruleid: llm-output-file-path
    shutil.rmtree(plan["remove"])
    src, dst = plan["archive"]
    # ruleid: llm-output-file-path
    shutil.move(src, dst)


def tool_call_write(task: str) -> None:
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": task}],
        tools=[{"type": "function", "function": {"name": "write_file", "parameters": {"type": "object"}}}],
    )
    args = json.loads(completion.choices[0].message.tool_calls[0].function.arguments)
    # ruleid: llm-output-file-path
    Path(OUTPUT_DIR, args["path"]).write_text(args["content"])


# ---------------------------------------------------------------- look-alikes that stay silent


def write_report(task: str) -> str:
    report = ask(f"Write a report about: {task}")
    # ok: llm-output-file-path
    with open(REPORT_PATH, "w", encoding="utf-8") as fh:
        fh.write(report)
    return REPORT_PATH


def write_basename_checked(task: str) -> str:
    suggested = ask(f"A file name for: {task}")
    name = os.path.basename(suggested)
    target = os.path.realpath(os.path.join(OUTPUT_DIR, name))
    if not target.startswith(OUTPUT_DIR + os.sep):
        raise ValueError("refusing to write outside the output directory")
    # ok: llm-output-file-path
    with open(target, "w", encoding="utf-8") as fh:
        fh.write(ask(task))
    return target


def append_log(task: str) -> None:
    answer = ask(task)
    # ok: llm-output-file-path
    Path("/var/log/assistant/answers.log").open("a", encoding="utf-8").write(answer + "\n")


def template_by_kind(task: str) -> str:
    kind = ask(f"Is this a bug or a feature request? One word: {task}")
    template = "templates/bug.md" if kind == "bug" else "templates/feature.md"
    # ok: llm-output-file-path
    return Path(template).read_text(encoding="utf-8")


def copy_fixed(task: str) -> None:
    ask(f"Summarise the nightly build for: {task}")
    # ok: llm-output-file-path
    shutil.copy("build/nightly.log", os.path.join(OUTPUT_DIR, "nightly.log"))


def write_summary_fixed_name(task: str) -> None:
    summary = ask(f"Summarise: {task}")
    # ok: llm-output-file-path
    Path(OUTPUT_DIR, "summary.txt").write_text(summary, encoding="utf-8")


def write_temp_file(task: str) -> str:
    draft = ask(f"Draft an email about: {task}")
    # ok: llm-output-file-path
    with tempfile.NamedTemporaryFile("w", suffix=".txt", dir=OUTPUT_DIR, delete=False) as fh:
        shutil.copyfileobj(io.StringIO(draft), fh)
        return fh.name
