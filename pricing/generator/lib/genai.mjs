// Converts the @pydantic/genai-prices data (its bundled snapshot, dumped with waitForUpdate())
// into generator entries: one per provider model, with alias rules and dated price periods.
import { GENAI_SCALARS } from './dimensions.mjs';

// genai-prices provider id → llmspend provider id (CONTRACT vocabulary). Others are dropped.
export const GENAI_PROVIDERS = {
  openai: 'openai', anthropic: 'anthropic', google: 'google', azure: 'azure_openai',
  aws: 'bedrock', mistral: 'mistral', cohere: 'cohere', groq: 'groq', together: 'together',
  fireworks: 'fireworks', deepseek: 'deepseek', 'x-ai': 'xai', perplexity: 'perplexity',
  openrouter: 'openrouter', voyageai: 'voyage', baseten: 'baseten',
};

/** Does a genai-prices match rule accept `name`? (equals/starts_with/ends_with/contains/regex/or/and) */
export function matches(rule, name) {
  if (rule.or) return rule.or.some((r) => matches(r, name));
  if (rule.and) return rule.and.every((r) => matches(r, name));
  if (rule.equals !== undefined) return name === rule.equals;
  if (rule.starts_with !== undefined) return name.startsWith(rule.starts_with);
  if (rule.ends_with !== undefined) return name.endsWith(rule.ends_with);
  if (rule.contains !== undefined) return name.includes(rule.contains);
  if (rule.regex !== undefined) return new RegExp(rule.regex).test(name);
  return false;
}

/** Exact names (`equals`) and leading prefixes (`starts_with`) a rule names; other rule kinds stay
 *  generator-only because the engine answers lookups from hash maps, not by scanning rules. */
function collect_rule_names(rule, out) {
  if (rule.or) rule.or.forEach((r) => collect_rule_names(r, out));
  else if (rule.equals !== undefined) out.aliases.add(rule.equals);
  else if (rule.starts_with !== undefined) out.prefixes.add(rule.starts_with);
}

/** One genai-prices price object (flat numbers or {base, tiers}) → our rates object. */
function convert_prices(prices) {
  const rates = {};
  const tiers = new Map();  // threshold → tier
  for (const [field, value] of Object.entries(prices)) {
    const mapping = GENAI_SCALARS[field];
    if (!mapping) continue;
    const [dim, factor] = mapping;
    if (typeof value === 'number') { rates[dim] = value * factor; continue; }
    rates[dim] = value.base * factor;
    for (const tier of value.tiers ?? []) {
      const t = tiers.get(tier.start) ?? { above_tokens: tier.start, whole_request: true };
      t[dim] = tier.price * factor;
      tiers.set(tier.start, t);
    }
  }
  if (tiers.size) rates.long_context = [...tiers.values()].sort((a, b) => a.above_tokens - b.above_tokens);
  return rates;
}

/** genai-prices `prices` (one object or a list with start_date constraints) → periods.
 *  The first period's start is unknown here; the merger fills it in. */
function convert_periods(prices, source, as_of) {
  const list = Array.isArray(prices) ? prices : [{ prices }];
  const periods = [];
  for (const item of list) {
    const c = item.constraint;
    if (c && (c.type === 'time_of_date' || c.start_time)) {
      // DeepSeek-style discounts: the unconstrained price is off-peak, the daytime window is the
      // standard price. An estimate must not assume off-peak traffic, so daytime wins.
      if (periods.length) periods[periods.length - 1].rates = convert_prices(item.prices);
      continue;
    }
    if (c && !c.start_date) continue;
    const from = c ? c.start_date : null;
    periods.push({
      effective_from: from,
      date_basis: from ? 'announcement' : 'first_seen',
      scheduled: from ? from > as_of : false,
      source,
      rates: convert_prices(item.prices),
    });
  }
  periods.sort((a, b) => (a.effective_from ?? '').localeCompare(b.effective_from ?? ''));
  return periods;
}

function guess_kind(id) {
  return /embed/i.test(id) ? 'embedding' : /rerank/i.test(id) ? 'rerank' : 'chat';
}

/** All genai-prices entries for the providers we keep.
 *  @param data     the waitForUpdate() dump (array of providers)
 *  @param checked  {genai_provider: {model_id: date|null}} last-verified dates, may be {}
 *  @param source   label recorded on each period, e.g. "genai-prices@0.1.8" */
export function genai_entries(data, checked, source, as_of) {
  const out = [];
  for (const provider of data) {
    const ours = GENAI_PROVIDERS[provider.id];
    if (!ours) continue;
    for (const model of provider.models) {
      const entry = {
        provider: ours, id: model.id, kind: guess_kind(model.id), match: model.match,
        aliases: new Set(), prefixes: new Set(), deprecated: Boolean(model.deprecated),
        periods: convert_periods(model.prices, source, as_of),
        verified: checked[provider.id]?.[model.id] ?? null,
        origin: 'genai',
      };
      collect_rule_names(model.match, entry);
      entry.aliases.delete(model.id);
      out.push(entry);
    }
  }
  return out;
}

/** Provider-level fallbacks genai-prices declares (azure → openai models, …), in our ids. */
export function genai_fallbacks(data) {
  const out = {};
  for (const provider of data) {
    const ours = GENAI_PROVIDERS[provider.id];
    if (!ours || !provider.fallback_model_providers) continue;
    const list = provider.fallback_model_providers.map((p) => GENAI_PROVIDERS[p]).filter(Boolean);
    if (list.length) out[ours] = list;
  }
  return out;
}
