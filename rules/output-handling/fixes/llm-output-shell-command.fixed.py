"""Quick-fix fixture for llm-output-shell-command: shell commands become argument lists."""
import os
import shlex

from anthropic import Anthropic
import subprocess

claude = Anthropic()


def ask(prompt: str) -> str:
    message = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=200,
        messages=[{"role": "user", "content": prompt}],
    )
    return message.content[0].text


def run_suggested(task: str) -> int:
    command = ask(f"Reply with one shell command that does: {task}")
    # ruleid: llm-output-shell-command
    return subprocess.run(shlex.split(command), check=False).returncode


def show_log(question: str) -> None:
    revision = ask(f"Which git revision answers: {question}? Reply with the revision only.")
    # ruleid: llm-output-shell-command
    subprocess.run(["git", "log", "--oneline", revision], check=False)


def list_files(task: str) -> bytes:
    import subprocess

    flags = ask(f"Only the ls flags for: {task}")
    # ruleid: llm-output-shell-command
    return subprocess.check_output(["ls", flags, "/var/log"])


def archive(task: str) -> None:
    import subprocess

    command = ask(f"One tar command for: {task}")
    proc = subprocess.Popen(
        # ruleid: llm-output-shell-command
        shlex.split(command),
        cwd="/srv/backups",
    )
    proc.wait()


def grep_logs(task: str) -> None:
    pattern = ask(f"A grep pattern for: {task}")
    # A pipeline cannot become one argument list: no quick fix, the finding stays.
    # ruleid: llm-output-shell-command
    os.system(f"grep {pattern} /var/log/syslog | tail -n 20")


def quoted(task: str) -> None:
    path = ask(f"The file to count lines of for: {task}")
    # ok: llm-output-shell-command
    os.system("wc -l " + shlex.quote(path))
