from openai import OpenAI

client = OpenAI()


def relabel(ticket, model):
    return client.chat.completions.create(
        model=model,
        messages=[{"role": "user", "content": ticket}],
    )


def summarize(ticket):
    return client.chat.completions.create(
        model="gpt-4.1-nano",
        messages=[{"role": "user", "content": ticket}],
    )
