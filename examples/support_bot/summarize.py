"""Summarises a long ticket thread for the agent who picks it up."""
import anthropic

claude = anthropic.Anthropic()


def summarize_thread(thread_text: str) -> str:
    message = claude.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=1024,
        system="Summarise this support thread for a human agent: the problem, what was tried, "
        "what the customer is waiting for. Use bullet points.",
        messages=[{"role": "user", "content": thread_text}],
    )
    return message.content[0].text
