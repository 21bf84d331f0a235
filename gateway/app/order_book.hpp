#pragma once
// The shop's orders as the gateway knows them: seeded from the config's demo orders, updated by
// the order system through POST /api/orders/<id>/status. Read when a chat starts (the order's
// status picks the stage) and written from HTTP sessions, so it is guarded by a mutex.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/config/config.hpp"

namespace fenliu::gateway {

class order_book {
 public:
  explicit order_book(const std::vector<demo_order>& orders);

  std::optional<demo_order> find(std::string_view order_id) const;
  /// The customer's only order, or nullopt when they have none or several (then the question
  /// "where is my order?" needs a person or the order the chat was opened from).
  std::optional<demo_order> only_order_of(std::string_view customer_id) const;
  /// Sets the order's status; the updated order, or nullopt when the order is unknown. A
  /// change to "delivered" records `now` as the delivery time (the after-sales window).
  std::optional<demo_order> set_status(std::string_view order_id, std::string status,
                                       std::int64_t now = 0);

 private:
  mutable std::mutex mutex_;
  std::map<std::string, demo_order, std::less<>> orders_;
};

}  // namespace fenliu::gateway
