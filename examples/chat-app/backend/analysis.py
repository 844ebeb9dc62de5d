"""The "ask your data" feature: the model writes a pandas expression and we run it on a dataset."""
import json
import os
import subprocess
from pathlib import Path

import pandas as pd
from openai import OpenAI

from . import store

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
ANALYSIS_MODEL = os.environ.get("ANALYSIS_MODEL", "gpt-4o-mini")

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CHART_DIR = DATA_DIR / "charts"
DATASETS = {"sales": DATA_DIR / "sales.csv", "support": DATA_DIR / "support_tickets.csv"}

ANALYST_PROMPT = (
    "You are a data analyst. The user asks a question about a pandas DataFrame named `df`. "
    "Reply with exactly one Python expression that computes the answer. No prose, no code fences."
)


def _jsonable(value):
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return json.loads(value.to_json(orient="split", date_format="iso"))
    if hasattr(value, "item"):
        return value.item()
    return value


def run_analysis(dataset: str, question: str) -> dict:
    df = pd.read_csv(DATASETS[dataset])
    completion = client.chat.completions.create(
        model=ANALYSIS_MODEL,
        temperature=0,
        messages=[
            {"role": "system", "content": ANALYST_PROMPT},
            {"role": "user", "content": f"Columns: {', '.join(df.columns)}\nQuestion: {question}"},
        ],
    )
    expression = completion.choices[0].message.content.strip().strip("`")
    result = eval(expression, {"df": df, "pd": pd})
    store.save_analysis(dataset, question, expression)
    return {"expression": expression, "result": _jsonable(result)}


def export_chart(dataset: str, question: str) -> Path:
    completion = client.chat.completions.create(
        model=ANALYSIS_MODEL,
        messages=[
            {"role": "system", "content": "Suggest a short, human-friendly chart title. Title only."},
            {"role": "user", "content": question},
        ],
    )
    title = completion.choices[0].message.content.strip()
    CHART_DIR.mkdir(parents=True, exist_ok=True)
    out = CHART_DIR / f"{dataset}.png"
    os.system(f"python scripts/render_chart.py --data {DATASETS[dataset]} --title '{title}' --out {out}")
    return out


def suggest_columns(dataset: str, question: str) -> list[str]:
    df = pd.read_csv(DATASETS[dataset], nrows=5)
    completion = client.chat.completions.create(
        model=ANALYSIS_MODEL,
        response_format={"type": "json_object"},
        messages=[
            {"role": "system", "content": 'Reply with JSON {"columns": [...]} naming the relevant columns.'},
            {"role": "user", "content": f"Columns: {', '.join(df.columns)}\nQuestion: {question}"},
        ],
    )
    suggested = json.loads(completion.choices[0].message.content).get("columns", [])
    return [c for c in suggested if c in df.columns]


def archive_chart(dataset: str) -> Path:
    chart = CHART_DIR / f"{dataset}.png"
    subprocess.run(["gzip", "--keep", "--force", str(chart)], check=True)
    return chart.with_suffix(".png.gz")
