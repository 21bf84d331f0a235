#include "gateway/http/token_check_api.hpp"

#include <boost/json.hpp>

#include "gateway/auth/auth.hpp"

namespace fenliu::gateway {

http_response token_check(const http_request& req, services& svc) {
  namespace http = boost::beast::http;
  constexpr std::string_view bearer = "Bearer ";
  const std::string_view authorization = req[http::field::authorization];
  if (!authorization.starts_with(bearer) || authorization.size() == bearer.size()) {
    return json_response(req,
                         {{"error", "unauthorized"},
                          {"field", "token"},
                          {"detail", "Authorization: Bearer <token> required"}},
                         http::status::unauthorized);
  }
  auto who = verify_token(authorization.substr(bearer.size()), svc.config.auth, svc.config.shop.id,
                          now_ms() / 1000);
  if (!who) {
    return json_response(req,
                         {{"error", "unauthorized"},
                          {"field", "token"},
                          {"detail", std::string(to_string(who.error()))}},
                         http::status::unauthorized);
  }
  return json_response(req, {{"role", std::string(to_string(who->role_))},
                             {"identity", who->subject}});
}

}  // namespace fenliu::gateway
