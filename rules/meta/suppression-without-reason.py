"""Fixtures for suppression-without-reason: llmsec-ignore comments that give no justification."""
import os
import subprocess

import torch
from openai import OpenAI
from transformers import AutoModelForCausalLM, AutoTokenizer

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
MODEL_REVISION = "e410c516b944c1100ca40616578617051466ac39"

HELP_TEXT = """
Suppress a finding with a trailing comment such as llmsec-ignore[rule-id]: why it is safe.
"""


def load_models():
    # ruleid: suppression-without-reason
    tokenizer = AutoTokenizer.from_pretrained("gpt2")  # llmsec-ignore[hf-unpinned-model]
    # ok: suppression-without-reason
    model = AutoModelForCausalLM.from_pretrained("gpt2")  # llmsec-ignore[hf-unpinned-model]: mirrored internally, digest checked by deploy/models.lock
    return tokenizer, model


def run_generated(task: str) -> None:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": task}],
    )
    code = completion.choices[0].message.content
    # ruleid: suppression-without-reason
    # llmsec-ignore[llm-output-code-execution]
    exec(code, {"__builtins__": {}})


def run_checked(task: str) -> None:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": task}],
    )
    command = completion.choices[0].message.content
    # ok: suppression-without-reason
    # llmsec-ignore[llm-output-shell-command]: runs inside the throwaway gVisor sandbox, see ADR-014
    subprocess.run(command, shell=True, check=False)


def load_checkpoint():
    # ruleid: suppression-without-reason
    return torch.load("checkpoints/local.pt")  # llmsec-ignore[unsafe-model-deserialization]:


def load_trusted_checkpoint():
    # ok: suppression-without-reason
    return torch.load("checkpoints/local.pt")  # llmsec-ignore[unsafe-model-deserialization]: produced by our own training job in this repo


def describe_suppressions() -> str:
    # ok: suppression-without-reason
    return "Write llmsec-ignore[rule-id] followed by a colon and a reason."


def other_tools() -> None:
    # ok: suppression-without-reason
    os.system("make clean")  # nosec B605 - constant command
    # ok: suppression-without-reason
    print(HELP_TEXT)  # noqa: T201
