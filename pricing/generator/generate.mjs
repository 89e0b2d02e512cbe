#!/usr/bin/env node
// Generates pricing/prices.json from pinned upstream data. Usage (from the repository root):
//
//   (cd pricing/generator && npm ci --ignore-scripts)
//   node pricing/generator/generate.mjs --date YYYY-MM-DD \
//     --litellm PATH/model_prices_and_context_window.json \
//     --history PATH/litellm-price-history.json [--checked PATH/prices_checked.json]
//
// Inputs: the @pydantic/genai-prices package pinned in package-lock.json (its bundled data, never a
// download), the LiteLLM file and its price history given as paths, and pricing/overrides.json.
// Outputs: pricing/prices.json (appended to, never rewritten) and pricing/inputs.lock.json (the
// sha256 of every input). Disagreements between sources go to stderr.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { genai_entries, genai_fallbacks } from './lib/genai.mjs';
import { litellm_entries } from './lib/litellm_entries.mjs';
import { apply_overrides, merge_sources, reject_implausible } from './lib/merge.mjs';
import { build_table } from './lib/table.mjs';
import { decimal } from './lib/dimensions.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const PRICING = join(HERE, '..');

function parse_args(argv) {
  const args = { date: new Date().toISOString().slice(0, 10) };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i].replace(/^--/, '');
    if (!['date', 'litellm', 'history', 'checked', 'out'].includes(flag) || argv[i + 1] === undefined) {
      throw new Error(`unknown or incomplete flag ${argv[i]}; see the usage at the top of generate.mjs`);
    }
    args[flag] = argv[i + 1];
  }
  if (!args.litellm || !args.history) throw new Error('--litellm and --history are required');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(args.date)) throw new Error('--date must be YYYY-MM-DD');
  return args;
}

function sha256(text) { return createHash('sha256').update(text).digest('hex'); }

function read_json(path) {
  const text = readFileSync(path, 'utf8');
  return { text, json: JSON.parse(text) };
}

/** The genai-prices data bundled in the installed package; refuses a version other than the pin. */
async function load_genai(pins) {
  const pkg = JSON.parse(readFileSync(join(HERE, 'node_modules/@pydantic/genai-prices/package.json'), 'utf8'));
  if (pkg.version !== pins.genai_prices.version) {
    throw new Error(`@pydantic/genai-prices ${pkg.version} installed, ${pins.genai_prices.version} pinned: run npm ci`);
  }
  const lib = await import('@pydantic/genai-prices');
  // waitForUpdate() resolves to the bundled snapshot when no update was requested or it fails.
  const data = await lib.waitForUpdate();
  const text = JSON.stringify(data);
  return { data, text };
}

function describe(d) {
  const fmt = (v) => (typeof v === 'number' ? decimal(v) : v);
  if (d.override !== undefined) {
    return `${d.provider}/${d.model} ${d.dimension}: upstream ${fmt(d.upstream)} vs override ${fmt(d.override)} -> override`;
  }
  return `${d.provider}/${d.model} ${d.dimension}: genai-prices ${fmt(d.genai)} (verified ${d.genai_verified}) vs ` +
    `litellm[${d.litellm_key}] ${fmt(d.litellm)} (seen ${d.litellm_verified}) -> ${d.chosen}`;
}

async function main() {
  const args = parse_args(process.argv.slice(2));
  const log = (m) => process.stderr.write(`${m}\n`);
  const pins = JSON.parse(readFileSync(join(HERE, 'pins.json'), 'utf8'));
  const genai = await load_genai(pins);
  const litellm = read_json(args.litellm);
  const history = read_json(args.history);
  const checked = args.checked ? read_json(args.checked) : { text: '', json: {} };
  const overrides_path = join(PRICING, 'overrides.json');
  const overrides = read_json(overrides_path);
  const out_path = args.out ?? join(PRICING, 'prices.json');
  const previous = existsSync(out_path) ? JSON.parse(readFileSync(out_path, 'utf8')) : null;

  const litellm_date = String(litellm.json.last_updated ?? history.json._meta?.last_date ?? args.date).slice(0, 10);
  const ctx = {
    disagreements: [], first_seen: args.date,
    genai_snapshot_date: pins.genai_prices.published, litellm_snapshot_date: litellm_date,
    litellm_source: `litellm@${litellm_date}`,
  };
  const g = genai_entries(genai.data, checked.json, `genai-prices@${pins.genai_prices.version}`, args.date);
  const l = litellm_entries(litellm.json, { history: history.json, source: ctx.litellm_source,
                                            first_seen: args.date, snapshot_date: litellm_date });
  const merged = reject_implausible(apply_overrides(merge_sources(g, l, ctx), overrides.json, ctx), log);
  const fallbacks = { ...genai_fallbacks(genai.data), ...(overrides.json.provider_fallbacks ?? {}) };

  const inputs = {
    'genai-prices': { version: pins.genai_prices.version, integrity: pins.genai_prices.integrity,
                      published: pins.genai_prices.published, sha256_of_dump: sha256(genai.text) },
    litellm: { file: basename(args.litellm), last_updated: litellm_date, sha256: sha256(litellm.text) },
    litellm_history: { file: basename(args.history), sha256: sha256(history.text) },
    ...(args.checked ? { genai_prices_checked: { file: basename(args.checked), sha256: sha256(checked.text) } } : {}),
    overrides: { file: 'pricing/overrides.json', sha256: sha256(overrides.text) },
  };
  const table = build_table(merged, {
    previous, date: args.date, fallbacks, log,
    inputs: { 'genai-prices': pins.genai_prices.version, litellm: litellm_date },
  });
  writeFileSync(out_path, `${JSON.stringify(table, null, 1)}\n`);
  writeFileSync(join(PRICING, 'inputs.lock.json'),
                `${JSON.stringify({ generated: args.date, inputs }, null, 2)}\n`);

  for (const d of ctx.disagreements) log(`disagreement: ${describe(d)}`);
  const counts = Object.entries(table.providers).map(([p, m]) => `${p} ${Object.keys(m).length}`);
  log(`${ctx.disagreements.length} disagreements over 0.5%`);
  log(`wrote ${out_path}: ${counts.join(', ')}`);
}

main().catch((e) => { process.stderr.write(`generate: ${e.message}\n`); process.exit(1); });
