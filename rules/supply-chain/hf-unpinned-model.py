"""Fixtures for hf-unpinned-model: Hugging Face Hub downloads without a full commit SHA revision."""
import os

from datasets import load_dataset
from diffusers import DiffusionPipeline, StableDiffusionPipeline
from huggingface_hub import hf_hub_download, snapshot_download
from sentence_transformers import SentenceTransformer
from transformers import (
    AutoConfig,
    AutoModelForCausalLM,
    AutoModelForSequenceClassification,
    AutoTokenizer,
    pipeline,
)

MODEL_ID = "mistralai/Mistral-7B-Instruct-v0.3"
MODEL_REVISION = "e410c516b944c1100ca40616578617051466ac39"
EMBEDDER_REVISION = "b3a3c6e9b2f92b368b05161226e8d371ffd5d575"
MODELS_ROOT = "/opt/models"


def load_chat_model():
    # ruleid: hf-unpinned-model
    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
    # ruleid: hf-unpinned-model
    model = AutoModelForCausalLM.from_pretrained(
        MODEL_ID,
        torch_dtype="auto",
        device_map="auto",
    )
    return tokenizer, model


def load_classifier_on_branch():
    # ruleid: hf-unpinned-model
    return AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased-finetuned-sst-2-english", revision="main")


def load_config_on_tag():
    # ruleid: hf-unpinned-model
    return AutoConfig.from_pretrained("meta-llama/Llama-3.1-8B-Instruct", revision="v1.0")


def load_with_short_sha():
    # ruleid: hf-unpinned-model
    return AutoTokenizer.from_pretrained("google-bert/bert-base-uncased", revision="7506d61")


def build_pipeline():
    # ruleid: hf-unpinned-model
    return pipeline("text-generation", model="Qwen/Qwen2.5-0.5B-Instruct", max_new_tokens=128)


def build_embedder():
    # ruleid: hf-unpinned-model
    return SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")


def build_image_pipeline():
    # ruleid: hf-unpinned-model
    pipe = DiffusionPipeline.from_pretrained("stabilityai/stable-diffusion-xl-base-1.0", use_safetensors=True)
    return pipe


def download_artifacts():
    # ruleid: hf-unpinned-model
    weights = hf_hub_download(repo_id="acme/fraud-detector", filename="model.safetensors")
    # ruleid: hf-unpinned-model
    folder = snapshot_download("acme/fraud-detector", revision="release-2024-06")
    return weights, folder


def load_training_data():
    # ruleid: hf-unpinned-model
    train = load_dataset("imdb", split="train")
    # ruleid: hf-unpinned-model
    reviews = load_dataset("stanfordnlp/sst2", revision="main")
    return train, reviews


# ---------------------------------------------------------------- look-alikes that stay silent


def load_pinned_model():
    # ok: hf-unpinned-model
    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID, revision=MODEL_REVISION)
    # ok: hf-unpinned-model
    model = AutoModelForCausalLM.from_pretrained(
        MODEL_ID,
        revision="e410c516b944c1100ca40616578617051466ac39",
        torch_dtype="auto",
    )
    return tokenizer, model


def load_pinned_embedder():
    # ok: hf-unpinned-model
    return SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2", revision=EMBEDDER_REVISION)


def build_pinned_pipeline():
    # ok: hf-unpinned-model
    return pipeline("text-generation", model="Qwen/Qwen2.5-0.5B-Instruct", revision="cf491125d2f4a2b76895362dae68ecedc0b02408")


def load_local_models():
    # ok: hf-unpinned-model
    tokenizer = AutoTokenizer.from_pretrained("./models/llama-3.1-8b")
    # ok: hf-unpinned-model
    model = AutoModelForCausalLM.from_pretrained("/opt/models/llama-3.1-8b")
    # ok: hf-unpinned-model
    classifier = AutoModelForSequenceClassification.from_pretrained(os.path.join(MODELS_ROOT, "sentiment"))
    # ok: hf-unpinned-model
    sd = StableDiffusionPipeline.from_pretrained("./checkpoints/sd15", local_files_only=True)
    return tokenizer, model, classifier, sd


def load_revision_from_config(settings):
    # ok: hf-unpinned-model
    return AutoModelForCausalLM.from_pretrained(MODEL_ID, revision=settings.model_revision)


def download_pinned_artifacts():
    # ok: hf-unpinned-model
    weights = hf_hub_download(
        repo_id="acme/fraud-detector",
        filename="model.safetensors",
        revision="086256a46e5a56ce87b5a9c1bfe5b16b96f97edc",
    )
    # ok: hf-unpinned-model
    folder = snapshot_download("acme/fraud-detector", revision="1ea6796eed5b42e25a43dc1546f6f19af3ce715d")
    return weights, folder


def load_local_data():
    # ok: hf-unpinned-model
    train = load_dataset("csv", data_files={"train": "data/train.csv", "test": "data/test.csv"})
    # ok: hf-unpinned-model
    logs = load_dataset("json", data_files="data/chat-logs.jsonl", split="train")
    # ok: hf-unpinned-model
    reviews = load_dataset("stanfordnlp/sst2", revision="6526a4aece718764c58598b6dd0e47dbf0ffc581")
    return train, logs, reviews
