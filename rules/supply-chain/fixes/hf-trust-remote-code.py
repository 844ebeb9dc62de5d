"""Quick-fix fixture for hf-trust-remote-code: trust_remote_code=True becomes False."""
from datasets import load_dataset
from transformers import AutoModel, AutoTokenizer

MODEL_ID = "THUDM/chatglm3-6b"
REVISION = "e46a14881eae613281abbd266ee918e93a56018f"


def load_model():
    tokenizer = AutoTokenizer.from_pretrained(
        MODEL_ID,
        revision=REVISION,
        # ruleid: hf-trust-remote-code
        trust_remote_code=True,
    )
    # ruleid: hf-trust-remote-code
    model = AutoModel.from_pretrained(MODEL_ID, revision=REVISION, trust_remote_code=True).half()
    return tokenizer, model


def load_tickets():
    # ruleid: hf-trust-remote-code
    return load_dataset("acme/support-tickets", split="train", revision=REVISION, trust_remote_code=True)


def load_safely():
    # ok: hf-trust-remote-code
    return AutoTokenizer.from_pretrained(MODEL_ID, revision=REVISION, trust_remote_code=False)
