#pragma once
// The process's logger from the [log] section: text or JSON lines, a level, stderr or a file.
// Every line goes through redact() first, as a safety net behind the rule that log calls never
// print message bodies, tokens, phone numbers or addresses.

#include <memory>
#include <string>
#include <string_view>

#include "gateway/config/config.hpp"

namespace spdlog {
class formatter;
}

namespace fenliu::gateway {

/// Replaces spdlog's default logger. Start-up only (throws when the file cannot be opened).
void configure_logging(const log_config& config);

/// The formatter of one format ("text" or "json"): what configure_logging installs.
std::unique_ptr<spdlog::formatter> make_log_formatter(std::string_view format);

/// `text` with phone-number-like digit runs replaced by "[phone]" and token-like runs (long
/// base64url with a dot, as JWTs and visitor tokens are) by "[token]".
std::string redact(std::string_view text);

}  // namespace fenliu::gateway
