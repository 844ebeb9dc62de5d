"""Quick-fix fixture for llm-output-html-injection: model output escaped before it becomes HTML."""
import streamlit as st
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from flask import Flask, render_template_string
from markupsafe import Markup
from openai import OpenAI

client = OpenAI()
app = Flask(__name__)
api = FastAPI()


def ask(question: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
    )
    return completion.choices[0].message.content


@app.get("/answer")
def answer_page():
    answer = ask("Summarise today's release notes.")
    # ruleid: llm-output-html-injection
    return render_template_string(f"<main><h1>Release notes</h1><p>{answer}</p></main>")


@app.get("/banner")
def banner():
    text = ask("Write a one-line banner for the sale.")
    # ruleid: llm-output-html-injection
    return render_template_string("<div class='banner'>{{ greeting }}</div>" + text, greeting="Hello")


def badge() -> Markup:
    label = ask("One word describing the order status.")
    # ruleid: llm-output-html-injection
    return Markup(label)


@api.get("/card", response_class=HTMLResponse)
def card():
    title = ask("A title for the product card.")
    body = ask("Two sentences for the product card.")
    # ruleid: llm-output-html-injection
    return HTMLResponse(f"<section><h2>{title}</h2><p>{body}</p></section>")


def chat_reply(question: str) -> None:
    reply = ask(question)
    # ruleid: llm-output-html-injection
    st.markdown(reply, unsafe_allow_html=True)


def plain_reply(question: str) -> None:
    reply = ask(question)
    # ok: llm-output-html-injection
    st.markdown(reply)
