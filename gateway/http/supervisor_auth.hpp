#pragma once
// The check every supervisor-only endpoint makes: `Authorization: Bearer <token>` with a valid
// token of this shop whose role is supervisor. Each endpoint words its own JSON error.

#include <boost/beast/http/status.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/app/services.hpp"

namespace fenliu::gateway {

struct auth_refusal {
  boost::beast::http::status status;  // 401 or 403
  std::string code;                   // "unauthorized" or "forbidden"
  std::string detail;
};

/// nullopt: the header carries a supervisor token of this shop. `authorization` is the header.
std::optional<auth_refusal> check_supervisor(std::string_view authorization, const services& svc);

}  // namespace fenliu::gateway
