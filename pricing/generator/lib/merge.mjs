// Merges genai-prices entries (clean alias rules, dated periods) with LiteLLM entries (batch, flex,
// priority, images, regions, more models) and the hand-kept overrides. Where both sources price
// the same dimension and differ by more than 0.5%, the disagreement is reported and the more
// recently verified value wins: genai-prices' "last checked" date (else its snapshot date) against
// the date LiteLLM's history last saw the price change.
import { COMPARED_DIMENSIONS, SCALAR_DIMENSIONS, differs, plausible } from './dimensions.mjs';
import { matches } from './genai.mjs';

/** The period in force at `as_of` (the last non-scheduled one). */
export function open_period(entry) {
  const live = entry.periods.filter((p) => !p.scheduled);
  return live[live.length - 1] ?? entry.periods[0];
}

/** Only the LiteLLM row named exactly like the genai-prices model may replace one of its prices;
 *  rows reached through an alias (previews, snapshots) are reported but do not override. */
function disagreements_between(g, l, ctx) {
  const gp = open_period(g).rates;
  const lp = open_period(l).rates;
  const found = [];
  for (const dim of COMPARED_DIMENSIONS) {
    if (gp[dim] === undefined || lp[dim] === undefined || !differs(gp[dim], lp[dim])) continue;
    // LiteLLM writes 0.0 where it has no price; a zero never beats a real price.
    const placeholder = lp[dim] === 0;
    const genai_date = g.verified ?? ctx.genai_snapshot_date;
    const litellm_date = l.verified ?? ctx.litellm_snapshot_date;
    const winner = l.id === g.id && !placeholder && litellm_date > genai_date ? 'litellm' : 'genai-prices';
    found.push({ provider: g.provider, model: g.id, litellm_key: l.litellm_key, dimension: dim,
                 genai: gp[dim], genai_verified: genai_date, litellm: lp[dim],
                 litellm_verified: litellm_date, chosen: winner });
  }
  return found;
}

/** Copies into `target` every dimension `from` has and `target` lacks. */
function fill_missing(target, from) {
  for (const dim of SCALAR_DIMENSIONS) {
    if (target[dim] === undefined && from[dim] !== undefined) target[dim] = from[dim];
  }
  for (const key of ['long_context', 'images', 'regional_uplift']) {
    if (target[key] === undefined && from[key] !== undefined) target[key] = from[key];
  }
}

/** Folds LiteLLM entry `l` into genai entry `g`. */
function absorb(g, l, ctx) {
  const found = disagreements_between(g, l, ctx);
  const current = open_period(g);
  // A genai-prices period that starts after the LiteLLM snapshot is a change LiteLLM has not seen:
  // its batch/flex/priority prices belong to the old period and must not be copied forward.
  const stale = current.effective_from && current.effective_from > ctx.litellm_snapshot_date;
  for (const d of found) {
    if (stale) d.chosen = 'genai-prices';
    if (d.chosen === 'litellm') current.rates[d.dimension] = d.litellm;
  }
  const before = JSON.stringify(current.rates);
  if (!stale) fill_missing(current.rates, open_period(l).rates);
  if (found.some((d) => d.chosen === 'litellm') || JSON.stringify(current.rates) !== before) {
    if (!current.source.includes(ctx.litellm_source)) current.source += ` + ${ctx.litellm_source}`;
  }
  if (g.periods[0].effective_from === null) {
    const seen = l.periods[0].effective_from;
    const next = g.periods[1]?.effective_from;
    if (seen && (!next || seen < next)) g.periods[0].effective_from = seen;
  }
  if (l.id !== g.id) g.aliases.add(l.id);
  for (const a of l.aliases) if (a !== g.id) g.aliases.add(a);
  g.kind = l.kind;
  g.deprecation_date ??= l.deprecation_date;
  ctx.disagreements.push(...found);
}

/** Whether `l` is the same model as `g` by name (strong) or only by a looser match rule. */
function relation(g, l) {
  if (g.id === l.id || g.aliases.has(l.id)) return 'same';
  if (g.match && matches(g.match, l.id)) return 'rule';
  return null;
}

function find_partner(genai_by_provider, l) {
  const candidates = genai_by_provider.get(l.provider) ?? [];
  let rule_hit = null;
  for (const g of candidates) {
    const r = relation(g, l);
    if (r === 'same') return { g, strong: true };
    if (r === 'rule' && !rule_hit) rule_hit = g;
  }
  return rule_hit ? { g: rule_hit, strong: false } : null;
}

