"""Fixtures for llm-output-shell-command: model output run by a shell."""
import json
import os
import shlex
import subprocess

import anthropic
import litellm
from langchain_anthropic import ChatAnthropic
from openai import OpenAI

client = OpenAI()
claude = anthropic.Anthropic()

SYSTEM = "You are a Linux assistant. Reply with exactly one shell command and nothing else."


def suggest_command(task: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": task}],
    )
    return completion.choices[0].message.content.strip()


def run_task(task: str) -> int:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": task}],
    )
    command = completion.choices[0].message.content.strip()
    # ruleid: llm-output-shell-command
    return os.system(command)


def run_and_capture(task: str) -> str:
    command = suggest_command(task)
    # ruleid: llm-output-shell-command
    result = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
    return result.stdout


def run_popen(task: str) -> str:
    message = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=200,
        system=SYSTEM,
        messages=[{"role": "user", "content": task}],
    )
    # ruleid: llm-output-shell-command
    with os.popen(message.content[0].text) as pipe:
        return pipe.read()


def check_output_fstring(task: str) -> bytes:
    flags = suggest_command(f"Only the flags for `ls` that would: {task}")
    # ruleid: llm-output-shell-command
    return subprocess.check_output(f"ls {flags} /var/log", shell=True)


def popen_string(task: str) -> str:
    reply = litellm.completion(model="gpt-4o-mini", messages=[{"role": "user", "content": task}])
    cmd = reply.choices[0].message.content
    # ruleid: llm-output-shell-command
    proc = subprocess.Popen(cmd, shell=True, stdout=subprocess.PIPE)
    out, _ = proc.communicate()
    return out.decode()


def run_split_vector(task: str) -> int:
    cmd = suggest_command(task)
    # ruleid: llm-output-shell-command
    return subprocess.call(shlex.split(cmd))


def tool_call_shell(task: str) -> str:
    tools = [
        {
            "type": "function",
            "function": {
                "name": "run_shell",
                "parameters": {"type": "object", "properties": {"command": {"type": "string"}}},
            },
        }
    ]
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": task}],
        tools=tools,
    )
    call = completion.choices[0].message.tool_calls[0]
    args = json.loads(call.function.arguments)
    # ruleid: llm-output-shell-command
    done = subprocess.run(args["command"], shell=True, capture_output=True, text=True)
    return done.stdout


def langchain_shell(task: str) -> None:
    llm = ChatAnthropic(model="claude-3-5-haiku-latest")
    answer = llm.invoke(f"{SYSTEM}\nTask: {task}")
    # ruleid: llm-output-shell-command
    subprocess.run(answer.content, shell=True, check=True)


# ---------------------------------------------------------------- look-alikes that stay silent


def git_log_for_branch(question: str) -> str:
    branch = suggest_command(f"Which git branch name matches: {question}? Reply with the name only.")
    # ok: llm-output-shell-command
    result = subprocess.run(["git", "log", "--oneline", "-n", "20", branch], capture_output=True, text=True)
    return result.stdout


def grep_quoted(question: str) -> str:
    term = suggest_command(f"One search keyword for: {question}")
    # ok: llm-output-shell-command
    return subprocess.check_output(f"grep -rn -- {shlex.quote(term)} docs/", shell=True, text=True)


def quoted_system(question: str) -> int:
    filename = suggest_command(f"Suggest a file name for: {question}")
    # ok: llm-output-shell-command
    return os.system("touch " + shlex.quote(filename))


def fixed_command_with_output_on_stdin(question: str) -> str:
    text = suggest_command(question)
    # ok: llm-output-shell-command
    done = subprocess.run(["wc", "-w"], input=text, capture_output=True, text=True)
    return done.stdout


def constant_shell() -> str:
    summary = suggest_command("Summarise today's deploy log.")
    # ok: llm-output-shell-command
    disk = subprocess.run("df -h /", shell=True, capture_output=True, text=True).stdout
    return summary + disk


def env_for_child(question: str) -> None:
    label = suggest_command(f"A short label for: {question}")
    # ok: llm-output-shell-command
    subprocess.run(["./scripts/tag-build.sh"], env={**os.environ, "BUILD_LABEL": label}, check=True)


def confirmed_by_human(task: str) -> None:
    command = suggest_command(task)
    print(f"The assistant suggests:\n  {command}")
    # ok: llm-output-shell-command
    subprocess.run(["logger", "-t", "assistant", command], check=False)


def commit_with_generated_message(diff_summary: str) -> None:
    message = suggest_command(f"Write a one-line commit message for: {diff_summary}")
    # ok: llm-output-shell-command
    subprocess.run(["git", "commit", "-m", message], check=True)
