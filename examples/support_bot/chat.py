"""Answers a customer's question with the conversation so far."""
from openai import OpenAI

from .config import CHAT_MODEL, MAX_ANSWER_TOKENS

client = OpenAI()

SYSTEM_PROMPT = (
    "You are the support assistant of Acme Cloud. Answer in at most three short paragraphs, "
    "cite the help-center article you used, and never promise refunds."
)


class SupportChat:
    def __init__(self, history=None):
        self.history = history or []

    def reply(self, question: str) -> str:
        messages = [{"role": "system", "content": SYSTEM_PROMPT}, *self.history,
                    {"role": "user", "content": question}]
        response = client.chat.completions.create(
            model=CHAT_MODEL,
            messages=messages,
            max_tokens=MAX_ANSWER_TOKENS,
            temperature=0.2,
        )
        answer = response.choices[0].message.content
        self.history += [{"role": "user", "content": question},
                         {"role": "assistant", "content": answer}]
        return answer
