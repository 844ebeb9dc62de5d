"""Fixtures for llm-output-sql-injection: SQL text built from model output (text-to-SQL and friends)."""
import json
import sqlite3

import pandas as pd
import psycopg2
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI
from openai import OpenAI
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from .models import Order

client = OpenAI()
engine = create_engine("postgresql+psycopg2://app@db.internal/analytics")
SCHEMA = "CREATE TABLE orders (id INTEGER, customer TEXT, total REAL, created_at TEXT);"


def text_to_sql(question: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[
            {"role": "system", "content": f"Write one SQLite query for this schema:\n{SCHEMA}"},
            {"role": "user", "content": question},
        ],
    )
    return completion.choices[0].message.content.strip().strip("`")


def answer_with_sqlite(question: str) -> list:
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[
            {"role": "system", "content": f"Write one SQLite query for this schema:\n{SCHEMA}"},
            {"role": "user", "content": question},
        ],
    )
    sql = completion.choices[0].message.content
    conn = sqlite3.connect("shop.db")
    cur = conn.cursor()
    # ruleid: llm-output-sql-injection
    cur.execute(sql)
    return cur.fetchall()


def answer_with_connection_execute(question: str) -> list:
    sql = text_to_sql(question)
    with sqlite3.connect("shop.db") as conn:
        # ruleid: llm-output-sql-injection
        return conn.execute(sql).fetchall()


def migrate(description: str) -> None:
    script = text_to_sql(f"Write the migration statements for: {description}")
    with sqlite3.connect("shop.db") as conn:
        # ruleid: llm-output-sql-injection
        conn.executescript(script)


def lookup_customer(question: str) -> list:
    name = text_to_sql(f"Which customer name is meant here? Reply with the name only: {question}")
    with psycopg2.connect("dbname=shop user=app host=db.internal") as pg:
        with pg.cursor() as cur:
            # ruleid: llm-output-sql-injection
            cur.execute(f"SELECT id, total FROM orders WHERE customer = '{name}'")
            return cur.fetchall()


def bulk_insert_generated(topic: str) -> None:
    response = client.responses.create(model="gpt-4.1-mini", input=f"Return JSON with keys table and rows for {topic}")
    spec = json.loads(response.output_text)
    with sqlite3.connect("shop.db") as conn:
        # ruleid: llm-output-sql-injection
        conn.executemany("INSERT INTO " + spec["table"] + " VALUES (?, ?)", spec["rows"])


def sqlalchemy_text(question: str) -> list:
    sql = text_to_sql(question)
    with engine.connect() as conn:
        # ruleid: llm-output-sql-injection
        rows = conn.execute(text(sql)).fetchall()
    return list(rows)


def sqlalchemy_order_by(question: str) -> list:
    column = text_to_sql(f"Which column should results be sorted by for: {question}")
    with engine.connect() as conn:
        # ruleid: llm-output-sql-injection
        return list(conn.execute(text("SELECT * FROM orders ORDER BY " + column)))


def pandas_read_sql(question: str) -> pd.DataFrame:
    sql = text_to_sql(question)
    # ruleid: llm-output-sql-injection
    return pd.read_sql(sql, engine)


def langchain_sql(question: str) -> list:
    prompt = ChatPromptTemplate.from_messages([("system", "Write SQLite SQL for:\n" + SCHEMA), ("human", "{q}")])
    chain = prompt | ChatOpenAI(model="gpt-4o-mini") | StrOutputParser()
    query = chain.invoke({"q": question})
    conn = sqlite3.connect("shop.db")
    # ruleid: llm-output-sql-injection
    return conn.execute(query).fetchall()


# ---------------------------------------------------------------- look-alikes that stay silent


def parameterised_lookup(question: str) -> list:
    name = text_to_sql(f"Which customer name is meant here? Name only: {question}")
    conn = sqlite3.connect("shop.db")
    # ok: llm-output-sql-injection
    return conn.execute("SELECT id, total FROM orders WHERE customer = ?", (name,)).fetchall()


def parameterised_psycopg(question: str) -> list:
    name = text_to_sql(f"Customer name only: {question}")
    with psycopg2.connect("dbname=shop user=app host=db.internal") as pg, pg.cursor() as cur:
        # ok: llm-output-sql-injection
        cur.execute("SELECT id, total FROM orders WHERE customer = %s", (name,))
        return cur.fetchall()


def parameterised_many(topic: str) -> None:
    rows = json.loads(text_to_sql(f"Return a JSON list of [customer, total] pairs for {topic}"))
    with sqlite3.connect("shop.db") as conn:
        # ok: llm-output-sql-injection
        conn.executemany("INSERT INTO orders (customer, total) VALUES (?, ?)", rows)


def sqlalchemy_bound(question: str) -> list:
    customer = text_to_sql(f"Customer name only: {question}")
    with engine.connect() as conn:
        # ok: llm-output-sql-injection
        return list(conn.execute(text("SELECT * FROM orders WHERE customer = :c"), {"c": customer}))


def pandas_params(question: str) -> pd.DataFrame:
    since = text_to_sql(f"ISO date only: {question}")
    # ok: llm-output-sql-injection
    return pd.read_sql("SELECT * FROM orders WHERE created_at >= %(since)s", engine, params={"since": since})


def store_answer(question: str) -> None:
    answer = text_to_sql(question)
    conn = sqlite3.connect("audit.db")
    # ok: llm-output-sql-injection
    conn.execute("INSERT INTO audit (question, generated_sql) VALUES (?, ?)", (question, answer))
    conn.commit()


def limited_rows(question: str) -> list:
    limit = int(text_to_sql(f"How many rows should be shown for: {question}? A number only."))
    conn = sqlite3.connect("shop.db")
    # ok: llm-output-sql-injection
    return conn.execute(f"SELECT * FROM orders LIMIT {limit}").fetchall()


def orm_query(question: str) -> list:
    customer = text_to_sql(f"Customer name only: {question}")
    with Session(engine) as session:
        # ok: llm-output-sql-injection
        return list(session.scalars(select(Order).where(Order.customer == customer)))


def bound_text(question: str) -> list:
    customer = text_to_sql(f"Customer name only: {question}")
    with engine.connect() as conn:
        # ok: llm-output-sql-injection
        return list(conn.execute(text("SELECT * FROM orders WHERE customer = :c").bindparams(c=customer)))


def explain_only(question: str) -> str:
    sql = text_to_sql(question)
    # ok: llm-output-sql-injection
    return f"The assistant would run:\n{sql}"
