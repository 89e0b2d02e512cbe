import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

export async function summarize(text: string) {
  return client.messages.create({
    model: "claude-haiku-4-5",
    max_tokens: 200,
    messages: [{ role: "user", content: text }],
  });
}
