#include "gateway/app/classifier.hpp"

#include <algorithm>
#include <cctype>

namespace fenliu::gateway {
namespace {

// Case-insensitive for ASCII; other bytes (Chinese keywords) compare exactly.
bool contains_keyword(std::string_view text, std::string_view keyword) {
  if (keyword.empty()) {
    return false;
  }
  auto lower = [](unsigned char c) { return static_cast<char>(std::tolower(c)); };
  auto it = std::search(text.begin(), text.end(), keyword.begin(), keyword.end(),
                        [&](char a, char b) { return lower(a) == lower(b); });
  return it != text.end();
}

}  // namespace

std::optional<router::stage> stage_for_order_status(std::string_view status) {
  if (status == "unpaid") {
    return router::stage::pre_sales;
  }
  if (status == "paid" || status == "shipped") {
    return router::stage::in_sale;
  }
  if (status == "delivered" || status == "refund_open" || status == "closed") {
    return router::stage::after_sales;
  }
  return std::nullopt;
}

classification classify(const shop_config& shop, const order_book& orders,
                        std::string_view customer, std::optional<router::stage> requested,
                        const entry_context& entry, std::string_view first_text) {
  if (requested) {
    return {*requested, {}, "explicit"};
  }
  for (const auto& rule : shop.keyword_rules) {
    if (contains_keyword(first_text, rule.keyword)) {
      classification c{rule.to_stage, {}, "keyword:" + rule.keyword};
      if (!rule.skill.empty()) {
        c.required_skills.push_back({rule.skill, 1});
      }
      return c;
    }
  }
  if (!entry.order_id.empty()) {
    // Only the buyer's own order may steer routing.
    if (auto order = orders.find(entry.order_id); order && order->customer_id == customer) {
      if (auto s = stage_for_order_status(order->status)) {
        return {*s, {}, "order:" + order->status};
      }
    }
  }
  if (entry.page_type == "order") {
    return {router::stage::in_sale, {}, "page:order"};
  }
  if (!entry.page_type.empty()) {
    return {router::stage::pre_sales, {}, "page:" + entry.page_type};
  }
  return {router::stage::pre_sales, {}, "default"};
}

}  // namespace fenliu::gateway
