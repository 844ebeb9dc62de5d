"""Request bodies for the API. Pydantic rejects anything outside these shapes before a handler runs."""
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field, HttpUrl


class ChatRequest(BaseModel):
    session_id: UUID
    message: str = Field(min_length=1, max_length=4000)


class AnalysisRequest(BaseModel):
    dataset: Literal["sales", "support"]
    question: str = Field(min_length=3, max_length=500)


class ChartRequest(BaseModel):
    dataset: Literal["sales", "support"]
    question: str = Field(min_length=3, max_length=500)


class SummarizeRequest(BaseModel):
    url: HttpUrl


class ClassifyRequest(BaseModel):
    text: str = Field(min_length=1, max_length=2000)
