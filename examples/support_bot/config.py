"""Settings shared by every module. Models live here so a switch is a one-line change."""
import os
from dataclasses import dataclass

CHAT_MODEL = "gpt-4o-mini"
MAX_ANSWER_TOKENS = 400


@dataclass(frozen=True)
class SearchSettings:
    embedding_model: str = "text-embedding-3-small"
    top_k: int = 5


SEARCH = SearchSettings()

TRIAGE_MODEL = os.getenv("TRIAGE_MODEL", "gpt-4.1-nano")
