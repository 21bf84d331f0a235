#include "gateway/app/order_book.hpp"

#include "gateway/app/shop_data.hpp"

namespace fenliu::gateway {

demo_order demo_view(const store::order_row& o) {
  demo_order d;
  d.id = o.id;
  d.customer_id = o.customer_id;
  d.status = o.status;
  d.title = o.items.empty() ? std::string() : o.items.front().title;
  d.total_cents = o.total_cents;
  d.carrier = o.carrier;
  d.tracking = o.tracking_no;
  d.delivered_at_ms = o.delivered_at;
  return d;
}

order_book::order_book(const std::vector<demo_order>& orders) {
  for (const auto& o : orders) {
    orders_.emplace(o.id, to_order_row(o, "", 0));
  }
}

void order_book::load(store::shop_data data) {
  std::lock_guard lock(mutex_);
  orders_.clear();
  products_.clear();
  for (auto& o : data.orders) {
    auto id = o.id;
    orders_.emplace(std::move(id), std::move(o));
  }
  for (auto& p : data.products) {
    auto id = p.id;
    products_.emplace(std::move(id), std::move(p));
  }
}

void order_book::put(const std::vector<store::product_row>& products,
                     const std::vector<store::order_row>& orders) {
  std::lock_guard lock(mutex_);
  for (const auto& p : products) {
    products_.insert_or_assign(p.id, p);
  }
  for (const auto& o : orders) {
    orders_.insert_or_assign(o.id, o);
  }
}

std::optional<demo_order> order_book::find(std::string_view order_id) const {
  std::lock_guard lock(mutex_);
  auto it = orders_.find(order_id);
  if (it == orders_.end()) {
    return std::nullopt;
  }
  return demo_view(it->second);
}

std::optional<demo_order> order_book::only_order_of(std::string_view customer_id) const {
  std::lock_guard lock(mutex_);
  std::optional<demo_order> found;
  for (const auto& [id, o] : orders_) {
    if (o.customer_id == customer_id) {
      if (found) {
        return std::nullopt;
      }
      found = demo_view(o);
    }
  }
  return found;
}

std::optional<store::order_row> order_book::set_status(std::string_view order_id,
                                                       std::string status, std::int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = orders_.find(order_id);
  if (it == orders_.end()) {
    return std::nullopt;
  }
  if (status == "delivered" && it->second.status != "delivered") {
    it->second.delivered_at = now;
  }
  it->second.status = std::move(status);
  if (now != 0) {
    it->second.updated_at = now;
  }
  return it->second;
}

std::optional<store::order_row> order_book::order(std::string_view order_id) const {
  std::lock_guard lock(mutex_);
  auto it = orders_.find(order_id);
  if (it == orders_.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::optional<store::product_row> order_book::product(std::string_view product_id) const {
  std::lock_guard lock(mutex_);
  auto it = products_.find(product_id);
  if (it == products_.end()) {
    return std::nullopt;
  }
  return it->second;
}

void order_book::describe_entry(conversation_info& info) const {
  std::lock_guard lock(mutex_);
  if (!info.entry_order_id.empty()) {
    // Someone else's order page tells nothing about this buyer, and is not shown to them.
    if (auto it = orders_.find(info.entry_order_id);
        it != orders_.end() && it->second.customer_id == info.customer) {
      info.entry_order = it->second;
    }
  }
  if (!info.entry_product_id.empty()) {
    if (auto it = products_.find(info.entry_product_id); it != products_.end()) {
      info.entry_product = it->second;
    }
  }
}

}  // namespace fenliu::gateway
