"""Quick-fix fixture for hardcoded-api-key: keys are read from the environment. Every key below is random and fake."""
import boto3
from anthropic import Anthropic
from huggingface_hub import InferenceClient
from mistralai import Mistral
from openai import OpenAI

# ruleid: hardcoded-api-key
OPENAI_KEY = "sk-proj-38AibNyyurlGFb0EkjKWREhbiGjlvhkTp3SKQOo6Cd6rvau5"

openai_client = OpenAI(api_key=OPENAI_KEY)
# ruleid: hardcoded-api-key
claude = Anthropic(api_key="sk-ant-api03-vRTYZPNvS_I4k9GvvK9JkmW378D-Cn511CFUBWkNhBm2bd2AG2_B2TFu2aWo_C7VLotddxg7qACPVsOnAA")
# ruleid: hardcoded-api-key
mistral = Mistral(api_key="RW0CbvaQqrpxCCduFxFv3il5Qf5ORrK0")
# ruleid: hardcoded-api-key
hf = InferenceClient(model="meta-llama/Llama-3.1-8B-Instruct", token="hf_Xt5yN84Bl3WWWqWibY6PFcv7DJzk3i8ju6")

bedrock = boto3.client(
    "bedrock-runtime",
    region_name="us-east-1",
    # ruleid: hardcoded-api-key
    aws_access_key_id="AKIA1OOW5GS7PNRTDL2F",
    # ruleid: hardcoded-api-key
    aws_secret_access_key="62rOjlqnFCraP+c0YsHh47lft6zNHIA33NbEI3p8",
)


def configure_for_langchain(environ: dict) -> None:
    # ok: hardcoded-api-key
    environ["OPENAI_API_KEY"] = environ.get("OPENAI_API_KEY", "")
