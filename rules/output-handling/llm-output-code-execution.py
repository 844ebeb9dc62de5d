"""Fixtures for llm-output-code-execution: model output reaching eval / exec / compile and expression evaluators."""
import ast
import json
import re

import anthropic
import numexpr
import ollama
import pandas as pd
from google import genai
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI
from openai import OpenAI

client = OpenAI()
claude = anthropic.Anthropic()
gemini = genai.Client()

CODE_BLOCK = re.compile(r"```(?:python)?\n(.*?)```", re.S)
SAFE_SNIPPET = "summary = df.describe()"


def ask(prompt: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": prompt}],
    )
    return completion.choices[0].message.content or ""


def run_generated_analysis(df: pd.DataFrame, question: str):
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[
            {"role": "system", "content": "Reply with a single pandas expression over `df`."},
            {"role": "user", "content": question},
        ],
    )
    expression = completion.choices[0].message.content.strip()
    # ruleid: llm-output-code-execution
    return eval(expression, {"df": df, "pd": pd})


def run_code_block(task: str) -> dict:
    message = claude.messages.create(
        model="claude-sonnet-4-20250514",
        max_tokens=2000,
        messages=[{"role": "user", "content": f"Write Python that does: {task}"}],
    )
    match = CODE_BLOCK.search(message.content[0].text)
    namespace: dict = {}
    if match:
        # ruleid: llm-output-code-execution
        exec(match.group(1), namespace)
    return namespace


def compile_generated(task: str):
    source = ask(f"Write a Python function named solve for: {task}")
    # ruleid: llm-output-code-execution
    code_obj = compile(source, "<llm>", "exec")
    scope: dict = {}
    # ruleid: llm-output-code-execution
    exec(code_obj, scope)
    return scope["solve"]


def stream_and_run(task: str) -> None:
    stream = client.chat.completions.create(
        model="gpt-4o-mini",
        stream=True,
        messages=[{"role": "user", "content": f"Python only, no prose: {task}"}],
    )
    program = ""
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            program += chunk.choices[0].delta.content
    # ruleid: llm-output-code-execution
    exec(program)


def responses_api_eval(expr_request: str):
    response = client.responses.create(model="gpt-4.1-mini", input=f"Arithmetic only: {expr_request}")
    # ruleid: llm-output-code-execution
    return eval(response.output_text)


def gemini_formula(df: pd.DataFrame, metric: str) -> pd.Series:
    response = gemini.models.generate_content(
        model="gemini-2.5-flash",
        contents=f"Give a pandas eval formula computing {metric} from columns price and qty.",
    )
    # ruleid: llm-output-code-execution
    return df.eval(response.text)


def filter_rows(df: pd.DataFrame, request_text: str) -> pd.DataFrame:
    reply = ollama.chat(
        model="llama3.1",
        messages=[{"role": "user", "content": f"Translate to a DataFrame.query string: {request_text}"}],
    )
    condition = reply["message"]["content"]
    # ruleid: llm-output-code-execution
    return df.query(condition)


def numeric_formula(a, b, description: str):
    formula = ask(f"Write a numexpr expression in a and b for: {description}")
    # ruleid: llm-output-code-execution
    return numexpr.evaluate(formula, local_dict={"a": a, "b": b})


def pandas_top_level_eval(description: str):
    expr = json.loads(ask(f'Return JSON {{"expr": ...}} with a pandas.eval expression for {description}'))["expr"]
    # ruleid: llm-output-code-execution
    return pd.eval(expr)


def langchain_exec(task: str) -> dict:
    prompt = ChatPromptTemplate.from_messages([("system", "Write Python only."), ("human", "{task}")])
    chain = prompt | ChatOpenAI(model="gpt-4o-mini") | StrOutputParser()
    code = chain.invoke({"task": task})
    env: dict = {}
    # ruleid: llm-output-code-execution
    exec(code, env)
    return env


# ---------------------------------------------------------------- look-alikes that stay silent


def parse_literal(question: str):
    text = ask(f"Return a Python list literal of three city names related to: {question}")
    # ok: llm-output-code-execution
    return ast.literal_eval(text)


def parse_json(question: str) -> dict:
    text = ask(f"Return JSON with keys name and age for: {question}")
    # ok: llm-output-code-execution
    return json.loads(text)


def constant_eval(df: pd.DataFrame) -> pd.DataFrame:
    verdict = ask("Should we include a summary table? Answer yes or no.")
    if verdict.strip().lower() == "yes":
        scope = {"df": df}
        # ok: llm-output-code-execution
        exec(SAFE_SNIPPET, scope)
        return scope["summary"]
    # ok: llm-output-code-execution
    return df.query("qty > 0")


def query_with_local_variable(df: pd.DataFrame, question: str) -> pd.DataFrame:
    threshold = float(ask(f"Give a single number: minimum price for {question}"))
    # ok: llm-output-code-execution
    return df.query("price >= @threshold")


def numexpr_with_values(a, question: str):
    scale = float(ask(f"Reply with one number, the scale factor for {question}"))
    # ok: llm-output-code-execution
    return numexpr.evaluate("a * scale", local_dict={"a": a, "scale": scale})


def eval_config_value(config_path: str) -> int:
    with open(config_path, encoding="utf-8") as fh:
        raw = fh.read()
    # ok: llm-output-code-execution
    return eval(compile("len(raw)", "<cfg>", "eval"), {"raw": raw})


def render_code_only(task: str) -> str:
    code = ask(f"Write Python for: {task}")
    # ok: llm-output-code-execution
    tree = ast.parse(code)
    return ast.dump(tree)


SNIPPETS = {
    "describe": "summary = df.describe()",
    "head": "summary = df.head(10)",
}


def run_chosen_snippet(df: pd.DataFrame, question: str) -> pd.DataFrame:
    choice = ask(f"Reply with describe or head for: {question}").strip()
    if choice not in SNIPPETS:
        raise ValueError("unknown snippet")
    scope = {"df": df}
    # ok: llm-output-code-execution
    exec(SNIPPETS[choice], scope)
    return scope["summary"]


def regex_from_model(question: str, lines: list[str]) -> list[str]:
    pattern = ask(f"Give a Python regular expression matching: {question}")
    # ok: llm-output-code-execution
    matcher = re.compile(pattern)
    return [line for line in lines if matcher.search(line)]


def pandas_eval_with_values(df: pd.DataFrame, question: str) -> pd.Series:
    rate = float(ask(f"Reply with one number, the VAT rate for {question}"))
    # ok: llm-output-code-execution
    return pd.eval("total * rate", local_dict={"total": df["total"], "rate": rate})
