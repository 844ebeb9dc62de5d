"""Input hygiene shared by the routes that put user text into a prompt."""
import re
import unicodedata
from uuid import UUID

MAX_MESSAGE_CHARS = 4000
_CONTROL_CHARS = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e]")
_ROLE_MARKERS = re.compile(r"(?im)^\s*(system|assistant|developer)\s*:")


def sanitize_message(text: str) -> str:
    """Normalises Unicode, drops control and bidi characters, and defuses fake role headers."""
    cleaned = unicodedata.normalize("NFKC", text)
    cleaned = _CONTROL_CHARS.sub("", cleaned)
    cleaned = _ROLE_MARKERS.sub(lambda m: f"[{m.group(1)}]:", cleaned)
    return cleaned[:MAX_MESSAGE_CHARS].strip()


def validate_session_id(value: UUID) -> str:
    """Session ids are UUIDs; anything else is rejected before it reaches the database or a prompt."""
    return str(UUID(str(value), version=4))
