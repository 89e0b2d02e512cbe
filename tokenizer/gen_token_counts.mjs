// One-off generator of src/cost/tokenizer/testdata/token_counts.json: the expected token counts
// (and pre-tokenizer pieces) of a set of strings, computed by the pinned gpt-tokenizer package's
// own encoders. Run `node gen_token_counts.mjs` after changing the pinned version; the tests only
// read the committed JSON (they never run node).
// Strings avoid U+0085 and U+FEFF: JavaScript's `\s` differs from tiktoken's (Unicode White_Space)
// on exactly those two code points, and llmspend follows tiktoken.
import { createRequire } from 'node:module';
import { writeFileSync, mkdirSync } from 'node:fs';

const require = createRequire(import.meta.url);
const o200k = require('gpt-tokenizer/cjs/encoding/o200k_base');
const cl100k = require('gpt-tokenizer/cjs/encoding/cl100k_base');
const { O200K_TOKEN_SPLIT_REGEX, CL100K_TOKEN_SPLIT_REGEX } =
  require('gpt-tokenizer/cjs/encodingParams/constants');
const version = require('gpt-tokenizer/package.json').version;

const written = [
  '', 'a', 'Hello, world!', 'hello world', 'Hello World', 'HelloWorld', 'helloWorld', 'HELLO WORLD',
  "I'm sure you're right, it's what we'd've done.", "DON'T SHOUT, I'LL LISTEN", "'sup 'S 'Ve",
  'You are a helpful assistant.', 'Summarize the following text in 3 bullet points:\n\n',
  'line one\nline two\r\nline three\n\n\nend', '   leading spaces', 'trailing spaces   ',
  'tabs\tand\t\ttabs', 'mixed \t \n \r\n  spaces', '\n', '\n\n', ' ', '    ', ' \n ',
  '12345678901234567890', 'pi is 3.14159, e is 2.71828', '1,000,000 tokens', '$19.99/month',
  'https://api.openai.com/v1/chat/completions?x=1&y=2', 'path/to/file.py//comment',
  '{"role": "system", "content": "Reply in JSON."}', 'def f(x):\n    return x ** 2\n',
  'const answer = await client.chat.completions.create({ model: "gpt-4o" });',
  'f"Translate {text} into {language}."', '<|endoftext|> is just text here',
  'naïve café résumé façade', 'NAÏVE CAFÉ', 'Ǆemal ǅemal ǆemal', 'e\u0301te\u0301 E\u0301TE\u0301',
  '日本語のテキストです。', '中文文本，包含标点。', '한국어 텍스트입니다', 'Привет, как дела?',
  'ПРИВЕТ Мир', 'مرحبا بالعالم', 'שלום עולם', 'नमस्ते दुनिया', 'สวัสดีชาวโลก', 'Γειά σου Κόσμε',
  '😀 emoji 👍🏽 👨‍👩‍👧‍👦 flags 🇫🇷', '①②③ ½ Ⅻ ٣٤٥ १२३', '\u00a0non-breaking\u00a0space', 'zero\u200bwidth',
  '\u2028line\u2029para', '\u3000ideographic space', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  '----------------------------------------', '!!!???...,,,;;;', ' !x', ' \tword', '\u0301abc',
  '\u0301ABC def', 'ʰʲʷ modifier', 'a\u0300\u0301\u0302b', '...\n\n///\n', 'x /\n/ y', '\r\r\n\n',
  'The quick brown fox jumps over the lazy dog. THE QUICK BROWN FOX! 1234 foxes.',
];

// Random strings from a pool covering every class boundary the splitter decides on.
const pool = [...'aZ zé É\'sStT0129 \t\n\r/.,!-_"ǅʰ\u0301\u0903日本한ب٣①😀\u00a0\u2003\u3000LlRrVvDdMm'];
let seed = 20251124;
const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const random = [];
for (let k = 0; k < 400; ++k) {
  let s = '';
  const len = 1 + rnd(30);
  for (let i = 0; i < len; ++i) s += pool[rnd(pool.length)];
  random.push(s);
}

// Special-token text counts as ordinary text, as in user content.
const noSpecial = { disallowedSpecial: new Set() };
const split = (re, s) => s.match(re) ?? [];
const cases = [...written, ...random].map((text) => ({
  text,
  o200k_base: o200k.countTokens(text, noSpecial),
  cl100k_base: cl100k.countTokens(text, noSpecial),
  o200k_pieces: split(O200K_TOKEN_SPLIT_REGEX, text),
  cl100k_pieces: split(CL100K_TOKEN_SPLIT_REGEX, text),
}));
// Long runs (one huge piece each) check that merging stays fast; stored as a recipe.
const repeats = [[' ', 100000], ['-', 50000], ['ab', 40000], ['日本', 20000], ['x\n', 30000]].map(
  ([unit, times]) => {
    const text = unit.repeat(times);
    return { unit, times, o200k_base: o200k.countTokens(text, noSpecial),
      cl100k_base: cl100k.countTokens(text, noSpecial) };
  });
const out = { generated_by: 'tokenizer/gen_token_counts.mjs', package: `gpt-tokenizer@${version}`,
  cases, repeats };
mkdirSync(new URL('../src/cost/tokenizer/testdata/', import.meta.url), { recursive: true });
writeFileSync(new URL('../src/cost/tokenizer/testdata/token_counts.json', import.meta.url),
  JSON.stringify(out, null, 1) + '\n');
console.log(`${cases.length} cases`);
