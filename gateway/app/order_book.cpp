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

std::optional<demo_order> order_book::only_order_of(std::string_view customer_id) const {
  std::lock_guard lock(mutex_);
  std::optional<demo_order> found;
  for (const auto& [id, o] : orders_) {
    if (o.customer_id == customer_id) {
      if (found) {
        return std::nullopt;
      }
      found = o;
    }
  }
  return found;
}

std::optional<demo_order> order_book::set_status(std::string_view order_id, std::string status,
                                                 std::int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = orders_.find(order_id);
  if (it == orders_.end()) {
    return std::nullopt;
  }
  if (status == "delivered" && it->second.status != "delivered") {
    it->second.delivered_at_ms = now;
  }
  it->second.status = std::move(status);
  return it->second;
}

}  // namespace fenliu::gateway
