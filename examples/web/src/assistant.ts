// Help-center widget backend: suggests an article title for what the visitor typed.
import OpenAI from "openai";

const client = new OpenAI();
const SUGGEST_MODEL = "gpt-4.1-mini";

export async function suggestArticle(query: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: SUGGEST_MODEL,
    max_tokens: 60,
    messages: [
      { role: "system", content: "Suggest the title of one help-center article. Reply with the title only." },
      { role: "user", content: query },
    ],
  });
  return completion.choices[0].message.content ?? "";
}
