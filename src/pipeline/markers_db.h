#pragma once
/// The prefilter databases compiled at build time from the embedded catalog's markers
/// (markers_db_gen.cpp writes them into the binary), for scan::Prefilter's `compiled`. Empty
/// when the build has no Hyperscan; a database that does not fit the patterns it is given (a
/// user's --catalog adds markers) is ignored and the patterns are compiled at run time.
#include <string_view>

namespace llmspend::pipeline {

enum class MarkerSet { kAny, kSdk };  ///< Catalog::markers, Catalog::sdk_markers

std::string_view embedded_markers_db(MarkerSet set);

}  // namespace llmspend::pipeline
