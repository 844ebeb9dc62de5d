"""Quick-fix fixture for unsafe-model-deserialization: torch.load gets weights_only=True."""
import pickle

import torch
from huggingface_hub import hf_hub_download

CHECKPOINT = "checkpoints/classifier.pt"
REVISION = "2f1e4c0d9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e"


def load_checkpoint():
    # ruleid: unsafe-model-deserialization
    state = torch.load(CHECKPOINT, map_location="cpu")
    return state["model"]


def load_optimizer(path: str):
    # ruleid: unsafe-model-deserialization
    return torch.load(path, weights_only=False)


def load_downloaded():
    path = hf_hub_download(repo_id="acme/tabular-model", filename="model.pkl", revision=REVISION)
    with open(path, "rb") as fh:
        # pickle has no safe mode: no quick fix, the finding stays.
        # ruleid: unsafe-model-deserialization
        return pickle.load(fh)


def load_weights(path: str):
    # ok: unsafe-model-deserialization
    return torch.load(path, weights_only=True)
