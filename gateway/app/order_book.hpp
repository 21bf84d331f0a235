#pragma once
// The shop's orders and products as the gateway reads them synchronously: when a chat starts
// (the order's status picks the stage), when the bot answers "where is my order?", when a card
// is rebuilt and when a conversation is described with its entry cards.
//
// Backed by the store: loaded from it at start (after the config's rows were imported), and
// written through: every change is committed to the store first (the shop data API, the
// order-status webhook) and then put here. Read from session and router threads and written
// from HTTP sessions, so it is guarded by a mutex; reads never touch the database.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fenliu/store/rows.hpp"
#include "gateway/config/config.hpp"
#include "gateway/protocol/encode.hpp"

namespace fenliu::gateway {

class order_book {
 public:
  order_book() = default;
  /// Tests: configured orders, as the config seeding would store them.
  explicit order_book(const std::vector<demo_order>& orders);

  /// Replaces the whole contents (start-up, from store::load_shop_data).
  void load(store::shop_data data);
  /// Writes through rows the store has committed.
  void put(const std::vector<store::product_row>& products,
           const std::vector<store::order_row>& orders);

  /// The order as the classifier and the bot read it.
  std::optional<demo_order> find(std::string_view order_id) const;
  /// The customer's only order, or nullopt when they have none or several (then the question
  /// "where is my order?" needs a person or the order the chat was opened from).
  std::optional<demo_order> only_order_of(std::string_view customer_id) const;
  /// Sets the order's status; the updated stored row (to write to the store), or nullopt when
  /// the order is unknown. A change to "delivered" records `now` as the delivery time (the
  /// after-sales window).
  std::optional<store::order_row> set_status(std::string_view order_id, std::string status,
                                             std::int64_t now = 0);

  std::optional<store::order_row> order(std::string_view order_id) const;
  std::optional<store::product_row> product(std::string_view product_id) const;
  /// Fills info's entry_order (only an order of info.customer) and entry_product from the
  /// entry ids it carries.
  void describe_entry(conversation_info& info) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, store::order_row, std::less<>> orders_;
  std::map<std::string, store::product_row, std::less<>> products_;
};

/// A stored order as the classifier and the bot read it (title: the first item's).
demo_order demo_view(const store::order_row& o);

}  // namespace fenliu::gateway
