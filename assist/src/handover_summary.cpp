#include "fenliu/assist/handover_summary.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "fenliu/assist/text_normalizer.hpp"

namespace fenliu::assist {
namespace {

// Cuts at a code point, never inside a UTF-8 sequence.
std::string clip(const std::string& text, std::size_t max_chars) {
  const std::u32string cps = decode_utf8(text);
  if (cps.size() <= max_chars) {
    return text;
  }
  return encode_utf8(std::u32string_view(cps).substr(0, max_chars)) + "…";
}

template <class T>
void push_bounded(std::vector<T>& v, T item, std::size_t max_items) {
  v.push_back(std::move(item));
  if (v.size() > max_items) {
    v.erase(v.begin());
  }
}

const char* stage_name(router::stage s) {
  switch (s) {
    case router::stage::pre_sales:
      return "售前";
    case router::stage::in_sale:
      return "售中";
    case router::stage::after_sales:
      return "售后";
  }
  return "";
}

}  // namespace

handover_summary_builder::handover_summary_builder(std::size_t max_items, std::size_t max_chars)
    : max_items_(std::max<std::size_t>(1, max_items)), max_chars_(max_chars) {}

void handover_summary_builder::add(const match_result& m, bool answered) {
  const std::string text = clip(m.text, max_chars_);
  draft_.last_message = text;
  const bool routine = m.intent == intent_name::none || m.intent == intent_name::faq ||
                       m.intent == intent_name::greeting || m.intent == intent_name::thanks;
  if (!routine &&
      std::find(draft_.intents.begin(), draft_.intents.end(), m.intent) == draft_.intents.end()) {
    draft_.intents.push_back(m.intent);
  }
  if (answered && m.faq_id) {
    push_bounded(draft_.answered, answered_question{text, *m.faq_id}, max_items_);
  } else if (!m.handover && m.intent != intent_name::greeting && m.intent != intent_name::thanks) {
    push_bounded(draft_.unanswered, text, max_items_);
  }
}

handover_summary handover_summary_builder::build(std::string reason, std::string order_id,
                                                 std::optional<router::stage> stage,
                                                 std::vector<router::skill_level> skills) const {
  handover_summary s = draft_;
  s.reason = std::move(reason);
  s.order_id = std::move(order_id);
  s.stage = stage;
  s.skills = std::move(skills);
  return s;
}

std::string handover_summary::to_text() const {
  std::string out = fmt::format("转人工原因: {}", reason);
  if (!intents.empty()) {
    out += fmt::format("\n意图: {}", fmt::join(intents, ", "));
  }
  if (!order_id.empty()) {
    out += fmt::format("\n订单: {}", order_id);
  }
  if (stage) {
    out += fmt::format("\n分流: {}", stage_name(*stage));
    for (const auto& sk : skills) {
      out += fmt::format(" {}≥{}", sk.skill, sk.level);
    }
  }
  for (const std::string& q : unanswered) {
    out += fmt::format("\n未能回答: {}", q);
  }
  for (const answered_question& a : answered) {
    out += fmt::format("\n已答 [{}]: {}", a.faq_id, a.text);
  }
  return out;
}

}  // namespace fenliu::assist
