// Staff JWTs (HS256, algorithm pinned) and visitor tokens. Every input here is untrusted: no
// path may throw or read out of bounds, whatever the bytes.

#include "gateway/auth/auth.hpp"

#include <boost/json.hpp>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>

#include "gateway/auth/auth_codec.hpp"

namespace fenliu::gateway {

namespace {

namespace json = boost::json;
using auth_result = boost::system::result<identity, auth_error>;

/// Longer tokens are refused before any decoding: a real one is a few hundred bytes.
constexpr std::size_t max_token_bytes = 4096;
constexpr std::string_view visitor_prefix = "v1.";
constexpr std::size_t max_identifier_bytes = 256;
// Fixed header: minting never varies it, and verification checks `alg`, not the bytes.
constexpr std::string_view jwt_header = R"({"alg":"HS256","typ":"JWT"})";

struct token_parts {
  std::string_view first;
  std::string_view second;
  std::string_view third;
};

/// Splits "a.b.c" into exactly three non-empty base64url parts.
std::optional<token_parts> split_three(std::string_view token) {
  const auto dot1 = token.find('.');
  if (dot1 == std::string_view::npos) {
    return std::nullopt;
  }
  const auto dot2 = token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  token_parts parts{token.substr(0, dot1), token.substr(dot1 + 1, dot2 - dot1 - 1),
                    token.substr(dot2 + 1)};
  if (!detail::is_base64url(parts.first) || !detail::is_base64url(parts.second) ||
      !detail::is_base64url(parts.third)) {
    return std::nullopt;
  }
  return parts;
}

/// Decodes a base64url part holding a JSON object; nullopt for anything else.
std::optional<json::object> decode_json_object(std::string_view part_b64) {
  const auto bytes = detail::base64url_decode(part_b64);
  if (!bytes) {
    return std::nullopt;
  }
  boost::system::error_code ec;
  json::value value = json::parse(*bytes, ec);
  if (ec || !value.is_object()) {
    return std::nullopt;
  }
  return std::move(value.as_object());
}

/// Identifiers end up in logs, maps and other users' screens: keep them short and free of
/// control characters, whoever signed them.
bool is_clean_identifier(std::string_view s) noexcept {
  if (s.empty() || s.size() > max_identifier_bytes) {
    return false;
  }
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      return false;
    }
  }
  return true;
}

std::optional<std::string_view> string_claim(const json::object& claims, std::string_view key) {
  const json::value* v = claims.if_contains(key);
  if (v == nullptr || !v->is_string()) {
    return std::nullopt;
  }
  const auto& s = v->as_string();
  const std::string_view view(s.data(), s.size());
  if (!is_clean_identifier(view)) {
    return std::nullopt;
  }
  return view;
}

/// NumericDate as a JSON integer. Fractions are refused: nobody mints them here and accepting
/// them would add a float-to-int conversion on untrusted input for no gain.
std::optional<std::int64_t> int_claim(const json::object& claims, std::string_view key) {
  const json::value* v = claims.if_contains(key);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (v->is_int64()) {
    return v->as_int64();
  }
  if (v->is_uint64() &&
      v->as_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return static_cast<std::int64_t>(v->as_uint64());
  }
  return std::nullopt;
}

std::optional<role> staff_role_from_string(std::string_view s) noexcept {
  if (s == "agent") {
    return role::agent;
  }
  if (s == "supervisor") {
    return role::supervisor;
  }
  if (s == "qa") {
    return role::qa;
  }
  if (s == "admin") {
    return role::admin;
  }
  return std::nullopt;
}

/// The signature part must be the canonical encoding of the expected MAC; comparing the
/// encodings (equal length, constant time) also refuses non-canonical variants.
bool signature_matches(std::string_view key, std::string_view signed_part,
                       std::string_view signature_b64) {
  const std::string expected = detail::base64url_encode(detail::hmac_sha256(key, signed_part));
  return detail::constant_time_equal(expected, signature_b64);
}

auth_result verify_staff(std::string_view token, const auth_config& config,
                         std::string_view shop_id, std::int64_t now_s) {
  const auto parts = split_three(token);
  if (!parts) {
    return auth_error::malformed;
  }
  const auto header = decode_json_object(parts->first);
  if (!header) {
    return auth_error::malformed;
  }
  // Algorithm pinned: only the literal "HS256" passes ("none", "hs256", "HS512", RS256, absent).
  const json::value* alg = header->if_contains("alg");
  if (alg == nullptr || !alg->is_string() || alg->as_string() != "HS256") {
    return auth_error::wrong_algorithm;
  }
  // RFC 7515 4.1.11: extensions listed in "crit" must be understood; we understand none.
  if (header->contains("crit")) {
    return auth_error::malformed;
  }
  const auto signed_len = parts->first.size() + 1 + parts->second.size();
  if (!signature_matches(config.jwt_secret, token.substr(0, signed_len), parts->third)) {
    return auth_error::bad_signature;
  }
  const auto claims = decode_json_object(parts->second);
  if (!claims) {
    return auth_error::malformed;
  }
  const auto sub = string_claim(*claims, "sub");
  const auto role_name = string_claim(*claims, "role");
  const auto shop = string_claim(*claims, "shop");
  const auto iss = string_claim(*claims, "iss");
  const auto exp = int_claim(*claims, "exp");
  // A token from another issuer is treated like one missing its issuer: the contract has no
  // separate value for it and callers need not tell the two apart.
  if (!sub || !role_name || !shop || !exp || !iss || *iss != config.issuer) {
    return auth_error::missing_claims;
  }
  if (claims->contains("iat") && !int_claim(*claims, "iat")) {
    return auth_error::missing_claims;
  }
  const auto r = staff_role_from_string(*role_name);
  if (!r) {
    return auth_error::unknown_role;
  }
  if (*exp <= now_s) {
    return auth_error::expired;
  }
  if (*shop != shop_id) {
    return auth_error::wrong_shop;
  }
  return identity{*r, std::string(*sub), std::string(*shop), *exp};
}

