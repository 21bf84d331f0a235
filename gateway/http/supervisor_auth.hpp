#pragma once
// The check every supervisor-only endpoint makes: `Authorization: Bearer <token>` with a valid
// token of this shop whose role is supervisor. Each endpoint words its own JSON error.

#include <boost/beast/http/status.hpp>
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

}  // namespace fenliu::gateway
