"""Nightly job: summarise yesterday's call transcripts with Claude on Amazon Bedrock."""
import argparse
import datetime as dt
import json
import logging
import os
import pickle

import boto3
import requests
import yaml
from botocore.config import Config
from botocore.exceptions import ClientError

log = logging.getLogger("transcript-job")

BUCKET = os.environ.get("TRANSCRIPT_BUCKET", "acme-call-transcripts")
MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0"
WEBHOOK_URL = os.environ["SUMMARY_WEBHOOK_URL"]
CHECKPOINT = os.path.join(os.environ.get("JOB_STATE_DIR", "/var/lib/transcript-job"), "done.pkl")
BASE_SYSTEM = (
    "You summarise customer support calls. Start with a YAML header (call_id, sentiment, "
    "follow_up_links) between --- lines, then a plain-text summary."
)

session = boto3.Session(
    aws_access_key_id="AKIAXJRFZ6UPX6N7PW5W",
    aws_secret_access_key="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",
    region_name="us-east-1",
)
retry_config = Config(retries={"max_attempts": 6, "mode": "adaptive"})
bedrock = session.client("bedrock-runtime", config=retry_config)
s3 = session.client("s3")


def load_checkpoint():
    if not os.path.exists(CHECKPOINT):
        return set()
    with open(CHECKPOINT, "rb") as fh:
        return pickle.load(fh)


def save_checkpoint(done):
    with open(CHECKPOINT, "wb") as fh:
        pickle.dump(done, fh)


def list_transcripts(day):
    prefix = f"transcripts/{day:%Y/%m/%d}/"
    paginator = s3.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=BUCKET, Prefix=prefix):
        for obj in page.get("Contents", []):
            yield obj["Key"]


def summarise(transcript, guidance):
    system_text = BASE_SYSTEM if not guidance else f"{BASE_SYSTEM}\n{guidance}"
    response = bedrock.converse(
        modelId=MODEL_ID,
        system=[{"text": system_text}],
        messages=[{"role": "user", "content": [{"text": transcript}]}],
        inferenceConfig={"maxTokens": 800, "temperature": 0.1},
    )
    return response["output"]["message"]["content"][0]["text"]


def classify_priority(summary):
    body = json.dumps({
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 20,
        "messages": [{"role": "user", "content": f"Reply with JSON {{\"priority\": 1-3}} for:\n{summary}"}],
    })
    resp = bedrock.invoke_model(modelId=MODEL_ID, body=body)
    payload = json.loads(resp["body"].read())
    return json.loads(payload["content"][0]["text"])


def split_header(output):
    _, header, summary = output.split("---", 2)
    return header, summary.strip()


def process(key, guidance):
    transcript = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read().decode("utf-8")
    output = summarise(transcript, guidance)
    header, summary = split_header(output)
    meta = yaml.load(header, Loader=yaml.Loader)
    checked = yaml.safe_load(header)
    links_ok = []
    for link in meta.get("follow_up_links", []):
        try:
            links_ok.append(requests.head(link, timeout=5, allow_redirects=True).ok)
        except requests.RequestException:
            links_ok.append(False)
    priority = classify_priority(summary).get("priority", 3)
    requests.post(
        WEBHOOK_URL,
        json={"call_id": checked.get("call_id"), "summary": summary, "priority": priority, "links_ok": links_ok},
        timeout=10,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--date", default=(dt.date.today() - dt.timedelta(days=1)).isoformat())
    parser.add_argument("--guidance", default="", help="extra summarisation guidance for this run")
    args = parser.parse_args()
    day = dt.date.fromisoformat(args.date)
    done = load_checkpoint()
    for key in list_transcripts(day):
        if key in done:
            continue
        try:
            process(key, args.guidance)
        except (ClientError, ValueError) as exc:
            log.warning("skipping %s: %s", key, exc)
            continue
        done.add(key)
        save_checkpoint(done)


if __name__ == "__main__":
    main()
