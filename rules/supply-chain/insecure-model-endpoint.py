"""Fixtures for insecure-model-endpoint: LLM endpoints and model downloads over plain http:// to a remote host."""
import os

import httpx
import litellm
import ollama
import redis
from huggingface_hub import InferenceClient
from langchain_openai import ChatOpenAI
from openai import AzureOpenAI, OpenAI
from transformers import AutoConfig

# ruleid: insecure-model-endpoint
os.environ["HF_ENDPOINT"] = "http://hf-mirror.corp.example.com"


def vllm_client() -> OpenAI:
    # ruleid: insecure-model-endpoint
    return OpenAI(base_url="http://10.0.3.17:8000/v1", api_key=os.environ["VLLM_API_KEY"])


def azure_client() -> AzureOpenAI:
    # ruleid: insecure-model-endpoint
    return AzureOpenAI(azure_endpoint="http://acme-openai.corp.example.com", api_key=os.environ["AZURE_OPENAI_API_KEY"], api_version="2024-10-21")


def gpu_box_ollama() -> ollama.Client:
    # ruleid: insecure-model-endpoint
    return ollama.Client(host="http://gpu-box.internal:11434")


def lookalike_localhost_ollama() -> ollama.Client:
    # ruleid: insecure-model-endpoint
    return ollama.Client(host="http://localhost.attacker.example:11434")


def litellm_proxy(question: str) -> str:
    # ruleid: insecure-model-endpoint
    response = litellm.completion(model="openai/gpt-4o-mini", api_base="http://llm-proxy.corp.example.com:4000", messages=[{"role": "user", "content": question}])
    return response.choices[0].message.content


def langchain_remote():
    # ruleid: insecure-model-endpoint
    return ChatOpenAI(model="llama-3.1-70b", base_url="http://inference.corp.example.com/v1", api_key=os.environ["INFERENCE_KEY"])


def tgi_client() -> InferenceClient:
    # ruleid: insecure-model-endpoint
    return InferenceClient(base_url="http://tgi.corp.example.com:8080")


def config_over_http():
    # ruleid: insecure-model-endpoint
    return AutoConfig.from_pretrained("http://models.corp.example.com/bert-base/config.json")


# ---------------------------------------------------------------- look-alikes that stay silent


def hosted_client() -> OpenAI:
    # ok: insecure-model-endpoint
    return OpenAI(base_url="https://api.together.xyz/v1", api_key=os.environ["TOGETHER_API_KEY"])


def local_vllm() -> OpenAI:
    # ok: insecure-model-endpoint
    return OpenAI(base_url="http://localhost:8000/v1", api_key="EMPTY")


def local_ollama() -> ollama.Client:
    # ok: insecure-model-endpoint
    return ollama.Client(host="http://127.0.0.1:11434")


def container_ollama() -> ollama.Client:
    # ok: insecure-model-endpoint
    return ollama.Client(host="http://0.0.0.0:11434")


def ipv6_loopback(question: str) -> str:
    # ok: insecure-model-endpoint
    response = litellm.completion(model="ollama/llama3.1", api_base="http://[::1]:11434", messages=[{"role": "user", "content": question}])
    return response.choices[0].message.content


def endpoint_from_env() -> OpenAI:
    # ok: insecure-model-endpoint
    return OpenAI(base_url=os.environ["OPENAI_BASE_URL"], api_key=os.environ["OPENAI_API_KEY"])


def secure_tgi() -> InferenceClient:
    # ok: insecure-model-endpoint
    return InferenceClient(base_url="https://tgi.corp.example.com:8443")


def internal_http_services():
    # ok: insecure-model-endpoint
    http = httpx.Client(base_url="http://metrics.corp.example.com:9090")
    # ok: insecure-model-endpoint
    cache = redis.Redis(host="10.0.3.20", port=6379)
    return http, cache


# ok: insecure-model-endpoint
os.environ["HF_ENDPOINT"] = "https://hf-mirror.corp.example.com"
