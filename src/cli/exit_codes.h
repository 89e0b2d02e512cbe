#pragma once
/// Exit codes: CONTRACT.md "Exit codes". Only the CLI uses them.

namespace llmspend::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitPolicy = 1;    ///< a policy/threshold failed; the report is printed
inline constexpr int kExitUsage = 2;     ///< bad flag or value (every CLI11 error)
inline constexpr int kExitInput = 3;     ///< unreadable config, bad price/usage file, missing path
inline constexpr int kExitInternal = 4;  ///< a bug: an exception reached main

}  // namespace llmspend::cli
