"""Fixtures for hardcoded-api-key: provider keys written into source. Every key below is random and fake."""
import os

import anthropic
import boto3
import cohere
import google.generativeai as genai
import replicate
from groq import Groq
from huggingface_hub import InferenceClient, login
from langchain_openai import ChatOpenAI
from mistralai import Mistral
from openai import OpenAI

# ruleid: hardcoded-api-key
OPENAI_API_KEY = "sk-proj-Y1ZWn4C72oOnmKuQctaHiBCGUMAW7rGv9Z7p5xO7BsCSqg0P0ZDgQVtQp13rKFZobmR9pRbLh9O5JdvVqZ9o5MG9Yr7DmWnbUcyuZwKn83T4NkKdJ7Dxo_DguzgZhqNTf8lbJ3zQIEJy2rlDgn6tFdd3BZye"

# ok: hardcoded-api-key
client = OpenAI(api_key=OPENAI_API_KEY)


def legacy_openai() -> OpenAI:
    # ruleid: hardcoded-api-key
    return OpenAI(api_key="sk-tD5joO4HlycRfX8ogRR0FKGwhHXtdVRdWucWC3NyFid8vMHo")


def service_account_env() -> None:
    # ruleid: hardcoded-api-key
    os.environ["OPENAI_API_KEY"] = "sk-svcacct-Biz2XySArUOwRAqOrArFj1g9qAwRmU_EIhJLqwh7dYL0nr4qVPVI_gsHdgDxdc0SNsNql_AFGP"


def claude() -> anthropic.Anthropic:
    return anthropic.Anthropic(
        # ruleid: hardcoded-api-key
        api_key="sk-ant-api03-3ph-YWGMGsIpUwuvnrU5-ZIdO1vhbvot_70R74jXfvLZcI-Bh9fwfUvSEOzmCHejI7QflTROv5nWZZ1mW1-JMHwSzoisFAA",
    )


def gemini() -> None:
    # ruleid: hardcoded-api-key
    genai.configure(api_key="AIzaQPg-7qcRfj83H5hWb7ouwMXcsofWbSmkPE-")


def hugging_face() -> InferenceClient:
    # ruleid: hardcoded-api-key
    login(token="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")
    # ruleid: hardcoded-api-key
    return InferenceClient(model="meta-llama/Llama-3.1-8B-Instruct", token="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")


def bedrock():
    return boto3.client(
        "bedrock-runtime",
        region_name="us-east-1",
        # ruleid: hardcoded-api-key
        aws_access_key_id="AKIAPD56UGQ7A3H7DBZD",
        aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
    )


def groq() -> Groq:
    # ruleid: hardcoded-api-key
    return Groq(api_key="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")


def replicate_client() -> replicate.Client:
    # ruleid: hardcoded-api-key
    return replicate.Client(api_token="r8_8XwEs5ZZ44elopSqYcSSLWr3FMGQgoAyJHx9K")


def xai() -> OpenAI:
    # ruleid: hardcoded-api-key
    return OpenAI(base_url="https://api.x.ai/v1", api_key="xai-oyJ33AmoYVTsYjrmFbQ2diZSblcli3HKfb5xHGTEjl9GdYFcLRY47Li6WCvhV7nQVWM18zabq44vJUE5")


def perplexity() -> OpenAI:
    # ruleid: hardcoded-api-key
    return OpenAI(base_url="https://api.perplexity.ai", api_key="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")


def cohere_client() -> cohere.ClientV2:
    # ruleid: hardcoded-api-key
    return cohere.ClientV2(api_key="pwq8QXX650ylFBzuHvbpeTTVcYsFx9MNJwiIqJGF")


def mistral_client() -> Mistral:
    # ruleid: hardcoded-api-key
    return Mistral(api_key="Sg3bNSOHNnuwU1eut16dgyMwKkKc1Ei7")


def langchain_client() -> ChatOpenAI:
    # ruleid: hardcoded-api-key
    return ChatOpenAI(model="gpt-4o-mini", api_key="QPsrSmYu0zazg4lSWhUeQkInjlk5kur0", base_url="https://llm-gateway.corp.example.com/v1")


# ---------------------------------------------------------------- look-alikes that stay silent


def from_environment() -> OpenAI:
    # ok: hardcoded-api-key
    return OpenAI(api_key=os.environ["OPENAI_API_KEY"])


def from_getenv() -> anthropic.Anthropic:
    # ok: hardcoded-api-key
    return anthropic.Anthropic(api_key=os.getenv("ANTHROPIC_API_KEY"))


def local_ollama_compat() -> OpenAI:
    # ok: hardcoded-api-key
    return OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")


def local_vllm() -> OpenAI:
    # ok: hardcoded-api-key
    return OpenAI(base_url="http://127.0.0.1:8000/v1", api_key="EMPTY")


def placeholders() -> list:
    return [
        # ok: hardcoded-api-key
        OpenAI(api_key="sk-..."),
        # ok: hardcoded-api-key
        Mistral(api_key="YOUR_API_KEY"),
        # ok: hardcoded-api-key
        cohere.ClientV2(api_key="<key>"),
        # ok: hardcoded-api-key
        Groq(api_key=""),
        # ok: hardcoded-api-key
        anthropic.Anthropic(api_key="test"),
    ]


def variable_only(api_key: str) -> OpenAI:
    # ok: hardcoded-api-key
    return OpenAI(api_key=api_key)


def docs_placeholder() -> OpenAI:
    # todook: hardcoded-api-key
    return OpenAI(api_key="sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")


def not_keys() -> dict:
    return {
        # ok: hardcoded-api-key
        "locale": "sk-SK",
        # ok: hardcoded-api-key
        "spinner_class": "sk-fading-circle",
        # ok: hardcoded-api-key
        "model_revision": "7f209bd20d5aea94c45f556fba4101988b25aee5",
        # ok: hardcoded-api-key
        "env_var_name": "OPENAI_API_KEY",
    }
