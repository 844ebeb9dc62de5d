"""Sales insights dashboard: ask questions about the quarterly numbers."""
import html
import sqlite3

import anthropic
import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

ANTHROPIC_KEY = "sk-ant-api03-VxNX0c5hm6BGNAV9lvn_RG6GVQL0Dyrob44SsOqfJ9OjMhbXLAoo4iXy8ycBaIj_werVJvQ8-37AEtO7uCGfAU7EfYnflAA"
MODEL = "claude-3-5-sonnet-latest"
DB_PATH = "data/sales.db"

QUERY_SYSTEM = (
    "You translate questions into a pandas DataFrame.query expression over the given columns. "
    "Reply with the expression only, no code fences."
)
SQL_SYSTEM = (
    "You write one SQLite SELECT over table sales(region, product, quarter, revenue, units). "
    "Reply with SQL only."
)
COMMENTARY_SYSTEM = "You are a sales analyst. Comment on the figures in three short paragraphs."
REPORT_SYSTEM = "Write a standalone HTML report (inline CSS, no scripts) for the data you are given."

client = anthropic.Anthropic(api_key=ANTHROPIC_KEY)


@st.cache_resource
def get_conn():
    return sqlite3.connect(DB_PATH, check_same_thread=False)


@st.cache_data(ttl=600)
def load_sales():
    df = pd.read_sql("SELECT region, product, quarter, revenue, units FROM sales", get_conn())
    df.eval("unit_price = revenue / units", inplace=True)
    return df


def ask_claude(system: str, prompt: str, max_tokens: int = 800) -> str:
    message = client.messages.create(
        model=MODEL,
        max_tokens=max_tokens,
        system=system,
        messages=[{"role": "user", "content": prompt}],
    )
    return message.content[0].text


st.set_page_config(page_title="Sales insights", layout="wide")
st.title("Sales insights")
df = load_sales()
regions = st.multiselect("Regions", sorted(df["region"].unique()))
if regions:
    df = df[df["region"].isin(regions)]

question = st.text_input("Ask a question about the sales data")
mode = st.radio("Answer with", ["filter", "sql"], horizontal=True)

if question:
    schema = ", ".join(f"{col} ({dtype})" for col, dtype in df.dtypes.astype(str).items())
    if mode == "filter":
        expr = ask_claude(QUERY_SYSTEM, f"Columns: {schema}\nQuestion: {question}", max_tokens=200)
        st.code(expr, language="python")
        result = df.query(expr)
    else:
        sql = ask_claude(SQL_SYSTEM, question, max_tokens=300).strip().rstrip(";")
        st.code(sql, language="sql")
        result = pd.read_sql(sql, get_conn())
    st.dataframe(result, use_container_width=True)

    commentary = ask_claude(COMMENTARY_SYSTEM, result.head(50).to_csv(index=False))
    st.markdown(commentary)
    with st.expander("Highlighted commentary"):
        st.markdown(f"<div class='insight'>{commentary}</div>", unsafe_allow_html=True)
    st.markdown(f"<p class='caption'>{html.escape(commentary[:120])}</p>", unsafe_allow_html=True)

    if st.button("Build HTML report"):
        report_html = ask_claude(REPORT_SYSTEM, result.to_csv(index=False), max_tokens=4000)
        components.html(report_html, height=600, scrolling=True)
        st.download_button("Download report", report_html, file_name="sales-report.html")
    st.write(commentary)
