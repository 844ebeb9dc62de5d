"""Quick-fix fixture for hardcoded-api-key: keys are read from the environment. Every key below is random and fake."""
import boto3
from anthropic import Anthropic
from huggingface_hub import InferenceClient
from mistralai import Mistral
from openai import OpenAI
import os

# ruleid: hardcoded-api-key
OPENAI_KEY = os.environ["OPENAI_API_KEY"]

openai_client = OpenAI(api_key=OPENAI_KEY)
# ruleid: hardcoded-api-key
claude = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])
# ruleid: hardcoded-api-key
mistral = Mistral(api_key=os.environ["MISTRAL_API_KEY"])
# ruleid: hardcoded-api-key
hf = InferenceClient(model="meta-llama/Llama-3.1-8B-Instruct", token=os.environ["HF_TOKEN"])

bedrock = boto3.client(
    "bedrock-runtime",
    region_name="us-east-1",
    # ruleid: hardcoded-api-key
    aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
    # ruleid: hardcoded-api-key
    aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
)


def configure_for_langchain(environ: dict) -> None:
    # ok: hardcoded-api-key
    environ["OPENAI_API_KEY"] = environ.get("OPENAI_API_KEY", "")
