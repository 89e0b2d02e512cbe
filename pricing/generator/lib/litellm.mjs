// Converts a LiteLLM model_prices_and_context_window.json (+ the derived price history) into
// generator entries. LiteLLM keys mix provider prefixes, region prefixes and image size/quality
// variants; here they become one entry per provider model with images[] and regional_uplift.
import { LITELLM_SCALARS, LITELLM_TIER_FIELDS, PERIOD_DIMENSIONS, differs } from './dimensions.mjs';

// litellm_provider → [our provider, key prefixes to strip]. Providers not listed are dropped.
const PROVIDERS = {
  openai: ['openai', ['openai/']],
  'text-completion-openai': ['openai', ['openai/']],
  anthropic: ['anthropic', ['anthropic/']],
  gemini: ['google', ['gemini/']],
  azure: ['azure_openai', ['azure/']],
  azure_text: ['azure_openai', ['azure_text/', 'azure/']],
  azure_ai: ['azure_ai_foundry', ['azure_ai/']],
  bedrock: ['bedrock', ['bedrock/']],
  bedrock_converse: ['bedrock', ['bedrock/converse/', 'bedrock/']],
  mistral: ['mistral', ['mistral/']],
  codestral: ['mistral', ['codestral/']],
  'text-completion-codestral': ['mistral', ['text-completion-codestral/']],
  cohere: ['cohere', ['cohere/']],
  cohere_chat: ['cohere', ['cohere_chat/', 'cohere/']],
  groq: ['groq', ['groq/']],
  together_ai: ['together', ['together_ai/']],
  fireworks_ai: ['fireworks', ['fireworks_ai/']],
  'fireworks_ai-embedding-models': ['fireworks', ['fireworks_ai/']],
  deepseek: ['deepseek', ['deepseek/']],
  xai: ['xai', ['xai/']],
  perplexity: ['perplexity', ['perplexity/']],
  openrouter: ['openrouter', ['openrouter/']],
  voyage: ['voyage', ['voyage/']],
  replicate: ['replicate', ['replicate/']],
  watsonx: ['watsonx', ['watsonx/']],
  baseten: ['baseten', ['baseten/']],
  vercel_ai_gateway: ['vercel_gateway', ['vercel_ai_gateway/']],
};

function our_provider(litellm_provider) {
  if (PROVIDERS[litellm_provider]) return PROVIDERS[litellm_provider];
  if (litellm_provider?.startsWith('vertex_ai')) return ['google', ['vertex_ai/']];
  return null;
}

const KINDS = {
  chat: 'chat', responses: 'chat', completion: 'completion', embedding: 'embedding',
  image_generation: 'image_generation', image_edit: 'image_generation',
  audio_transcription: 'audio_transcription', audio_speech: 'audio_speech',
  rerank: 'rerank', moderation: 'moderation', ocr: 'ocr', video_generation: 'video_generation',
  search: 'search', realtime: 'realtime',
};

const IMAGE_VARIANT = /^(?:(hd|standard|low|medium|high|auto)\/)?(\d+|max)-x-(\d+|max)\/(.+)$/;
const BEDROCK_REGION = /^(us|eu|apac|global|jp|au|ca|us-gov)\.(.+)$/;
const AZURE_REGION = /^(us|eu|global|global-standard)\/(.+)$/;
const AWS_REGION_PATH = /^[a-z]{2}(-gov)?-[a-z]+-\d\//;  // bedrock/us-east-1/… : per-region rows

/** LiteLLM price fields (per token / per unit) → our rates object. */
export function convert_litellm_prices(fields, mode) {
  const rates = {};
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value !== 'number') continue;
    const mapping = LITELLM_SCALARS[field];
    if (mapping) {
      const [dim, factor] = mapping;
      // Zero is kept only for input/output: elsewhere LiteLLM uses 0.0 as "not applicable".
      if (value === 0 && dim !== 'input_per_mtok' && dim !== 'output_per_mtok') continue;
      if (rates[dim] === undefined) rates[dim] = value * factor;
    } else if (field === 'input_cost_per_image' && value > 0) {
      // For image generation the "input" image is the one produced; elsewhere it is an input image.
      rates[mode === 'image_generation' ? 'per_output_image' : 'per_input_image'] = value;
    }
  }
  const search = fields.search_context_cost_per_query;
  if (search && typeof search === 'object' && search.search_context_size_medium > 0) {
    rates.web_search_per_1k = search.search_context_size_medium * 1000;
  }
  add_litellm_tiers(fields, rates);
  const uplift = {};
  for (const region of ['us', 'eu']) {
    const v = fields[`regional_processing_uplift_multiplier_${region}`];
    if (typeof v === 'number' && v !== 1) uplift[region] = v;
  }
  if (Object.keys(uplift).length) rates.regional_uplift = uplift;
  return rates;
}

