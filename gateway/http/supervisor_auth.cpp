#include "gateway/http/supervisor_auth.hpp"

#include "gateway/auth/auth.hpp"

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

}  // namespace fenliu::gateway
