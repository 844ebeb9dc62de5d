"""Fixtures for unsafe-model-deserialization: pickle-based model files loaded without protection."""
import pickle
import urllib.request

import cloudpickle
import dill
import joblib
import numpy as np
import requests
import torch
from huggingface_hub import hf_hub_download
from safetensors import safe_open
from safetensors.torch import load_file

REPO_REVISION = "3461f2288d39834cab4d5613cea31513930e73b9"
CHECKPOINT = "checkpoints/classifier.pt"
LOCAL_CACHE = "/var/cache/app/features.pkl"


def load_checkpoint():
    # ruleid: unsafe-model-deserialization
    state = torch.load(CHECKPOINT, map_location="cpu")
    return state


def load_checkpoint_explicitly_unsafe(path: str):
    # ruleid: unsafe-model-deserialization
    return torch.load(path, weights_only=False)


def load_hub_checkpoint():
    path = hf_hub_download(repo_id="acme/resnet-finetuned", filename="pytorch_model.bin", revision=REPO_REVISION)
    # ruleid: unsafe-model-deserialization
    return torch.load(path)


def load_hub_sklearn():
    path = hf_hub_download(repo_id="acme/churn-model", filename="model.joblib", revision=REPO_REVISION)
    # ruleid: unsafe-model-deserialization
    return joblib.load(path)


def load_hub_pickle():
    path = hf_hub_download(repo_id="acme/tokenizer-extras", filename="vocab.pkl", revision=REPO_REVISION)
    with open(path, "rb") as fh:
        # ruleid: unsafe-model-deserialization
        return pickle.load(fh)


def load_url_pickle():
    local, _ = urllib.request.urlretrieve("https://models.example.com/ranker.pkl", "/tmp/ranker.pkl")
    with open(local, "rb") as fh:
        # ruleid: unsafe-model-deserialization
        return dill.load(fh)


def load_requests_download():
    resp = requests.get("https://models.example.com/featurizer.pkl", timeout=30)
    with open("/tmp/featurizer.pkl", "wb") as out:
        out.write(resp.content)
    with open("/tmp/featurizer.pkl", "rb") as fh:
        # todoruleid: unsafe-model-deserialization
        return cloudpickle.load(fh)


def load_requests_bytes():
    resp = requests.get("https://models.example.com/encoder.pkl", timeout=30)
    # ruleid: unsafe-model-deserialization
    return pickle.loads(resp.content)


def load_hub_numpy():
    path = hf_hub_download(repo_id="acme/embeddings", filename="vectors.npy", revision=REPO_REVISION)
    # ruleid: unsafe-model-deserialization
    return np.load(path, allow_pickle=True)


# ---------------------------------------------------------------- look-alikes that stay silent


def load_weights_only():
    # ok: unsafe-model-deserialization
    return torch.load(CHECKPOINT, map_location="cpu", weights_only=True)


def load_hub_weights_only():
    path = hf_hub_download(repo_id="acme/resnet-finetuned", filename="pytorch_model.bin", revision=REPO_REVISION)
    # ok: unsafe-model-deserialization
    return torch.load(path, weights_only=True)


def load_safetensors():
    path = hf_hub_download(repo_id="acme/resnet-finetuned", filename="model.safetensors", revision=REPO_REVISION)
    # ok: unsafe-model-deserialization
    return load_file(path, device="cpu")


def load_local_cache():
    with open(LOCAL_CACHE, "rb") as fh:
        # ok: unsafe-model-deserialization
        return pickle.load(fh)


def roundtrip_in_memory(features: dict) -> dict:
    blob = pickle.dumps(features)
    # ok: unsafe-model-deserialization
    return pickle.loads(blob)


def load_local_joblib():
    # ok: unsafe-model-deserialization
    return joblib.load("artifacts/local_scaler.joblib")


def load_hub_numpy_plain():
    path = hf_hub_download(repo_id="acme/embeddings", filename="vectors.npy", revision=REPO_REVISION)
    # ok: unsafe-model-deserialization
    return np.load(path)


def save_checkpoint(model) -> None:
    # ok: unsafe-model-deserialization
    torch.save(model.state_dict(), CHECKPOINT)


def read_one_tensor():
    path = hf_hub_download(repo_id="acme/resnet-finetuned", filename="model.safetensors", revision=REPO_REVISION)
    # ok: unsafe-model-deserialization
    with safe_open(path, framework="pt", device="cpu") as tensors:
        return tensors.get_tensor("fc.weight")