/** Merges both sources. Returns the entry list; disagreements go to ctx.disagreements. */
export function merge_sources(genai, litellm, ctx) {
  const genai_by_provider = new Map();
  for (const g of genai) {
    if (!genai_by_provider.has(g.provider)) genai_by_provider.set(g.provider, []);
    genai_by_provider.get(g.provider).push(g);
  }
  const separate = [];
  // Rows named exactly like a genai-prices model go first so their extra dimensions win.
  const genai_ids = new Set(genai.map((g) => `${g.provider}\u0000${g.id}`));
  const ordered = [...litellm].sort((a, b) =>
    genai_ids.has(`${b.provider}\u0000${b.id}`) - genai_ids.has(`${a.provider}\u0000${a.id}`));
  for (const l of ordered) {
    const partner = find_partner(genai_by_provider, l);
    // A loose rule (prefix/regex/contains) is trusted only when the prices agree: a dated snapshot
    // priced differently from its family (gpt-4o-2024-05-13) is its own model.
    if (partner && (partner.strong || !disagreements_between(partner.g, l, ctx).length)) {
      absorb(partner.g, l, ctx);
    } else {
      separate.push(l);
    }
  }
  const out = [...genai, ...separate];
  for (const e of out) {
    if (e.periods[0].effective_from === null) e.periods[0].effective_from = ctx.first_seen;
  }
  return dedupe_ids(out);
}

/** Two entries with one id at one provider: the genai-prices one stays, the other becomes dead. */
function dedupe_ids(entries) {
  const seen = new Set();
  return entries.filter((e) => {
    const key = `${e.provider}\u0000${e.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** provider_defaults: a dimension every listed kind of model at a provider has unless upstream
 *  already gives the explicit price (`unless`). */
function apply_provider_defaults(entries, defaults) {
  for (const d of defaults ?? []) {
    for (const e of entries) {
      if (e.provider !== d.provider || !d.kinds.includes(e.kind)) continue;
      const period = open_period(e);
      if (period.rates[d.unless] !== undefined) continue;
      for (const [dim, text] of Object.entries(d.rates)) period.rates[dim] ??= Number(text);
      if (!period.source.includes('overrides')) period.source += ' + overrides';
    }
  }
}

/** Applies overrides.json: patches to the open period of existing models, and whole new models. */
export function apply_overrides(entries, overrides, ctx) {
  apply_provider_defaults(entries, overrides.provider_defaults);
  const by_key = new Map(entries.map((e) => [`${e.provider}/${e.id}`, e]));
  for (const o of overrides.models ?? []) {
    const key = `${o.provider}/${o.id}`;
    let entry = by_key.get(key);
    if (!entry) {
      entry = { provider: o.provider, id: o.id, kind: o.kind ?? 'chat', aliases: new Set(),
                prefixes: new Set(), periods: [{ effective_from: o.effective_from ?? ctx.first_seen,
                date_basis: o.date_basis ?? 'announcement', scheduled: false, source: '', rates: {} }] };
      entries.push(entry);
      by_key.set(key, entry);
    }
    patch_entry(entry, o, ctx);
  }
  return entries;
}

function patch_entry(entry, o, ctx) {
  for (const a of o.aliases ?? []) entry.aliases.add(a);
  for (const p of o.match_prefixes ?? []) entry.prefixes.add(p);
  if (o.kind) entry.kind = o.kind;
  if (o.deprecation_date) entry.deprecation_date = o.deprecation_date;
  const period = open_period(entry);
  for (const [dim, text] of Object.entries(o.rates ?? {})) {
    const value = typeof text === 'string' ? Number(text) : text;
    const old = period.rates[dim];
    if (typeof old === 'number' && typeof value === 'number' && differs(old, value)) {
      ctx.disagreements.push({ provider: entry.provider, model: entry.id, dimension: dim,
                               upstream: old, override: value, chosen: 'override' });
    }
    period.rates[dim] = value;
  }
  if (!period.source.includes('overrides')) {
    period.source = period.source ? `${period.source} + overrides` : 'overrides';
  }
}

/** Drops implausible values (upstream unit errors) so they never reach the table; reports each. */
export function reject_implausible(entries, log) {
  for (const e of entries) {
    for (const p of e.periods) {
      for (const dim of SCALAR_DIMENSIONS) {
        const v = p.rates[dim];
        if (v === undefined || plausible(dim, v)) continue;
        log(`rejected: ${e.provider}/${e.id} ${dim} = ${v} from ${p.source} is outside the plausible range`);
        delete p.rates[dim];
      }
      for (const tier of p.rates.long_context ?? []) {
        for (const [dim, v] of Object.entries(tier)) {
          if (!dim.endsWith('_per_mtok') || plausible(dim, v)) continue;
          log(`rejected: ${e.provider}/${e.id} long_context ${dim} = ${v} is outside the plausible range`);
          delete tier[dim];
        }
      }
    }
  }
  return entries;
}
