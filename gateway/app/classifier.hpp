#pragma once
// Stage classification (分流) of a new conversation: explicit menu choice, then keyword rules on
// the first message, then the order's state, then the page the widget was opened on. Pure.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/config/config.hpp"
#include "gateway/app/order_book.hpp"
#include "gateway/protocol/requests.hpp"

namespace fenliu::gateway {

struct classification {
  router::stage stage = router::stage::pre_sales;
  std::vector<router::skill_level> required_skills;
  std::string reason;  // explicit, keyword:<word>, order:<status>, page:<type>, default
};

/// `orders` supplies the entry order's current status; only the buyer's own order counts.
classification classify(const shop_config& shop, const order_book& orders,
                        std::string_view customer,
                        std::optional<router::stage> requested, const entry_context& entry,
                        std::string_view first_text);

/// The stage an order status belongs to: unpaid -> pre-sales; paid, shipped -> in-sale;
/// delivered, refund_open, closed -> after-sales. Unknown statuses: nullopt.
std::optional<router::stage> stage_for_order_status(std::string_view status);

}  // namespace fenliu::gateway
