#include "gateway/log/log_context.hpp"

#include <atomic>

namespace fenliu::gateway {
namespace {

thread_local const log_fields* current = nullptr;
std::atomic<std::uint64_t> http_requests{0};

}  // namespace

const log_fields* current_log_fields() noexcept {
  return current;
}

log_scope::log_scope(const log_fields& fields) noexcept : fields_(fields), previous_(current) {
  current = &fields_;
}

log_scope::~log_scope() {
  current = previous_;
}

std::uint64_t next_http_request_id() noexcept {
  return http_requests.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace fenliu::gateway
