#pragma once
/// A call site after detection and resolution: where it is, which SDK/API it calls, which
/// provider and model it uses (or why that is unknown), and the facts the cost model needs.
/// This is the hand-off from the analysis half of the pipeline to pricing, costing and reports.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace llmspend::resolve {

struct Origin {
  std::string path;   ///< relative to the scan root
  int line = 0;       ///< 1-based (notebooks: line within `cell`)
  std::optional<int> cell;
};

/// One step of the chain that led from the call's model argument to its value, for `explain`:
/// what was followed ("argument model=", "constant MODEL", "import from app.config",
/// "default of parameter model", "caller passes model=") and where it is written.
struct TraceStep {
  std::string what;
  std::string path;  ///< relative to the scan root; notebooks as for `Origin`
  int line = 0;
  std::optional<int> cell;
};

struct ResolvedSite {
  // --- identity and location (CONTRACT "JSON report") ---
  std::string id;                 ///< path::function::normalised callee#occurrence
  std::string path;
  std::optional<int> cell;        ///< notebooks: 0-based index over all cells
  int start_line = 0;             ///< 1-based; notebooks: line within the cell
  int end_line = 0;
  int start_col = 0;
  std::string function;           ///< enclosing qualified function, "" at module level
  std::string language;           ///< python | javascript | typescript
  bool in_test = false;

  // --- what is called ---
  std::string sdk;                ///< catalog id, e.g. "openai-python"
  std::string api;                ///< chat | responses | embedding | image | ... (fixtures README)
  bool billable = true;
  std::string callee;             ///< normalised callee text, e.g. "openai.chat.completions.create"

  // --- resolution ---
  std::string provider;           ///< CONTRACT vocabulary; "unknown" when nothing tells
  std::string provider_reason;    ///< how the provider was decided (client class, base_url, prefix…)
  std::optional<std::string> model;          ///< null when unresolved or multi-valued
  std::vector<std::string> model_candidates; ///< every value when multi-valued
  std::string model_source;       ///< CONTRACT vocabulary
  std::optional<Origin> model_origin;
  std::string model_expr;         ///< source text of the model argument ("" when absent)
  std::string unresolved_reason;  ///< why the model is unknown, for humans
  /// The resolution chain, call first, value last (first candidate's chain when multi-valued);
  /// empty when nothing was followed (a literal at the call).
  std::vector<TraceStep> model_trace;
  std::vector<std::string> notes;

  // --- facts for the cost model (filled where the code shows them) ---
  std::optional<int64_t> max_output_tokens;  ///< max_tokens / max_completion_tokens / maxTokens …
  std::string max_output_tokens_key;         ///< the argument it came from
  std::vector<std::string> prompt_texts;     ///< constant prompt text visible at the call
  int prompt_holes = 0;                      ///< parts of the prompt known only at run time
  int fan_out = 1;                           ///< calls per execution (loops over constant lists)
  std::optional<std::string> service_tier;   ///< flex | priority | … when set in code
  bool batch = false;                        ///< sent through a Batch API
  /// Reasoning effort as written: `reasoning_effort=`, `reasoning={"effort": …}`,
  /// `reasoningEffort`, provider options, Gemini `thinking_level` (none | minimal | low | medium |
  /// high | …); unset when the code does not say.
  std::optional<std::string> reasoning_effort;
  /// Thinking budget in tokens: Anthropic `thinking={"type": "enabled", "budget_tokens": N}`,
  /// Gemini `thinking_config.thinking_budget` / `thinkingBudget`. 0 = thinking switched off;
  /// -1 = thinking on with no constant budget (dynamic, or a value known only at run time).
  std::optional<int64_t> thinking_budget_tokens;
  /// Image generation (`api == "image"`): `n`, `size` ("1024x1024"), `quality` ("hd", "low"…),
  /// each unset when the code does not show a constant. The prompt stays in `prompt_texts`; for
  /// `api == "speech"` `prompt_texts`/`prompt_holes` describe the `input` text to be spoken.
  std::optional<int64_t> image_count;
  std::optional<std::string> image_size;
  std::optional<std::string> image_quality;
};

}  // namespace llmspend::resolve
