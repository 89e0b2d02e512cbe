"""Escalation drafts: the model is chosen by the caller at run time, so it cannot be known here."""
import anthropic

claude = anthropic.Anthropic()


def draft_escalation(ticket: str, model):
    return claude.messages.create(
        model=model,
        max_tokens=600,
        messages=[{"role": "user", "content": f"Draft an escalation note for:\n{ticket}"}],
    )
