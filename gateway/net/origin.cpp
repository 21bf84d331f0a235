#include "gateway/net/origin.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

namespace fenliu::gateway {
namespace {

struct parsed_origin {
  std::string scheme;  // lower case
  std::string host;    // lower case; an IPv6 literal keeps its brackets
  unsigned port = 0;

  friend bool operator==(const parsed_origin&, const parsed_origin&) = default;
};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<unsigned> default_port(std::string_view scheme) {
  if (scheme == "http" || scheme == "ws") {
    return 80;
  }
  if (scheme == "https" || scheme == "wss") {
    return 443;
  }
  return std::nullopt;
}

std::optional<unsigned> parse_port(std::string_view digits) {
  if (digits.empty() || digits.size() > 5 ||
      digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  const unsigned port = static_cast<unsigned>(std::stoul(std::string(digits)));
  return port <= 65535 ? std::optional<unsigned>(port) : std::nullopt;
}

std::optional<parsed_origin> parse(std::string_view text) {
  const auto sep = text.find("://");
  if (sep == std::string_view::npos || sep == 0) {
    return std::nullopt;
  }
  parsed_origin out;
  out.scheme = lower(text.substr(0, sep));
  std::string_view rest = text.substr(sep + 3);
  // The port separator is the last ':' after an IPv6 literal's closing bracket, if any.
  const auto bracket = rest.rfind(']');
  const auto colon = rest.rfind(':');
  std::string_view host = rest;
  std::optional<unsigned> port = default_port(out.scheme);
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    host = rest.substr(0, colon);
    port = parse_port(rest.substr(colon + 1));
  }
  if (host.empty() || !port || host.find_first_of("/?#@ ") != std::string_view::npos) {
    return std::nullopt;
  }
  out.host = lower(host);
  out.port = *port;
  return out;
}

}  // namespace

bool origin_allowed(std::string_view origin, const auth_config& auth) {
  const auto wanted = parse(origin);
  if (!wanted) {
    return false;
  }
  return std::any_of(auth.allowed_origins.begin(), auth.allowed_origins.end(),
                     [&](const std::string& allowed) { return parse(allowed) == wanted; });
}

}  // namespace fenliu::gateway
