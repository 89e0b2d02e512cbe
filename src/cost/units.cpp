#include "cost/units.h"

#include <fmt/format.h>

#include "cost/defaults.h"

namespace llmspend::cost {
namespace {

using core::Money;

const price::ImagePrice* find_image(const price::Rates& r, std::string_view quality,
                                    std::string_view size) {
  for (const price::ImagePrice& p : r.images) {
    if (p.quality == quality && p.size == size) return &p;
  }
  return nullptr;
}

/// The quality to price: the code's, unless it is `auto` or unset (then `standard` when the
/// model has it, else `medium`).
std::string image_quality(const resolve::ResolvedSite& s, const price::Rates& r,
                          std::vector<Assumption>& assumed) {
  if (s.image_quality && *s.image_quality != "auto") return *s.image_quality;
  bool has_standard = false;
  for (const price::ImagePrice& p : r.images) has_standard |= p.quality == "standard";
  std::string q = has_standard ? "standard" : "medium";
  assumed.push_back({"image_quality_default", q});
  return q;
}

UnitEstimate estimate_images(const resolve::ResolvedSite& s, const price::Rates& r) {
  UnitEstimate e;
  e.unit = "image";
  e.units = s.image_count ? Sourced<int64_t>{*s.image_count, "code"}
                          : Sourced<int64_t>{kDefaultImagesPerCall, "default"};
  if (!s.image_count) e.assumptions.push_back({"images_per_call_default", kDefaultImagesPerCall});
  const std::string size = s.image_size.value_or(std::string(kDefaultImageSize));
  if (!s.image_size) e.assumptions.push_back({"image_size_default", size});
  const std::string quality = image_quality(s, r, e.assumptions);
  std::optional<Money> each;
  if (const price::ImagePrice* p = find_image(r, quality, size)) each = p->per_image;
  if (!each) each = r.per_output_image;
  if (!each) {
    e.note = fmt::format("no price for {} {} images in the table", quality, size);
    return e;
  }
  e.per_call = each->times(*e.units.value);
  e.note = fmt::format("{} image(s) per call, {} {}, at ${} each", *e.units.value, size, quality,
                       each->to_string());
  return e;
}

int64_t spoken_characters(const resolve::ResolvedSite& s) {
  int64_t n = s.prompt_holes * kSpeechHoleCharacters;
  for (const std::string& text : s.prompt_texts) n += code_points(text);
  return n;
}

UnitEstimate estimate_speech(const resolve::ResolvedSite& s, const price::Rates& r,
                             std::string_view model) {
  UnitEstimate e;
  if (!r.input_per_mchar) {
    e.note = fmt::format("{} bills generated audio by duration, which the code does not show",
                         model);
    return e;
  }
  e.unit = "character";
  if (s.prompt_texts.empty() && s.prompt_holes == 0) {
    e.units = {kDefaultSpeechCharacters, "default"};
    e.assumptions.push_back({"speech_characters_default", kDefaultSpeechCharacters});
  } else {
    e.units = {spoken_characters(s), "literal_prompt"};
    if (s.prompt_holes > 0) e.assumptions.push_back({"speech_hole_characters", kSpeechHoleCharacters});
  }
  e.per_call = r.input_per_mchar->scaled(*e.units.value, 1'000'000);
  e.note = fmt::format("{} characters spoken per call", *e.units.value);
  return e;
}

/// Transcription and translation bill the length of the audio sent, which only the usage file
/// can tell. Models priced per audio token (gpt-4o-transcribe) cannot be priced from a length:
/// the tokens per minute are not published.
UnitEstimate estimate_audio_input(const resolve::ResolvedSite& s, const price::Rates& r,
                                  std::string_view model, const Sourced<int64_t>& seconds) {
  UnitEstimate e;
  if (!r.input_per_second) {
    e.note = fmt::format(
        "{} bills {} by audio tokens, whose number per minute of audio is not "
        "published, so its cost is unknown",
        model, s.api);
    return e;
  }
  if (!seconds.value) {
    e.note = fmt::format(
        "{} is billed per second of audio, which code does not show; set "
        "`audio_minutes` for this site in the usage file to price it",
        s.api);
    return e;
  }
  e.unit = "second";
  e.units = seconds;
  e.per_call = r.input_per_second->times(*seconds.value);
  e.note = fmt::format("{} seconds of audio per call ({}) at ${} per second", *seconds.value,
                       seconds.source, r.input_per_second->to_string());
  return e;
}

}  // namespace

bool is_unit_priced_api(std::string_view api) {
  return api == "image" || api == "speech" || api == "transcription" || api == "translation";
}

UnitEstimate estimate_units(const resolve::ResolvedSite& site, const price::Rates& rates,
                            std::string_view model, const Sourced<int64_t>& audio_seconds) {
  if (site.api == "image") return estimate_images(site, rates);
  if (site.api == "speech") return estimate_speech(site, rates, model);
  return estimate_audio_input(site, rates, model, audio_seconds);
}

}  // namespace llmspend::cost
