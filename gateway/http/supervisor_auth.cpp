#include "gateway/http/supervisor_auth.hpp"

#include "gateway/auth/auth.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace fenliu::gateway {

std::variant<identity, auth_refusal> check_supervisor(std::string_view authorization,
                                                      const services& svc) {
  namespace http = boost::beast::http;
  constexpr std::string_view bearer = "Bearer ";
  if (!authorization.starts_with(bearer)) {
    return auth_refusal{http::status::unauthorized, "unauthorized",
                        "Authorization: Bearer <supervisor token> required"};
  }
  auto who = verify_token(authorization.substr(bearer.size()), svc.config.auth, svc.config.shop.id,
                          now_ms() / 1000);
  if (!who) {
    return auth_refusal{http::status::unauthorized, "unauthorized",
                        std::string(to_string(who.error()))};
  }
  if (who->role_ != role::supervisor) {
    return auth_refusal{http::status::forbidden, "forbidden", "supervisor role required"};
  }
  return *who;
}

std::variant<identity, auth_refusal> check_staff(std::string_view authorization,
                                                 const services& svc,
                                                 std::initializer_list<role> allowed,
                                                 std::string_view who_may) {
  namespace http = boost::beast::http;
  constexpr std::string_view bearer = "Bearer ";
  if (!authorization.starts_with(bearer)) {
    return auth_refusal{http::status::unauthorized, "unauthorized",
                        fmt::format("Authorization: Bearer <{} token> required", who_may)};
  }
  auto who = verify_token(authorization.substr(bearer.size()), svc.config.auth, svc.config.shop.id,
                          now_ms() / 1000);
  if (!who && who.error() == auth_error::wrong_shop) {
    return auth_refusal{http::status::forbidden, "forbidden", "token of another shop"};
  }
  if (!who) {
    return auth_refusal{http::status::unauthorized, "unauthorized",
                        std::string(to_string(who.error()))};
  }
  if (std::find(allowed.begin(), allowed.end(), who->role_) == allowed.end()) {
    return auth_refusal{http::status::forbidden, "forbidden",
                        fmt::format("{} role required", who_may)};
  }
  return *who;
}

}  // namespace fenliu::gateway
