// Turns merged entries into pricing/prices.json, appending to the committed table instead of
// rewriting it: periods already published are kept verbatim, a changed price opens a new period.
import { PERIOD_DIMENSIONS, SCALAR_DIMENSIONS, TIER_DIMENSIONS, canonical, decimal, differs } from './dimensions.mjs';

function money(v) { return typeof v === 'string' ? v : decimal(v); }

function serialize_tier(t) {
  const out = { above_tokens: Math.round(Number(t.above_tokens)), whole_request: t.whole_request !== false };
  for (const d of TIER_DIMENSIONS) if (t[d] !== undefined) out[d] = money(t[d]);
  return out;
}

/** Rates in our units as decimal strings, keys in the documented order. */
export function serialize_rates(r) {
  const out = {};
  for (const d of SCALAR_DIMENSIONS) if (r[d] !== undefined) out[d] = money(r[d]);
  if (r.long_context?.length) out.long_context = r.long_context.map(serialize_tier);
  if (r.images?.length) {
    out.images = r.images.map((i) => ({ quality: i.quality, size: i.size, per_image: money(i.per_image) }));
  }
  if (r.regional_uplift && Object.keys(r.regional_uplift).length) {
    out.regional_uplift = Object.fromEntries(Object.keys(r.regional_uplift).sort()
      .map((k) => [k, money(r.regional_uplift[k])]));
  }
  return out;
}

function serialize_period(p) {
  const out = { effective_from: p.effective_from };
  if (p.effective_to) out.effective_to = p.effective_to;
  if (p.scheduled) out.scheduled = true;
  out.date_basis = p.date_basis;
  out.source = p.source;
  out.rates = serialize_rates(p.rates);
  return out;
}

/** One entry as written: metadata, then periods oldest first. */
export function serialize_entry(e) {
  const out = { kind: e.kind };
  const aliases = [...e.aliases].filter((a) => a !== e.id).sort();
  if (aliases.length) out.aliases = aliases;
  const prefixes = [...e.prefixes].sort();
  if (prefixes.length) out.match_prefixes = prefixes;
  if (e.deprecation_date) out.deprecation_date = e.deprecation_date;
  out.periods = collapse(e.periods).map(serialize_period);
  close_periods(out.periods);  // in place: replaces elements, keeps the array
  return out;
}

/** Adjacent periods with the same rates are one period. */
function collapse(periods) {
  const out = [];
  for (const p of [...periods].sort((a, b) => a.effective_from.localeCompare(b.effective_from))) {
    const last = out[out.length - 1];
    if (last && canonical(serialize_rates(last.rates)) === canonical(serialize_rates(p.rates))) continue;
    if (last && last.effective_from === p.effective_from) out.pop();
    out.push(p);
  }
  return out;
}

/** Sets each period's end to the next one's start, keeping the documented key order. */
function close_periods(periods) {
  for (let i = 0; i + 1 < periods.length; ++i) {
    if (periods[i].effective_to) continue;
    const { effective_from, ...rest } = periods[i];
    periods[i] = { effective_from, effective_to: periods[i + 1].effective_from, ...rest };
  }
}

function core_differs(a, b) {
  return PERIOD_DIMENSIONS.some((d) => (a[d] === undefined || b[d] === undefined)
    ? false : differs(Number(a[d]), Number(b[d]), 1e-9));
}

/** Adds to an open period the dimensions it lacks; never changes one it has. */
function enrich(period, rates) {
  for (const [k, v] of Object.entries(rates)) if (period.rates[k] === undefined) period.rates[k] = v;
}

/** Appends the newly generated periods of one model to its published periods. */
export function append_periods(published, generated, date, log) {
  const periods = published.periods.map((p) => ({ ...p, rates: { ...p.rates } }));
  for (const p of periods) if (p.scheduled && p.effective_from <= date) delete p.scheduled;
  for (const np of generated.periods) {
    const last = periods[periods.length - 1];
    if (np.effective_from > last.effective_from && core_differs(last.rates, np.rates)) {
      last.effective_to = np.effective_from;
      periods.push(np);
    }
  }
  const fresh = generated.periods.filter((p) => !p.scheduled).pop();
  const in_force = periods.filter((p) => p.effective_from <= date).pop() ?? periods[0];
  if (fresh && core_differs(in_force.rates, fresh.rates)) {
    if (in_force === periods[periods.length - 1]) {
      in_force.effective_to = date;
      periods.push({ ...fresh, effective_from: date, date_basis: 'first_seen' });
      delete periods[periods.length - 1].effective_to;
    } else {
      log(`warning: ${generated.id}: price changed before a published scheduled period; not appended`);
    }
  } else if (fresh) {
    enrich(in_force, fresh.rates);
  }
  return { ...generated, periods: periods.map(in_key_order) };
}

function in_key_order(p) {
  const { effective_from, effective_to, scheduled, date_basis, source, rates } = p;
  return { effective_from, ...(effective_to ? { effective_to } : {}), ...(scheduled ? { scheduled } : {}),
           date_basis, source, rates };
}

/** Builds the table object. `previous` is the committed table (or null on the first run). */
export function build_table(entries, { previous, date, fallbacks, inputs, log }) {
  const providers = {};
  for (const e of entries) {
    (providers[e.provider] ??= {})[e.id] = serialize_entry(e);
  }
  let appended = 0;
  for (const [provider, models] of Object.entries(previous?.providers ?? {})) {
    for (const [id, old] of Object.entries(models)) {
      const now = providers[provider]?.[id];
      (providers[provider] ??= {})[id] = now ? append_periods(old, { ...now, id }, date, log) : old;
      if (now && providers[provider][id].periods.length > old.periods.length) ++appended;
    }
  }
  if (previous) log(`${appended} models gained a price period`);
  const sorted = {};
  for (const p of Object.keys(providers).sort()) {
    sorted[p] = {};
    for (const id of Object.keys(providers[p]).sort()) {
      const { id: _drop, ...model } = providers[p][id];
      sorted[p][id] = model;
    }
  }
  return {
    $schema: '../docs/schemas/pricing.schema.json',
    schema_version: 1,
    table_version: date,
    currency: 'USD',
    generated_by: 'pricing/generator/generate.mjs',
    inputs,
    provider_fallbacks: fallbacks,
    providers: sorted,
  };
}
