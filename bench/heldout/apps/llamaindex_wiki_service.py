"""wiki-answers: Flask service exposing the engineering wiki through LlamaIndex."""
import importlib
import os
import re

from flask import Flask, abort, jsonify, render_template, render_template_string, request
from llama_index.core import (
    Settings,
    SimpleDirectoryReader,
    StorageContext,
    VectorStoreIndex,
    load_index_from_storage,
)
from llama_index.embeddings.openai import OpenAIEmbedding
from llama_index.llms.openai import OpenAI
from markupsafe import Markup, escape

Settings.llm = OpenAI(model="gpt-4o-mini", temperature=0.1)
Settings.embed_model = OpenAIEmbedding(model="text-embedding-3-small")

PERSIST_DIR = os.environ.get("INDEX_DIR", "./storage")
WIKI_EXPORT = os.environ.get("WIKI_EXPORT", "./wiki-export")
EXPORTERS = ("markdown", "confluence", "pdf")
TONES = {"neutral", "friendly", "formal"}
EXPORT_REQUEST_RE = re.compile(r"[\w .,'-]{1,200}")

app = Flask(__name__)


def build_or_load_index():
    if os.path.isdir(PERSIST_DIR):
        return load_index_from_storage(StorageContext.from_defaults(persist_dir=PERSIST_DIR))
    documents = SimpleDirectoryReader(WIKI_EXPORT, recursive=True, required_exts=[".md"]).load_data()
    index = VectorStoreIndex.from_documents(documents)
    index.storage_context.persist(persist_dir=PERSIST_DIR)
    return index


INDEX = build_or_load_index()


def validate_export_request(value):
    value = (value or "").strip()
    if not EXPORT_REQUEST_RE.fullmatch(value):
        abort(400, "export request must be a short plain sentence")
    return value


@app.get("/api/query")
def api_query():
    q = request.args.get("q", "")
    if not q:
        abort(400)
    engine = INDEX.as_query_engine(similarity_top_k=4)
    response = engine.query(q)
    sources = [n.node.metadata.get("file_name") for n in response.source_nodes]
    return jsonify({"answer": str(response), "sources": sources})


@app.get("/answer")
def answer_page():
    q = request.args.get("q", "")
    response = INDEX.as_query_engine(similarity_top_k=3).query(q)
    answer = str(response)
    if request.args.get("format") == "plain":
        return render_template("answer.html", question=q, answer=answer)
    return render_template_string(
        "<h1>Answer</h1><div class='answer'>" + answer + "</div><p><a href='/'>Ask another</a></p>"
    )


@app.post("/api/rewrite")
def api_rewrite():
    data = request.get_json(force=True)
    tone = data.get("tone", "neutral")
    if tone not in TONES:
        abort(400, "unknown tone")
    result = Settings.llm.complete(f"Rewrite the following text in a {tone} tone:\n\n{data.get('text', '')}")
    return jsonify({"text": result.text})


@app.get("/snippet/<int:page_id>")
def snippet(page_id):
    result = Settings.llm.complete(f"Write a one-line teaser for wiki page {page_id}.")
    teaser = result.text.strip()
    card = Markup("<div class='teaser'>{}</div>").format(teaser)
    banner = Markup(f"<marquee>{teaser}</marquee>")
    safe_title = Markup(f"<h2>{escape(teaser)}</h2>")
    return render_template("snippet.html", card=card, banner=banner, title=safe_title)


@app.post("/api/export")
def api_export():
    wish = validate_export_request(request.form.get("request"))
    result = Settings.llm.complete(
        f"Which exporter fits this request best? Answer with one of {', '.join(EXPORTERS)}.\nRequest: {wish}"
    )
    exporter_name = result.text.strip().lower()
    exporter = importlib.import_module(f"wiki_exporters.{exporter_name}")
    return exporter.export(INDEX), 200, {"Content-Type": exporter.CONTENT_TYPE}


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5050, debug=False)
