#!/usr/bin/env python3
"""summarize: summarise text files with an OpenAI model, optionally chat about them."""
import argparse
import json
import os
import sys
from pathlib import Path

from openai import OpenAI

STYLES = {
    "bullets": "Summarise the document as 3-7 bullet points.",
    "tldr": "Summarise the document in one sentence.",
    "exec": "Write an executive summary for a busy manager.",
}
OUTPUT_DIR = Path(os.environ.get("SUMMARIZE_OUT", Path.home() / "summaries"))
MAX_CHARS = 60_000


def build_parser():
    p = argparse.ArgumentParser(prog="summarize", description=__doc__)
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--style", choices=sorted(STYLES), default="bullets")
    p.add_argument("--instructions", help="extra instructions for the model")
    p.add_argument("--model", default=os.environ.get("SUMMARIZE_MODEL", "gpt-4o-mini"))
    p.add_argument("--max-words", default="200")
    p.add_argument("--chat", action="store_true", help="ask follow-up questions afterwards")
    p.add_argument("--save", action="store_true", help="write the summary and tags to disk")
    return p


def summarise(client, model, text, style, max_words, instructions=None):
    system = f"{STYLES[style]} Keep it under {int(max_words)} words."
    if instructions:
        system += f"\nAdditional instructions from the user: {instructions}"
    response = client.responses.create(model=model, instructions=system, input=text)
    return response.output_text


def suggest_tags(client, model, summary):
    reply = client.chat.completions.create(
        model=model,
        response_format={"type": "json_object"},
        messages=[
            {"role": "system", "content": 'Return {"slug": "...", "tags": ["..."]} for the summary.'},
            {"role": "user", "content": summary},
        ],
    )
    return json.loads(reply.choices[0].message.content)


def save_summary(source, summary, meta):
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    name = os.path.basename(meta.get("slug") or source.stem) + ".md"
    target = os.path.abspath(os.path.join(OUTPUT_DIR, name))
    if os.path.dirname(target) != os.path.abspath(OUTPUT_DIR):
        raise ValueError(f"refusing to write outside {OUTPUT_DIR}")
    with open(target, "w", encoding="utf-8") as fh:
        fh.write(summary)
    for tag in meta.get("tags", []):
        tag_file = os.path.join(OUTPUT_DIR, "tags", f"{tag}.txt")
        os.makedirs(os.path.join(OUTPUT_DIR, "tags"), exist_ok=True)
        with open(tag_file, "a", encoding="utf-8") as fh:
            fh.write(f"{target}\n")
    return target


def chat_loop(client, model, summary):
    history = [
        {"role": "system", "content": "Answer follow-up questions about this summary:\n\n" + summary},
    ]
    while True:
        try:
            question = input("you> ").strip()
        except EOFError:
            break
        if question in {"", "quit", "exit"}:
            break
        history.append({"role": "user", "content": question})
        reply = client.chat.completions.create(model=model, messages=history)
        answer = reply.choices[0].message.content
        history.append({"role": "assistant", "content": answer})
        print(answer)


def main(argv=None):
    args = build_parser().parse_args(argv)
    client = OpenAI()
    for path in args.files:
        text = path.read_text(encoding="utf-8", errors="replace")[:MAX_CHARS]
        summary = summarise(client, args.model, text, args.style, args.max_words, args.instructions)
        print(f"== {path} ==\n{summary}\n")
        if args.save:
            meta = suggest_tags(client, args.model, summary)
            print("saved to", save_summary(path, summary, meta))
        if args.chat:
            chat_loop(client, args.model, summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
