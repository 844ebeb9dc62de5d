"""Fixtures for hf-trust-remote-code: loads that execute Python code shipped inside a Hub repository."""
from datasets import load_dataset
from sentence_transformers import SentenceTransformer
from transformers import AutoConfig, AutoModel, AutoModelForCausalLM, AutoTokenizer, pipeline
from vllm import LLM, SamplingParams

MODEL_ID = "microsoft/Phi-3-mini-4k-instruct"
MODEL_REVISION = "fbaa598657ec152bb4f11ecc566d236f0db784c9"


def load_phi():
    # ruleid: hf-trust-remote-code
    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID, revision=MODEL_REVISION, trust_remote_code=True)
    model = AutoModelForCausalLM.from_pretrained(
        MODEL_ID,
        revision=MODEL_REVISION,
        torch_dtype="auto",
        # ruleid: hf-trust-remote-code
        trust_remote_code=True,
    )
    return tokenizer, model


def load_config_and_backbone():
    # ruleid: hf-trust-remote-code
    config = AutoConfig.from_pretrained("THUDM/chatglm3-6b", trust_remote_code=True)
    # ruleid: hf-trust-remote-code
    backbone = AutoModel.from_pretrained("THUDM/chatglm3-6b", config=config, trust_remote_code=True)
    return backbone


def build_pipeline():
    # ruleid: hf-trust-remote-code
    return pipeline("text-generation", model="tiiuae/falcon-7b-instruct", trust_remote_code=True)


def build_embedder():
    # ruleid: hf-trust-remote-code
    return SentenceTransformer("jinaai/jina-embeddings-v2-base-en", trust_remote_code=True)


def load_scripted_dataset():
    # ruleid: hf-trust-remote-code
    return load_dataset("acme/support-tickets", split="train", trust_remote_code=True)


def serve_with_vllm(prompts):
    # ruleid: hf-trust-remote-code
    llm = LLM(model="Qwen/Qwen2-VL-7B-Instruct", trust_remote_code=True)
    return llm.generate(prompts, SamplingParams(max_tokens=128))


# ---------------------------------------------------------------- look-alikes that stay silent


def load_standard_architecture():
    # ok: hf-trust-remote-code
    tokenizer = AutoTokenizer.from_pretrained("meta-llama/Llama-3.1-8B-Instruct", revision=MODEL_REVISION)
    # ok: hf-trust-remote-code
    model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.1-8B-Instruct", revision=MODEL_REVISION, trust_remote_code=False)
    return tokenizer, model


def build_plain_pipeline():
    # ok: hf-trust-remote-code
    return pipeline("summarization", model="facebook/bart-large-cnn", revision=MODEL_REVISION)


def build_plain_embedder():
    # ok: hf-trust-remote-code
    return SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2", trust_remote_code=False)


def load_parquet_dataset():
    # ok: hf-trust-remote-code
    return load_dataset("stanfordnlp/imdb", split="test")


def load_dataset_explicitly_untrusted():
    # ok: hf-trust-remote-code
    return load_dataset("stanfordnlp/imdb", split="train", trust_remote_code=False)


def serve_plain_vllm(prompts):
    # ok: hf-trust-remote-code
    llm = LLM(model="meta-llama/Llama-3.1-8B-Instruct")
    return llm.generate(prompts, SamplingParams(max_tokens=128))


def describe_option() -> dict:
    # ok: hf-trust-remote-code
    return dict(option="trust_remote_code", default=True, documented_in="docs/models.md")
