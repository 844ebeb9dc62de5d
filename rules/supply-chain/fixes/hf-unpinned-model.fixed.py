"""Quick-fix fixture for hf-unpinned-model: Hub loads get a revision placeholder to fill with a commit SHA."""
from datasets import load_dataset
from huggingface_hub import hf_hub_download
from sentence_transformers import SentenceTransformer
from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

MODEL_ID = "Qwen/Qwen2.5-0.5B-Instruct"
PINNED = "8f1fcfb0d2cb1dc3a0ee4bfb45ba86e6e8f3ea1e"


def load_chat_model():
    # ruleid: hf-unpinned-model
    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID, revision="${1:<full 40-character commit SHA>}")
    # ruleid: hf-unpinned-model
    model = AutoModelForCausalLM.from_pretrained(
        MODEL_ID,
        torch_dtype="auto",
        device_map="auto",
        revision="${1:<full 40-character commit SHA>}"
    )
    return tokenizer, model


def load_classifier():
    # ruleid: hf-unpinned-model
    return pipeline("text-classification", model="distilbert/distilbert-base-uncased-finetuned-sst-2-english", revision="${1:<full 40-character commit SHA>}")


def load_embedder():
    # ruleid: hf-unpinned-model
    return SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2", revision="${1:<full 40-character commit SHA>}", device="cpu")


def fetch_weights() -> str:
    # ruleid: hf-unpinned-model
    return hf_hub_download(
        repo_id="acme/fraud-detector",
        filename="model.safetensors",
        revision="${1:<full 40-character commit SHA>}",
    )


def load_reviews():
    # ruleid: hf-unpinned-model
    return load_dataset("stanfordnlp/imdb", split="test", revision="${1:<full 40-character commit SHA>}")


def load_pinned():
    # ok: hf-unpinned-model
    return AutoTokenizer.from_pretrained(MODEL_ID, revision=PINNED)
