// The price dimensions of pricing/prices.json and the unit conversions from each upstream format.
// The C++ engine keeps the same list in src/price/rates.cpp; docs/pricing.md explains each one.

/** Scalar dimensions in the order they are written. */
export const SCALAR_DIMENSIONS = [
  'input_per_mtok', 'output_per_mtok', 'cache_read_per_mtok',
  'cache_write_5m_per_mtok', 'cache_write_1h_per_mtok',
  'batch_input_per_mtok', 'batch_output_per_mtok', 'batch_multiplier',
  'flex_input_per_mtok', 'flex_output_per_mtok', 'flex_cache_read_per_mtok', 'flex_multiplier',
  'priority_input_per_mtok', 'priority_output_per_mtok', 'priority_cache_read_per_mtok',
  'priority_multiplier',
  'reasoning_per_mtok',
  'audio_input_per_mtok', 'audio_output_per_mtok', 'audio_cache_read_per_mtok',
  'image_input_per_mtok', 'image_output_per_mtok',
  'per_input_image', 'per_output_image',
  'input_per_second', 'output_per_second',
  'input_per_mchar', 'output_per_mchar',
  'per_request', 'web_search_per_1k', 'per_page',
];

/** Dimensions compared across sources for the 0.5% disagreement report. */
export const COMPARED_DIMENSIONS = [
  'input_per_mtok', 'output_per_mtok', 'cache_read_per_mtok',
  'cache_write_5m_per_mtok', 'cache_write_1h_per_mtok',
];

/** Dimensions whose change means a new price period (others only enrich the open period). */
export const PERIOD_DIMENSIONS = COMPARED_DIMENSIONS;

/** Fields a long-context tier may carry besides its threshold. */
export const TIER_DIMENSIONS = [
  'input_per_mtok', 'output_per_mtok', 'cache_read_per_mtok',
  'cache_write_5m_per_mtok', 'cache_write_1h_per_mtok',
];

// LiteLLM field → [our dimension, factor]. LiteLLM prices are per token or per unit.
export const LITELLM_SCALARS = {
  input_cost_per_token: ['input_per_mtok', 1e6],
  output_cost_per_token: ['output_per_mtok', 1e6],
  cache_read_input_token_cost: ['cache_read_per_mtok', 1e6],
  input_cost_per_token_cache_hit: ['cache_read_per_mtok', 1e6],
  cache_creation_input_token_cost: ['cache_write_5m_per_mtok', 1e6],
  cache_creation_input_token_cost_above_1hr: ['cache_write_1h_per_mtok', 1e6],
  input_cost_per_token_batches: ['batch_input_per_mtok', 1e6],
  output_cost_per_token_batches: ['batch_output_per_mtok', 1e6],
  input_cost_per_token_flex: ['flex_input_per_mtok', 1e6],
  output_cost_per_token_flex: ['flex_output_per_mtok', 1e6],
  cache_read_input_token_cost_flex: ['flex_cache_read_per_mtok', 1e6],
  input_cost_per_token_priority: ['priority_input_per_mtok', 1e6],
  output_cost_per_token_priority: ['priority_output_per_mtok', 1e6],
  cache_read_input_token_cost_priority: ['priority_cache_read_per_mtok', 1e6],
  output_cost_per_reasoning_token: ['reasoning_per_mtok', 1e6],
  input_cost_per_audio_token: ['audio_input_per_mtok', 1e6],
  output_cost_per_audio_token: ['audio_output_per_mtok', 1e6],
  cache_read_input_audio_token_cost: ['audio_cache_read_per_mtok', 1e6],
  input_cost_per_image_token: ['image_input_per_mtok', 1e6],
  output_cost_per_image_token: ['image_output_per_mtok', 1e6],
  output_cost_per_image: ['per_output_image', 1],
  input_cost_per_second: ['input_per_second', 1],
  input_cost_per_audio_per_second: ['input_per_second', 1],
  output_cost_per_second: ['output_per_second', 1],
  output_cost_per_video_per_second: ['output_per_second', 1],
  input_cost_per_character: ['input_per_mchar', 1e6],
  output_cost_per_character: ['output_per_mchar', 1e6],
  input_cost_per_request: ['per_request', 1],
  input_cost_per_query: ['per_request', 1],
  ocr_cost_per_page: ['per_page', 1],
};

// LiteLLM `<field>_above_<N>k_tokens` → tier dimension.
export const LITELLM_TIER_FIELDS = {
  input_cost_per_token: 'input_per_mtok',
  output_cost_per_token: 'output_per_mtok',
  cache_read_input_token_cost: 'cache_read_per_mtok',
  cache_creation_input_token_cost: 'cache_write_5m_per_mtok',
  cache_creation_input_token_cost_above_1hr: 'cache_write_1h_per_mtok',
};

// genai-prices field → [our dimension, factor]. genai-prices prices are per million or per thousand.
export const GENAI_SCALARS = {
  input_mtok: ['input_per_mtok', 1],
  output_mtok: ['output_per_mtok', 1],
  cache_read_mtok: ['cache_read_per_mtok', 1],
  cache_write_mtok: ['cache_write_5m_per_mtok', 1],
  cache_write_1h_mtok: ['cache_write_1h_per_mtok', 1],
  output_reasoning_mtok: ['reasoning_per_mtok', 1],
  input_audio_mtok: ['audio_input_per_mtok', 1],
  output_audio_mtok: ['audio_output_per_mtok', 1],
  cache_audio_read_mtok: ['audio_cache_read_per_mtok', 1],
  input_image_mtok: ['image_input_per_mtok', 1],
  output_image_mtok: ['image_output_per_mtok', 1],
  web_searches_kcount: ['web_search_per_1k', 1],
  requests_kcount: ['per_request', 1 / 1000],
  audio_hours: ['input_per_second', 1 / 3600],
  input_audio_hours: ['input_per_second', 1 / 3600],
  input_document_kpages: ['per_page', 1 / 1000],
};

/** A number in our units as an exact decimal string, rounded to the nano-dollar like core::Money. */
export function decimal(value) {
  if (!Number.isFinite(value)) throw new Error(`not a finite price: ${value}`);
  let text = Math.abs(value).toFixed(9);
  text = text.replace(/0+$/, '').replace(/\.$/, '');
  return (value < 0 && text !== '0' ? '-' : '') + text;
}

/** True when two prices differ by more than `tolerance` relative to the larger one. */
export function differs(a, b, tolerance = 0.005) {
  const top = Math.max(Math.abs(a), Math.abs(b));
  return top > 0 && Math.abs(a - b) / top > tolerance;
}

/** JSON text with object keys sorted, for order-independent comparison. */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Plausible range per dimension (the same ceilings as src/price/rates.cpp). Values outside are
 *  unit errors upstream (a per-token number in a per-million field, or the reverse). */
export function plausible(dim, value) {
  if (value === 0) return true;
  if (dim.endsWith('_per_mtok')) {
    const max = dim === 'priority_output_per_mtok' ? 2000 : 1000;
    return value >= 0.001 && value <= max;
  }
  if (dim.endsWith('_multiplier')) return value > 0 && value <= (dim === 'priority_multiplier' ? 5 : 1);
  if (dim.endsWith('_per_mchar') || dim === 'web_search_per_1k') return value <= 1000;
  return value <= 10;
}
