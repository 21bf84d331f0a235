#pragma once
// Token verification and minting. Staff (agent, supervisor, qa, admin) use HS256 JWTs with the algorithm
// pinned; customers use short-lived signed visitor tokens issued by POST /api/visitor-token.
// Pure functions of their inputs: `now_s` is passed in.

#include <boost/system/result.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "gateway/config/config.hpp"

namespace fenliu::gateway {

/// admin: the shop's systems and staff using the HTTP APIs (shop data import); never a
/// WebSocket participant (the handshake refuses its token with 401, as an unusable one).
enum class role : std::uint8_t { customer = 1, agent = 2, supervisor = 3, qa = 4, admin = 7 };

std::string_view to_string(role r) noexcept;

struct identity {
  role role_ = role::customer;
  std::string subject;  // agent id or visitor id
  std::string shop_id;
  std::int64_t expires_at_s = 0;
};

enum class auth_error : std::uint8_t {
  missing = 1,          // no token
  malformed = 2,        // not three base64url parts / not JSON / bad visitor token format
  wrong_algorithm = 3,  // header alg is not HS256 (incl. "none")
  bad_signature = 4,    // forged or signed with another key
  expired = 5,          // exp <= now
  wrong_shop = 6,       // shop claim differs from this server's shop
  missing_claims = 7,   // sub, role, shop or exp missing or of the wrong type
  unknown_role = 8,
};

std::string_view to_string(auth_error e) noexcept;

/// Verifies a staff JWT ("eyJ...") or a visitor token ("v1.<payload>.<sig>").
boost::system::result<identity, auth_error> verify_token(std::string_view token,
                                                         const auth_config& config,
                                                         std::string_view shop_id,
                                                         std::int64_t now_s);

/// HS256 JWT with claims iss, sub, role, shop, iat, exp.
std::string mint_staff_token(const auth_config& config, role r, std::string_view subject,
                             std::string_view shop_id, std::int64_t now_s, std::int64_t ttl_s);

/// Visitor token for a customer; lives config.visitor_token_ttl_s.
std::string mint_visitor_token(const auth_config& config, std::string_view visitor_id,
                               std::string_view shop_id, std::int64_t now_s);

}  // namespace fenliu::gateway
