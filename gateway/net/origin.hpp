#pragma once
// The Origin allowlist, checked before a WebSocket upgrade.

#include <string_view>

#include "gateway/config/config.hpp"

namespace fenliu::gateway {

/// True when `origin` ("scheme://host[:port]") names the same scheme, host and port as an
/// allowed entry. Scheme and host compare case-insensitively; a missing port is the scheme's
/// default (http and ws 80, https and wss 443), on either side. So "http://localhost" allows
/// "http://localhost" and "http://localhost:80" only, never "http://localhost:9999". Anything
/// that does not parse (a path, an empty or non-numeric port, no scheme) matches nothing.
bool origin_allowed(std::string_view origin, const auth_config& auth);

}  // namespace fenliu::gateway
