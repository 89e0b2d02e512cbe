#pragma once
/// The versioned price table: models per provider, each with price periods, loaded from our
/// schema (the embedded pricing/prices.json or a `--pricing-file`) or a LiteLLM JSON, and looked
/// up by provider + model name with aliases, match rules and normalisation. See docs/pricing.md.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "price/normalize.h"
#include "price/rates.h"

namespace llmspend::price {

/// One price period of one model: `effective_from` inclusive, `effective_to` exclusive.
struct PricePeriod {
  std::string effective_from;  ///< YYYY-MM-DD
  std::optional<std::string> effective_to;
  bool scheduled = false;   ///< announced, starts after the table was generated
  std::string date_basis;   ///< "announcement" | "upstream" | "first_seen" | "unknown"
  std::string source;
  Rates rates;
};

/// One model at one provider, as the table lists it.
struct ModelEntry {
  std::string provider;
  std::string id;
  std::string kind;  ///< chat | embedding | image_generation | audio_speech | audio_transcription | …
  std::vector<std::string> aliases;
  std::vector<std::string> match_prefixes;  ///< names starting with one of these are this model
  std::optional<std::string> deprecation_date;
  std::vector<PricePeriod> periods;  ///< oldest first
};

struct PriceQuery {
  std::string provider;  ///< CONTRACT vocabulary; "unknown" when not decided
  std::string model;     ///< as sent to the vendor
  std::string as_of;     ///< YYYY-MM-DD; empty: the period in force when the table was made
  std::string region;    ///< optional: "us", "eu"… applies the model's regional uplift
};

/// The period in force for one model at one provider.
struct PriceMatch {
  std::string model_key;
  std::string provider;
  std::string matched_by;  ///< "exact" | "alias" | "match rule …" | "normalized (…)" | "fallback …"
  std::string effective_from;
  std::optional<std::string> effective_to;
  std::string source;
  std::optional<std::string> deprecation_date;
  std::string kind;
  bool scheduled = false;
  std::optional<std::string> region;  ///< the regional uplift applied to `rates`, if any
  Rates rates;
  const ModelEntry* entry = nullptr;  ///< the whole row (aliases, every period); owned by the table
};

/// Everything a loader produces; PriceTable indexes it.
struct TableData {
  std::string version;  ///< table_version (date) or the LiteLLM file's last_updated
  std::string origin;   ///< "embedded", a path…
  std::vector<ModelEntry> models;
  std::map<std::string, std::vector<std::string>> provider_fallbacks;
};

class PriceTable {
 public:
  PriceTable() = default;
  explicit PriceTable(TableData data);

  /// The committed pricing/prices.json, embedded at build time.
  static core::Result<PriceTable> embedded();
  /// A file in our schema or a LiteLLM model_prices JSON (detected by its shape).
  static core::Result<PriceTable> load_file(const std::string& path);
  /// Text in either format; `origin` names it in error messages.
  static core::Result<PriceTable> parse(std::string_view text, const std::string& origin);

  /// The period in force for `q`, or nullopt when no row prices the model. Hash lookups only:
  /// exact id, alias, prefix rule, then each normalised form, then provider fallbacks.
  std::optional<PriceMatch> lookup(const PriceQuery& q) const;
  /// Up to `n` known model names closest to `model`, best first ("did you mean").
  std::vector<std::string> suggest(std::string_view model, size_t n = 3) const;

  std::string version() const { return data_.version; }
  const std::string& origin() const { return data_.origin; }
  std::vector<std::string> providers() const;
  /// Every model, or those of one provider; sorted by provider then id.
  std::vector<const ModelEntry*> models(std::string_view provider = {}) const;
  const ModelEntry* find(std::string_view provider, std::string_view id) const;

  /// Rows of `overlay` replace rows with the same provider and id; new rows are added. This is how
  /// a `--pricing-file` or config custom models extend the embedded table.
  void merge(const PriceTable& overlay);
  /// Multiplies every price of a provider (or one model of it when `model_id` is set) by `factor`:
  /// negotiated discounts from config.
  void apply_discount(std::string_view provider, std::string_view model_id, core::Money factor);

 private:
  struct Hit {
    size_t index;
    bool alias;
  };
  void rebuild_index();
  std::optional<PriceMatch> find_in(std::string_view provider, const PriceQuery& q,
                                    const std::vector<NameCandidate>& candidates) const;
  PriceMatch make_match(const ModelEntry& e, const PriceQuery& q, std::string matched_by,
                        const std::string& region) const;

  TableData data_;
  std::unordered_map<std::string, Hit> exact_;      // provider '\n' name → row
  std::unordered_map<std::string, size_t> prefix_;  // provider '\n' prefix → row
  std::vector<std::string> names_;                  // every id and alias, for suggestions
};

/// The period of `e` in force on `as_of` (empty: the last one not scheduled). Before the first
/// period starts, the first one.
const PricePeriod& period_at(const ModelEntry& e, std::string_view as_of);

}  // namespace llmspend::price
