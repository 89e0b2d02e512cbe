#pragma once
/// The cost model: turns one resolved site into a costed one.
///
/// Per call: input tokens × input price + (output + reasoning) tokens × output price (per million
/// tokens; reasoning at the reasoning price when the table has one), in the tier the code asks for
/// (Batch API, `service_tier`) or the long-context tier the prompt falls in, blended by the usage
/// file's cache hit rate and batch share. Images and speech are priced per image / character
/// (units.h). Monthly: per call × calls per month × fan-out, rounded to the cent.
/// Statuses (CONTRACT): free (self_hosted/mock provider or a non-billable API), unresolved_model
/// (no model and no config default), unpriced_model (no price row), usage_unknown (priced, but the
/// API's units are not modelled or the rates lack a dimension it needs), estimated.
/// Not modelled yet: audio duration (transcription, token-priced speech), per-request fees,
/// web-search fees.
#include <string>

#include "cost/config.h"
#include "cost/costed_site.h"
#include "cost/usage_file.h"
#include "price/price_table.h"
#include "resolve/resolved_site.h"

namespace llmspend::cost {

struct CostContext {
  const price::PriceTable* prices = nullptr;  ///< required
  std::string as_of;                          ///< YYYY-MM-DD; "" = the table's current period
  const UsageFile* usage = nullptr;           ///< optional
  const Config* config = nullptr;             ///< optional
};

CostedSite cost_site(const resolve::ResolvedSite& site, const CostContext& ctx);

}  // namespace llmspend::cost
