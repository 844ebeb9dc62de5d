#!/usr/bin/env python3
"""ops-agent: a small LangChain agent that helps on-call engineers inspect a host."""
import argparse
import json
import os
import shlex
import subprocess
import sys

from langchain_community.document_loaders import WebBaseLoader
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI

llm = ChatOpenAI(
    model="gpt-4o",
    temperature=0,
    api_key="sk-proj-qg3ynASl0p3epImQ1x5oS1WUEnaUdOIW58lJd7Gf6MWYDYLT",
)

RUNBOOK_URL = os.environ.get("RUNBOOK_URL", "https://wiki.example.com/runbooks/oncall.html")
MAX_STEPS = 6

PLANNER_RULES = (
    "Decide the next diagnostic step. Reply with JSON only: "
    '{"tool": <name>, "args": {...}} or {"done": true, "summary": "..."}. '
    "Available tools: disk_usage(path), service_status(name), tail_log(unit, lines), count_matches(pattern)."
)

RUNBOOK_PROMPT = ChatPromptTemplate.from_messages(
    [
        ("system", "You are an SRE. Reply with a single shell command and nothing else."),
        ("human", "Incident: {incident}\n\nRunbook:\n{runbook}"),
    ]
)


class Toolbox:
    def disk_usage(self, path="/"):
        return subprocess.run(["df", "-h", path], capture_output=True, text=True).stdout

    def service_status(self, name):
        return subprocess.run(
            ["systemctl", "status", "--no-pager", name], capture_output=True, text=True
        ).stdout

    def tail_log(self, unit, lines=50):
        cmd = ["journalctl", "-u", unit, "-n", str(int(lines)), "--no-pager"]
        return subprocess.run(cmd, capture_output=True, text=True).stdout

    def count_matches(self, pattern):
        return subprocess.run(
            f"grep -c -- {shlex.quote(pattern)} /var/log/syslog", shell=True, capture_output=True, text=True
        ).stdout


SAFE_TOOLS = {
    "disk_usage": Toolbox.disk_usage,
    "service_status": Toolbox.service_status,
    "tail_log": Toolbox.tail_log,
    "count_matches": Toolbox.count_matches,
}


def plan_step(goal, observations, persona):
    messages = [
        SystemMessage(content=f"You are {persona}. {PLANNER_RULES}"),
        HumanMessage(content=f"Goal: {goal}\n\nObservations so far:\n{observations}"),
    ]
    reply = llm.invoke(messages)
    return json.loads(reply.content)


def run_step(toolbox, step):
    name = step.get("tool")
    if name not in SAFE_TOOLS:
        raise ValueError(f"model asked for unknown tool {name!r}")
    return SAFE_TOOLS[name](toolbox, **step.get("args", {}))


def run_step_unchecked(toolbox, step):
    return getattr(toolbox, step["tool"])(**step.get("args", {}))


def investigate(args):
    toolbox = Toolbox()
    observations = []
    for _ in range(MAX_STEPS):
        step = plan_step(args.goal, "\n".join(observations) or "none", args.persona)
        if step.get("done"):
            print(step.get("summary", ""))
            return 0
        output = run_step_unchecked(toolbox, step) if args.expert else run_step(toolbox, step)
        observations.append(f"$ {step['tool']} {step.get('args', {})}\n{output[-2000:]}")
    print("gave up after", MAX_STEPS, "steps", file=sys.stderr)
    return 1


def propose_fix(args):
    runbook_docs = WebBaseLoader(RUNBOOK_URL).load()
    runbook_text = "\n".join(d.page_content for d in runbook_docs)[:12000]
    chain = RUNBOOK_PROMPT | llm | StrOutputParser()
    fix = chain.invoke({"incident": args.incident, "runbook": runbook_text}).strip().strip("`")
    print(f"proposed: {fix}")
    if args.yes or input("run it? [y/N] ").strip().lower() == "y":
        completed = subprocess.run(fix, shell=True, check=False)
        return completed.returncode
    return 0


def main():
    parser = argparse.ArgumentParser(prog="ops-agent")
    sub = parser.add_subparsers(dest="command", required=True)
    inv = sub.add_parser("investigate")
    inv.add_argument("goal")
    inv.add_argument("--persona", default="a careful on-call SRE")
    inv.add_argument("--expert", action="store_true", help="let the model call any toolbox method")
    fix = sub.add_parser("fix")
    fix.add_argument("incident")
    fix.add_argument("--yes", action="store_true")
    args = parser.parse_args()
    return investigate(args) if args.command == "investigate" else propose_fix(args)


if __name__ == "__main__":
    sys.exit(main())
