"""Quick-fix fixture for llm-output-sql-injection: SQL built from model output becomes a parameterised query."""
import sqlite3

import psycopg2
from openai import OpenAI

client = OpenAI()
local_db = sqlite3.connect("orders.db")
warehouse = psycopg2.connect("dbname=warehouse")


def extract(question: str, field: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": f"From this question, extract only the {field}: {question}"}],
    )
    return completion.choices[0].message.content.strip()


def orders_for_customer(question: str) -> list:
    customer = extract(question, "customer name")
    cur = local_db.cursor()
    # ruleid: llm-output-sql-injection
    cur.execute(f"SELECT id, total FROM orders WHERE customer = '{customer}' AND status = 'open'")
    return cur.fetchall()


def products_like(question: str) -> list:
    term = extract(question, "product search term")
    # ruleid: llm-output-sql-injection
    return local_db.execute("SELECT sku, name FROM products WHERE name LIKE '%" + term + "%'").fetchall()


def shipments(question: str) -> list:
    city = extract(question, "city")
    limit = extract(question, "number of rows")
    with warehouse.cursor() as cur:
        # ruleid: llm-output-sql-injection
        cur.execute("SELECT id, eta FROM shipments WHERE city = '%s' AND eta > now() LIMIT %s" % (city, limit))
        return cur.fetchall()


def supplier(question: str) -> list:
    name = extract(question, "supplier name")
    with warehouse.cursor() as cur:
        # ruleid: llm-output-sql-injection
        cur.execute("SELECT id, rating FROM suppliers WHERE name = '{}' AND rating >= 80".format(name))
        return cur.fetchall()


def sorted_orders(question: str) -> list:
    column = extract(question, "column to sort by")
    cur = local_db.cursor()
    # A column name cannot be a parameter: no quick fix, the finding stays.
    # ruleid: llm-output-sql-injection
    cur.execute(f"SELECT id, total FROM orders ORDER BY {column}")
    return cur.fetchall()


def parameterised(question: str) -> list:
    customer = extract(question, "customer name")
    cur = local_db.cursor()
    # ok: llm-output-sql-injection
    cur.execute("SELECT id FROM orders WHERE customer = ?", (customer,))
    return cur.fetchall()
