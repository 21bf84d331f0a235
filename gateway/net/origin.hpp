#pragma once
// The Origin allowlist, checked before a WebSocket upgrade.

#include <string_view>

#include "gateway/config/config.hpp"

namespace fenliu::gateway {

/// Exact match with an allowed origin, or an allowed origin followed by ":<digits>" (any port of
/// an allowed scheme and host). Nothing else: "http://127.0.0.1.evil" does not match.
bool origin_allowed(std::string_view origin, const auth_config& auth);

}  // namespace fenliu::gateway