auth_result verify_visitor(std::string_view token, const auth_config& config,
                           std::string_view shop_id, std::int64_t now_s) {
  const auto parts = split_three(token);
  if (!parts || parts->first != "v1") {
    return auth_error::malformed;
  }
  // The MAC covers the "v1." prefix too, so the version cannot be swapped under a signature.
  const auto signed_len = visitor_prefix.size() + parts->second.size();
  if (!signature_matches(config.visitor_secret, token.substr(0, signed_len), parts->third)) {
    return auth_error::bad_signature;
  }
  const auto claims = decode_json_object(parts->second);
  if (!claims) {
    return auth_error::malformed;
  }
  const auto sub = string_claim(*claims, "sub");
  const auto shop = string_claim(*claims, "shop");
  const auto exp = int_claim(*claims, "exp");
  if (!sub || !shop || !exp) {
    return auth_error::missing_claims;
  }
  if (*exp <= now_s) {
    return auth_error::expired;
  }
  if (*shop != shop_id) {
    return auth_error::wrong_shop;
  }
  return identity{role::customer, std::string(*sub), std::string(*shop), *exp};
}

/// exp = now + ttl without signed overflow, whatever the caller passes.
std::int64_t expiry(std::int64_t now_s, std::int64_t ttl_s) noexcept {
  std::int64_t exp = 0;
  if (__builtin_add_overflow(now_s, ttl_s, &exp)) {
    return ttl_s > 0 ? std::numeric_limits<std::int64_t>::max()
                     : std::numeric_limits<std::int64_t>::min();
  }
  return exp;
}

std::string sign_compact(std::string_view key, std::string signed_part) {
  const std::string mac = detail::hmac_sha256(key, signed_part);
  signed_part.push_back('.');
  signed_part += detail::base64url_encode(mac);
  return signed_part;
}

}  // namespace

std::string_view to_string(role r) noexcept {
  switch (r) {
    case role::customer:
      return "customer";
    case role::agent:
      return "agent";
    case role::supervisor:
      return "supervisor";
    case role::qa:
      return "qa";
    case role::admin:
      return "admin";
  }
  return "unknown";
}

std::string_view to_string(auth_error e) noexcept {
  switch (e) {
    case auth_error::missing:
      return "missing";
    case auth_error::malformed:
      return "malformed";
    case auth_error::wrong_algorithm:
      return "wrong_algorithm";
    case auth_error::bad_signature:
      return "bad_signature";
    case auth_error::expired:
      return "expired";
    case auth_error::wrong_shop:
      return "wrong_shop";
    case auth_error::missing_claims:
      return "missing_claims";
    case auth_error::unknown_role:
      return "unknown_role";
  }
  return "unknown";
}

boost::system::result<identity, auth_error> verify_token(std::string_view token,
                                                         const auth_config& config,
                                                         std::string_view shop_id,
                                                         std::int64_t now_s) {
  if (token.empty()) {
    return auth_error::missing;
  }
  if (token.size() > max_token_bytes) {
    return auth_error::malformed;
  }
  // Only allocation can throw below; a token must never take the caller down.
  try {
    if (token.starts_with(visitor_prefix)) {
      return verify_visitor(token, config, shop_id, now_s);
    }
    return verify_staff(token, config, shop_id, now_s);
  } catch (const std::exception&) {
    return auth_error::malformed;
  }
}

std::string mint_staff_token(const auth_config& config, role r, std::string_view subject,
                             std::string_view shop_id, std::int64_t now_s, std::int64_t ttl_s) {
  json::object claims;
  claims["iss"] = config.issuer;
  claims["sub"] = subject;
  claims["role"] = to_string(r);
  claims["shop"] = shop_id;
  claims["iat"] = now_s;
  claims["exp"] = expiry(now_s, ttl_s);
  std::string signed_part = detail::base64url_encode(jwt_header);
  signed_part.push_back('.');
  signed_part += detail::base64url_encode(json::serialize(claims));
  return sign_compact(config.jwt_secret, std::move(signed_part));
}

std::string mint_visitor_token(const auth_config& config, std::string_view visitor_id,
                               std::string_view shop_id, std::int64_t now_s) {
  json::object claims;
  claims["sub"] = visitor_id;
  claims["shop"] = shop_id;
  claims["exp"] = expiry(now_s, config.visitor_token_ttl_s);
  std::string signed_part(visitor_prefix);
  signed_part += detail::base64url_encode(json::serialize(claims));
  return sign_compact(config.visitor_secret, std::move(signed_part));
}

}  // namespace fenliu::gateway
