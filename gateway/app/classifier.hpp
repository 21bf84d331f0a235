#pragma once
// Stage classification (分流) of a new conversation: explicit menu choice, then keyword rules on
// the first message, then the order's state, then the page the widget was opened on; and the
// skills it asks for (keyword rule, product category, language, VIP). Pure.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/app/order_book.hpp"
#include "gateway/config/config.hpp"
#include "gateway/protocol/requests.hpp"

namespace fenliu::gateway {

struct classification {
  router::stage stage = router::stage::pre_sales;
  std::vector<router::skill_level> required_skills;
  std::string reason;  // explicit, keyword:<word>, order:<status>, page:<type>, default
  /// Preferred, not required: the first relaxation ring drops them.
  std::vector<router::skill_level> optional_skills = {};
};

/// `orders` supplies the entry order's current status; only the buyer's own order counts. A
/// delivered (or closed) order delivered more than shop.after_sales_window_days before `now`
/// no longer makes the chat after-sales: it is classified as if opened without an order
/// (reason "order:<status>:past_window" when nothing else decides).
classification classify(const shop_config& shop, const order_book& orders,
                        std::string_view customer, std::optional<router::stage> requested,
                        const entry_context& entry, std::string_view first_text,
                        router::time_ms now = 0);

/// A VIP buyer: every required level goes up by shop.vip_level_bump (at most 5) and
/// shop.vip_skill, when set, is added as an optional skill.
void apply_vip(const shop_config& shop, classification& c);

/// The stage an order status belongs to: unpaid -> pre-sales; paid, shipped -> in-sale;
/// delivered, refund_open, closed -> after-sales. Unknown statuses: nullopt.
std::optional<router::stage> stage_for_order_status(std::string_view status);

/// A delivered or closed order past the after-sales window (known delivery time only).
bool past_after_sales_window(const shop_config& shop, const demo_order& order, router::time_ms now);

}  // namespace fenliu::gateway
