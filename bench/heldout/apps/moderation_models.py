"""Load the models behind the moderation service and warm them up before serving."""
import logging
import os
import pickle
import time

import joblib
import torch
from datasets import load_dataset
from huggingface_hub import hf_hub_download, snapshot_download
from safetensors.torch import load_file
from sentence_transformers import SentenceTransformer
from transformers import (
    AutoModelForCausalLM,
    AutoModelForSequenceClassification,
    AutoTokenizer,
    pipeline,
)

log = logging.getLogger("moderation.models")

CLASSIFIER_REPO = "acme-ml/toxicity-roberta"
CLASSIFIER_SHA = "305cf9206506211b303c663a8f2fb13088d3c7d6"
GENERATOR_REPO = "Qwen/Qwen2.5-1.5B-Instruct"
LOCAL_EMBEDDER = "/opt/models/e5-small-v2"
CACHE_DIR = os.environ.get("MODEL_CACHE", "/var/cache/moderation")
LABELS = ["ok", "toxic", "threat", "sexual", "self-harm"]
DEVICE = "cuda" if torch.cuda.is_available() else "cpu"


def load_classifier():
    tokenizer = AutoTokenizer.from_pretrained(CLASSIFIER_REPO, revision=CLASSIFIER_SHA)
    model = AutoModelForSequenceClassification.from_pretrained(
        CLASSIFIER_REPO, revision=CLASSIFIER_SHA, trust_remote_code=False
    )
    head = torch.load(os.path.join(CACHE_DIR, "calibration_head.pt"), map_location="cpu")
    model.classifier.load_state_dict(head)
    return tokenizer, model.to(DEVICE).eval()


def load_generator():
    tokenizer = AutoTokenizer.from_pretrained(GENERATOR_REPO)
    model = AutoModelForCausalLM.from_pretrained(
        GENERATOR_REPO,
        revision="main",
        torch_dtype=torch.bfloat16,
        device_map="auto",
        trust_remote_code=True,
    )
    return tokenizer, model


def load_embedder():
    return SentenceTransformer(LOCAL_EMBEDDER, device=DEVICE)


def load_reranker():
    return SentenceTransformer("BAAI/bge-small-en-v1.5", device=DEVICE)


def load_threshold_scaler():
    path = hf_hub_download(repo_id=CLASSIFIER_REPO, filename="scaler.joblib", revision=CLASSIFIER_SHA)
    return joblib.load(path)


def load_adapter_weights():
    local_dir = snapshot_download(repo_id="acme-ml/moderation-lora", allow_patterns=["*.safetensors"])
    return load_file(os.path.join(local_dir, "adapter_model.safetensors"))


def load_sentiment():
    return pipeline(
        "sentiment-analysis",
        model="distilbert/distilbert-base-uncased-finetuned-sst-2-english",
        revision="714eb0f",
    )


def load_eval_set():
    return load_dataset("acme-ml/moderation-eval", split="test")


def load_legacy_head():
    path = os.path.join(CACHE_DIR, "legacy_head.pt")
    return torch.load(path, map_location="cpu", weights_only=True)


def load_ema_state():
    # llmsec-ignore[unsafe-model-deserialization]: written by our own training job inside this image, never downloaded
    return torch.load("/opt/models/ema_state.pt", map_location="cpu")


def cached_label_map():
    path = os.path.join(CACHE_DIR, "label_map.pkl")
    if not os.path.exists(path):
        with open(path, "wb") as fh:
            pickle.dump({i: name for i, name in enumerate(LABELS)}, fh)
    with open(path, "rb") as fh:
        return pickle.load(fh)


@torch.inference_mode()
def warm_up():
    started = time.perf_counter()
    tokenizer, classifier = load_classifier()
    batch = tokenizer(["warm-up sentence"], return_tensors="pt").to(DEVICE)
    classifier(**batch)
    load_embedder().encode(["warm-up sentence"])
    load_threshold_scaler()
    log.info("models warm in %.1fs, labels=%s", time.perf_counter() - started, cached_label_map())


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    warm_up()