function add_litellm_tiers(fields, rates) {
  const tiers = new Map();
  for (const [field, value] of Object.entries(fields)) {
    const m = /^(.+)_above_(\d+)k_tokens$/.exec(field);
    if (!m || typeof value !== 'number' || !LITELLM_TIER_FIELDS[m[1]]) continue;
    const above = Number(m[2]) * 1000;
    const tier = tiers.get(above) ?? { above_tokens: above, whole_request: true };
    tier[LITELLM_TIER_FIELDS[m[1]]] = value * 1e6;
    tiers.set(above, tier);
  }
  if (tiers.size) rates.long_context = [...tiers.values()].sort((a, b) => a.above_tokens - b.above_tokens);
}

function strip_prefixes(key, prefixes) {
  for (const p of prefixes) if (key.startsWith(p)) return key.slice(p.length);
  return key;
}

/** Splits a key into {provider, name, region?, image?}; null when the row is dropped. */
export function classify_key(key, row) {
  const mapped = our_provider(row.litellm_provider);
  if (!mapped) return null;
  const [provider, prefixes] = mapped;
  let name = strip_prefixes(key, prefixes);
  if (provider === 'bedrock' && (AWS_REGION_PATH.test(name) || name.includes('-commitment/'))) return null;
  if (name.startsWith('speech/')) name = name.slice('speech/'.length);
  const image = IMAGE_VARIANT.exec(name);
  if (image) {
    const [, quality, w, h, base] = image;
    return { provider, name: base, image: { size: `${w}x${h}`, quality: quality ?? 'standard' } };
  }
  const region = (provider === 'bedrock' ? BEDROCK_REGION : provider === 'azure_openai' ? AZURE_REGION : null)?.exec(name);
  if (region) return { provider, name: region[2], region: region[1] };
  return { provider, name };
}

/** Price of one image from a size/quality row (per image, or per pixel × pixels). */
function image_price(row, size) {
  if (row.input_cost_per_image > 0) return row.input_cost_per_image;
  if (row.output_cost_per_image > 0) return row.output_cost_per_image;
  const [w, h] = size.split('x').map(Number);
  const per_pixel = row.input_cost_per_pixel || row.output_cost_per_pixel;
  if (!per_pixel || !w || !h) return null;
  return Math.round(per_pixel * w * h * 1e4) / 1e4;  // upstream per-pixel values are rounded
}

/** Periods for one LiteLLM key from its price history: a new period whenever a priced dimension
 *  changes. Dates are when the mirror first saw the change (an upper bound on the real date). */
export function history_periods(history, key, current_rates, mode, source, first_seen_default) {
  const entries = (history?.models?.[key] ?? []).filter((e) => !e.removed);
  const periods = [];
  for (const e of entries) {
    const rates = convert_litellm_prices(e.prices, mode);
    const last = periods[periods.length - 1];
    if (last && !core_changed(last.rates, rates)) continue;
    periods.push({ effective_from: e.observed, date_basis: 'first_seen', scheduled: false,
                   source: `litellm-history@${e.commit}`, rates });
  }
  if (!periods.length) {
    periods.push({ effective_from: first_seen_default, date_basis: 'first_seen', scheduled: false,
                   source, rates: current_rates });
  } else {
    const last = periods[periods.length - 1];
    if (core_changed(last.rates, current_rates)) {
      periods.push({ effective_from: first_seen_default, date_basis: 'first_seen', scheduled: false,
                     source, rates: current_rates });
    } else {
      last.rates = current_rates;  // the open period carries every current dimension
    }
  }
  return periods;
}

export function core_changed(a, b) {
  return PERIOD_DIMENSIONS.some((d) => {
    if ((a[d] === undefined) !== (b[d] === undefined)) return a[d] !== undefined;
    return a[d] !== undefined && differs(a[d], b[d], 1e-9);
  });
}

/** Date of the last change LiteLLM's history records for `key` (its "verified" date). */
export function last_observed(history, key) {
  const entries = history?.models?.[key] ?? [];
  return entries.length ? entries[entries.length - 1].observed : null;
}

/** Rows grouped per provider model: {base: {key,row}, regions: Map, images: []}. */
export function group_rows(litellm) {
  const groups = new Map();
  for (const [key, row] of Object.entries(litellm)) {
    if (key === 'sample_spec' || !row || typeof row !== 'object' || Array.isArray(row)) continue;
    const c = classify_key(key, row);
    if (!c) continue;
    const gkey = `${c.provider}\u0000${c.name}`;
    const g = groups.get(gkey) ?? { provider: c.provider, name: c.name, base: null, regions: new Map(), images: [] };
    if (c.image) {
      const price = image_price(row, c.image.size);
      if (price !== null) g.images.push({ ...c.image, per_image: price });
    } else if (c.region) {
      g.regions.set(c.region, { key, row });
    } else {
      g.base = { key, row };
    }
    groups.set(gkey, g);
  }
  return groups;
}

export { KINDS as LITELLM_KINDS };
