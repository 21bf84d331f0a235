#include "gateway/app/order_book.hpp"

namespace fenliu::gateway {

order_book::order_book(const std::vector<demo_order>& orders) {
  for (const auto& o : orders) {
    orders_.emplace(o.id, o);
  }
}

std::optional<demo_order> order_book::find(std::string_view order_id) const {
  std::lock_guard lock(mutex_);
  auto it = orders_.find(order_id);
  if (it == orders_.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::optional<demo_order> order_book::set_status(std::string_view order_id, std::string status) {
  std::lock_guard lock(mutex_);
  auto it = orders_.find(order_id);
  if (it == orders_.end()) {
    return std::nullopt;
  }
  it->second.status = std::move(status);
  return it->second;
}

}  // namespace fenliu::gateway
