#pragma once
// The checks the HTTP endpoints make: `Authorization: Bearer <token>` with a valid
// token of this shop whose role may call it. Each endpoint words its own JSON error.

#include <boost/beast/http/status.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "gateway/app/services.hpp"
#include "gateway/auth/auth.hpp"

namespace fenliu::gateway {

struct auth_refusal {
  boost::beast::http::status status;  // 401 or 403
  std::string code;                   // "unauthorized" or "forbidden"
  std::string detail;
};

/// The supervisor the header's token names, or why it is refused. `authorization` is the
/// header's value.
std::variant<identity, auth_refusal> check_supervisor(std::string_view authorization,
                                                      const services& svc);

/// The same for the shop data, KPI and admin APIs: a valid token of this shop whose role is
/// one of `allowed`. A token of another shop is valid but has no rights here (403, not 401).
/// `who_may` words the refusals: "Authorization: Bearer <{who_may} token> required",
/// "{who_may} role required".
std::variant<identity, auth_refusal> check_staff(std::string_view authorization,
                                                 const services& svc,
                                                 std::initializer_list<role> allowed,
                                                 std::string_view who_may);

}  // namespace fenliu::gateway
