from openai import OpenAI

client = OpenAI()


def answer(question):
    return client.chat.completions.create(
        model="gpt-4.1-mini",
        messages=[{"role": "user", "content": question}],
    )
