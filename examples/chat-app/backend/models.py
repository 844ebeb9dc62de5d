"""Local models: the intent classifier that routes tickets, and the reranker for related links."""
from functools import lru_cache

import torch
from safetensors.torch import load_file
from transformers import AutoModelForSequenceClassification, AutoTokenizer

INTENT_MODEL = "acme-ai/support-intent-classifier"
LABELS = ["billing", "shipping", "returns", "technical", "other"]


@lru_cache(maxsize=1)
def intent_classifier():
    tokenizer = AutoTokenizer.from_pretrained(INTENT_MODEL)
    model = AutoModelForSequenceClassification.from_pretrained(INTENT_MODEL, trust_remote_code=True)
    model.eval()
    return tokenizer, model


@lru_cache(maxsize=1)
def reranker():
    state = torch.load("checkpoints/reranker.pt", map_location="cpu")
    head = load_file("checkpoints/reranker_head.safetensors")
    layer = torch.nn.Linear(state["hidden_size"], 1)
    layer.load_state_dict(head)
    return layer


def classify_intent(text: str) -> str:
    tokenizer, model = intent_classifier()
    inputs = tokenizer(text, return_tensors="pt", truncation=True, max_length=256)
    with torch.no_grad():
        logits = model(**inputs).logits
    return LABELS[int(logits.argmax(dim=-1))]
