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
/// Not modelled yet: audio tokens (token-priced transcription and speech), per-request fees,
/// web-search fees. Transcription priced per second needs the usage file's `audio_minutes`.
#include <string>

#include "cost/config.h"
#include "cost/costed_site.h"
#include "cost/usage_file.h"
#include "price/price_table.h"
#include "resolve/resolved_site.h"

namespace llmspend::cost {

/// A site's monorepo project (projects.h): its name for the report, and its usage file with the
/// site's id and path as that file names them (relative to the project's directory).
struct ProjectScope {
  std::string name;
  const UsageFile* usage = nullptr;  ///< null when the project has no usage file
  std::string id;
  std::string path;
};

struct CostContext {
  const price::PriceTable* prices = nullptr;  ///< required
  std::string as_of;                          ///< YYYY-MM-DD; "" = the table's current period
  const UsageFile* usage = nullptr;           ///< optional: the root usage file
  const Config* config = nullptr;             ///< optional
  /// Per site: the project the site belongs to; null when it is outside every project. Its
  /// usage file comes before the root one (usage_file.h, UsageLayer).
  const ProjectScope* project = nullptr;
  /// Per site: the id and path the root usage file knows the site by, when they are not the
  /// site's own: a config's `usage_file` names sites relative to the config's directory, which
  /// need not be the scan root. "" = the site's own.
  std::string usage_id;
  std::string usage_path;
};

CostedSite cost_site(const resolve::ResolvedSite& site, const CostContext& ctx);

}  // namespace llmspend::cost
