"""Labels incoming tickets (billing, outage, how-to) so they reach the right queue."""
from openai import OpenAI

from .config import TRIAGE_MODEL

LABELS = ["billing", "outage", "how-to", "other"]

client = OpenAI()


def label_ticket(subject: str, body: str) -> str:
    response = client.chat.completions.create(
        model=TRIAGE_MODEL,
        messages=[
            {"role": "system", "content": "Reply with exactly one label: billing, outage, how-to or other."},
            {"role": "user", "content": f"{subject}\n\n{body}"},
        ],
        max_tokens=5,
    )
    label = response.choices[0].message.content.strip().lower()
    return label if label in LABELS else "other"
