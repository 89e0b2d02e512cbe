// Builds generator entries from grouped LiteLLM rows: regional rows become an uplift on the base
// model (or their own entry when the difference is not one factor), image size/quality rows become
// images[], dated duplicates become aliases.
import { COMPARED_DIMENSIONS, canonical, differs } from './dimensions.mjs';
import {
  LITELLM_KINDS, convert_litellm_prices, group_rows, history_periods, last_observed,
} from './litellm.mjs';

/** A single factor f with other ≈ base × f on every compared dimension, or null. */
function uniform_factor(base, other) {
  let factor = null;
  for (const d of COMPARED_DIMENSIONS) {
    if (base[d] === undefined && other[d] === undefined) continue;
    if (base[d] === undefined || other[d] === undefined) return null;
    if (base[d] === 0 || other[d] === 0) { if (base[d] !== other[d]) return null; continue; }
    const f = other[d] / base[d];
    if (factor !== null && differs(f, factor, 0.001)) return null;
    factor ??= f;
  }
  return factor ?? 1;
}

function make_entry(group, key, row, ctx) {
  const mode = row.mode ?? 'chat';
  const rates = convert_litellm_prices(row, mode);
  if (group.images.length) rates.images = dedupe_images(group.images);
  return {
    provider: group.provider, id: group.name, kind: LITELLM_KINDS[mode] ?? 'chat',
    aliases: new Set(), prefixes: new Set(), match: null,
    deprecation_date: /^\d{4}-\d{2}-\d{2}$/.test(row.deprecation_date ?? '') ? row.deprecation_date : undefined,
    periods: history_periods(ctx.history, key, rates, mode, ctx.source, ctx.first_seen),
    verified: last_observed(ctx.history, key) ?? ctx.snapshot_date,
    litellm_key: key,
    origin: 'litellm',
  };
}

function dedupe_images(images) {
  const seen = new Map();
  for (const img of images) seen.set(`${img.quality}/${img.size}`, img);
  return [...seen.values()].sort((a, b) =>
    a.quality.localeCompare(b.quality) || a.size.localeCompare(b.size));
}

/** Regional rows → uplift on `entry`, or separate entries (returned) when not a single factor. */
function fold_regions(entry, group, ctx) {
  const separate = [];
  const current = entry.periods[entry.periods.length - 1].rates;
  for (const [region, { key, row }] of [...group.regions].sort()) {
    if (key === entry.litellm_key) continue;
    const rates = convert_litellm_prices(row, row.mode ?? 'chat');
    const f = uniform_factor(current, rates);
    if (f !== null && !differs(f, 1, 0.001)) continue;  // a pure duplicate of the base
    if (f !== null) {
      current.regional_uplift = { ...(current.regional_uplift ?? {}), [region]: Math.round(f * 1e4) / 1e4 };
      continue;
    }
    const own = make_entry({ ...group, name: region_id(group, region), images: [] }, key, row, ctx);
    separate.push(own);
  }
  return separate;
}

function region_id(group, region) {
  return group.provider === 'bedrock' ? `${region}.${group.name}` : `${region}/${group.name}`;
}

/** Entries for every kept LiteLLM row. ctx: {history, source, first_seen, snapshot_date}. */
export function litellm_entries(litellm, ctx) {
  const out = [];
  for (const group of group_rows(litellm).values()) {
    let base = group.base;
    if (!base) {
      // Only regional rows exist (e.g. Bedrock profiles): the global one, else the first, is the base.
      const pick = group.regions.get('global') ?? [...group.regions.values()][0];
      if (!pick) continue;  // image variants of a model LiteLLM does not list by itself
      base = pick;
    }
    const entry = make_entry(group, base.key, base.row, ctx);
    out.push(entry, ...fold_regions(entry, group, ctx));
  }
  return fold_dated_duplicates(out);
}

const DATED = /^(.+?)(?:@\d{8}|@\d{3}|@latest|-\d{4}-\d{2}-\d{2}|-\d{8})$/;

/** `claude-x@20250929` or `gpt-4o-2024-08-06` priced exactly like its undated sibling becomes that
 *  sibling's alias: the engine finds it by exact name either way, and the table stays small. */
function fold_dated_duplicates(entries) {
  const by_id = new Map(entries.map((e) => [`${e.provider}\u0000${e.id}`, e]));
  const kept = [];
  for (const e of entries) {
    const m = DATED.exec(e.id);
    const base = m && by_id.get(`${e.provider}\u0000${m[1]}`);
    if (base && base !== e && same_current_rates(base, e)) {
      base.aliases.add(e.id);
      for (const a of e.aliases) base.aliases.add(a);
      continue;
    }
    kept.push(e);
  }
  return kept;
}

function same_current_rates(a, b) {
  const ra = canonical(a.periods[a.periods.length - 1].rates);
  const rb = canonical(b.periods[b.periods.length - 1].rates);
  return ra === rb && a.kind === b.kind;
}
