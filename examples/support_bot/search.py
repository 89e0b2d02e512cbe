"""Finds past tickets similar to a new one (embeddings + cosine similarity)."""
from openai import OpenAI

from . import config

client = OpenAI()


def embed(texts: list[str]) -> list[list[float]]:
    result = client.embeddings.create(model=config.SEARCH.embedding_model, input=texts)
    return [item.embedding for item in result.data]


def most_similar(query: str, corpus: list[tuple[str, list[float]]]) -> list[str]:
    (q,) = embed([query])
    scored = sorted(corpus, key=lambda item: -sum(a * b for a, b in zip(q, item[1])))
    return [ticket_id for ticket_id, _ in scored[: config.SEARCH.top_k]]
