"""Fixtures for llm-output-html-injection: model output rendered as HTML (Flask, markupsafe, Streamlit)."""
import html

import anthropic
import bleach
import markdown
import markupsafe
import streamlit as st
import streamlit.components.v1 as components
from flask import Flask, render_template, render_template_string
from markupsafe import Markup, escape
from openai import OpenAI

app = Flask(__name__)
client = OpenAI()
claude = anthropic.Anthropic()

ALLOWED_TAGS = ["p", "strong", "em", "ul", "ol", "li", "code", "pre", "a"]


def ask(prompt: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": prompt}],
    )
    return completion.choices[0].message.content or ""


@app.get("/answer")
def answer_page():
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Write a short product tip as HTML."}],
    )
    answer = completion.choices[0].message.content
    # ruleid: llm-output-html-injection
    return render_template_string(f"<html><body><div class='answer'>{answer}</div></body></html>")


@app.get("/answer/markdown")
def answer_markdown():
    message = claude.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=800,
        messages=[{"role": "user", "content": "Explain OAuth in Markdown."}],
    )
    rendered = markdown.markdown(message.content[0].text)
    # ruleid: llm-output-html-injection
    return render_template("answer.html", body=Markup(rendered))


@app.get("/answer/markupsafe")
def answer_markupsafe():
    text = ask("Write a greeting card message.")
    # ruleid: llm-output-html-injection
    card = markupsafe.Markup("<div class='card'>" + text + "</div>")
    return render_template("card.html", card=card)


@app.get("/answer/imported-markup")
def answer_imported_markup():
    summary = ask("Summarise our changelog as an HTML list.")
    # ruleid: llm-output-html-injection
    return render_template("summary.html", summary=Markup(summary))


def streamlit_chat() -> None:
    question = st.chat_input("Ask me anything")
    if not question:
        return
    reply = ask(question)
    # ruleid: llm-output-html-injection
    st.markdown(reply, unsafe_allow_html=True)
    # ruleid: llm-output-html-injection
    st.write(f"<div class='bubble'>{reply}</div>", unsafe_allow_html=True)
    # ruleid: llm-output-html-injection
    components.html(markdown.markdown(reply), height=400)
    # ruleid: llm-output-html-injection
    st.components.v1.html(reply, scrolling=True)


@app.post("/stream")
def stream_page():
    stream = client.chat.completions.create(
        model="gpt-4o-mini",
        stream=True,
        messages=[{"role": "user", "content": "Write a welcome banner in HTML."}],
    )
    banner = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
    # ruleid: llm-output-html-injection
    return render_template_string("<header>" + banner + "</header>{{ footer }}", footer="Acme")


# ---------------------------------------------------------------- look-alikes that stay silent


@app.get("/safe/template-variable")
def safe_template_variable():
    answer = ask("Write a short product tip.")
    # ok: llm-output-html-injection
    return render_template_string("<div class='answer'>{{ answer }}</div>", answer=answer)


@app.get("/safe/template-file")
def safe_template_file():
    answer = ask("Write a short product tip.")
    # ok: llm-output-html-injection
    return render_template("answer.html", body=answer)


@app.get("/safe/escaped")
def safe_escaped():
    answer = ask("Write a short product tip.")
    # ok: llm-output-html-injection
    return render_template_string("<div>" + html.escape(answer) + "</div>")


@app.get("/safe/markupsafe-escape")
def safe_markupsafe_escape():
    answer = ask("Write a short product tip.")
    # ok: llm-output-html-injection
    return render_template("answer.html", body=Markup("<p>{}</p>").format(escape(answer)))


@app.get("/safe/bleach")
def safe_bleach():
    rendered = markdown.markdown(ask("Explain OAuth in Markdown."))
    # ok: llm-output-html-injection
    return render_template("answer.html", body=Markup(bleach.clean(rendered, tags=ALLOWED_TAGS, strip=True)))


@app.get("/safe/constant-markup")
def safe_constant_markup():
    tip = ask("Write a short product tip.")
    # ok: llm-output-html-injection
    divider = Markup("<hr class='divider'>")
    return render_template("answer.html", body=tip, divider=divider)


def streamlit_safe() -> None:
    question = st.text_input("Question")
    reply = ask(question)
    # ok: llm-output-html-injection
    st.markdown(reply)
    # ok: llm-output-html-injection
    st.write(reply)
    # ok: llm-output-html-injection
    st.markdown("<div class='footer'>Powered by Acme</div>", unsafe_allow_html=True)
    # ok: llm-output-html-injection
    st.code(reply, language="markdown")
