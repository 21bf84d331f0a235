#include "gateway/app/classifier.hpp"

#include <algorithm>
#include <cctype>

namespace fenliu::gateway {
namespace {

constexpr router::time_ms ms_per_day = 86'400'000;

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

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && contains_keyword(a, b);
}

// "en" matches "en", "en-US" and "EN_gb"; "zh-CN" only itself and longer tags.
bool language_matches(std::string_view language, std::string_view rule) {
  if (rule.empty() || language.size() < rule.size() ||
      !iequals(language.substr(0, rule.size()), rule)) {
    return false;
  }
  return language.size() == rule.size() || language[rule.size()] == '-' ||
         language[rule.size()] == '_';
}

// Keeps one entry per skill at the highest level; a required skill is never also optional.
void add_skill(std::vector<router::skill_level>& list, const router::skill_level& s) {
  auto it =
      std::find_if(list.begin(), list.end(), [&](const auto& x) { return x.skill == s.skill; });
  if (it == list.end()) {
    list.push_back(s);
  } else {
    it->level = std::max(it->level, s.level);
  }
}

void add(classification& c, const router::skill_level& s, bool required) {
  add_skill(required ? c.required_skills : c.optional_skills, s);
}

void tidy(classification& c) {
  std::erase_if(c.optional_skills, [&](const router::skill_level& o) {
    return std::any_of(c.required_skills.begin(), c.required_skills.end(),
                       [&](const auto& r) { return r.skill == o.skill; });
  });
}

bool applies(const skill_rule& rule, router::stage s) {
  return rule.stages.empty() ||
         std::find(rule.stages.begin(), rule.stages.end(), s) != rule.stages.end();
}

// The product's category (named by the page, or known from the product id) and the widget's
// language ask for their skills.
void add_entry_skills(const shop_config& shop, const entry_context& entry, classification& c) {
  for (const auto& rule : shop.category_skills) {
    const bool by_category = !rule.match.empty() && iequals(entry.category, rule.match);
    const bool by_product =
        !entry.product_id.empty() && std::find(rule.products.begin(), rule.products.end(),
                                               entry.product_id) != rule.products.end();
    if ((by_category || by_product) && applies(rule, c.stage)) {
      add(c, {rule.skill, rule.level}, rule.required);
    }
  }
  for (const auto& rule : shop.language_skills) {
    if (language_matches(entry.language, rule.match) && applies(rule, c.stage)) {
      add(c, {rule.skill, rule.level}, rule.required);
    }
  }
}

classification by_stage(const shop_config& shop, const order_book& orders,
                        std::string_view customer, std::optional<router::stage> requested,
                        const entry_context& entry, std::string_view first_text,
                        router::time_ms now) {
  if (requested) {
    return {*requested, {}, "explicit"};
  }
  for (const auto& rule : shop.keyword_rules) {
    if (contains_keyword(first_text, rule.keyword)) {
      classification c{rule.to_stage, {}, "keyword:" + rule.keyword};
      if (!rule.skill.empty()) {
        c.required_skills.push_back({rule.skill, rule.level});
      }
      for (const auto& s : rule.optional_skills) {
        add(c, s, false);
      }
      return c;
    }
  }
  std::string past_window;
  if (!entry.order_id.empty()) {
    // Only the buyer's own order may steer routing.
    if (auto order = orders.find(entry.order_id); order && order->customer_id == customer) {
      if (past_after_sales_window(shop, *order, now)) {
        past_window = "order:" + order->status + ":past_window";
      } else if (auto s = stage_for_order_status(order->status)) {
        return {*s, {}, "order:" + order->status};
      }
    }
  }
  if (!past_window.empty()) {
    // After the window the order no longer makes it after-sales: a question about an old
    // parcel is a new sale's business (or a keyword's, above).
    return {router::stage::pre_sales, {}, past_window};
  }
  if (entry.page_type == "order") {
    return {router::stage::in_sale, {}, "page:order"};
  }
  if (!entry.page_type.empty()) {
    return {router::stage::pre_sales, {}, "page:" + entry.page_type};
  }
  return {router::stage::pre_sales, {}, "default"};
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

bool past_after_sales_window(const shop_config& shop, const demo_order& order,
                             router::time_ms now) {
  if (order.status != "delivered" && order.status != "closed") {
    return false;  // an open refund is after-sales whatever its age
  }
  return order.delivered_at_ms > 0 && now > 0 &&
         now - order.delivered_at_ms > shop.after_sales_window_days * ms_per_day;
}

classification classify(const shop_config& shop, const order_book& orders,
                        std::string_view customer, std::optional<router::stage> requested,
                        const entry_context& entry, std::string_view first_text,
                        router::time_ms now) {
  classification c = by_stage(shop, orders, customer, requested, entry, first_text, now);
  // A page that names no category: the stored product's (shop data) counts.
  if (entry.category.empty() && !entry.product_id.empty()) {
    if (auto product = orders.product(entry.product_id); product && !product->category.empty()) {
      auto with_category = entry;
      with_category.category = product->category;
      add_entry_skills(shop, with_category, c);
      tidy(c);
      return c;
    }
  }
  add_entry_skills(shop, entry, c);
  tidy(c);
  return c;
}

void apply_vip(const shop_config& shop, classification& c) {
  for (auto& s : c.required_skills) {
    s.level = std::min(5, s.level + shop.vip_level_bump);
  }
  if (!shop.vip_skill.empty()) {
    add(c, {shop.vip_skill, 1}, false);
  }
  tidy(c);
}

}  // namespace fenliu::gateway
