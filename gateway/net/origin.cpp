#include "gateway/net/origin.hpp"

namespace fenliu::gateway {

bool origin_allowed(std::string_view origin, const auth_config& auth) {
  for (const auto& allowed : auth.allowed_origins) {
    if (origin == allowed) {
      return true;
    }
    if (origin.size() > allowed.size() + 1 && origin.starts_with(allowed) &&
        origin[allowed.size()] == ':' &&
        origin.find_first_not_of("0123456789", allowed.size() + 1) == std::string_view::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace fenliu::gateway
