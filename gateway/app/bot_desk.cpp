#include "gateway/app/bot_desk.hpp"

#include <algorithm>

namespace fenliu::gateway {
namespace {

constexpr std::size_t summary_items_max = 8;

void add_once(std::vector<std::string>& list, const std::string& item) {
  if (item.empty() || std::find(list.begin(), list.end(), item) != list.end()) {
    return;
  }
  if (list.size() < summary_items_max) {
    list.push_back(item);
  }
}

bool is_plain_faq_intent(const std::string& intent) {
  return intent == assist::intent_name::none || intent == assist::intent_name::faq ||
         intent == assist::intent_name::greeting;
}

}  // namespace

bot_desk::bot_desk(const shop_config& shop)
    : shop_(shop), matcher_(shop.faq, shop.bot), scorer_(shop.risk) {}

assist::bot_mode bot_desk::mode_for(router::stage s) const {
  // A bot without FAQ entries has nothing to say first: people answer.
  if (shop_.faq.empty()) {
    return assist::bot_mode::human_first;
  }
  return shop_.bot.mode[static_cast<int>(s)];
}

bot_desk::conversation_state& bot_desk::state_of(router::conversation_id id) {
  return conversations_[id];
}

void bot_desk::enter(router::conversation_id id, router::event::conversation_requested request,
                     std::string order_id) {
  std::lock_guard lock(mutex_);
  auto& c = state_of(id);
  c.serving = true;
  c.standby = false;
  c.request = std::move(request);
  c.summary.order_id = std::move(order_id);
}

void bot_desk::standby(router::conversation_id id, router::stage s, std::string order_id) {
  if (mode_for(s) != assist::bot_mode::bot_off_shift_only) {
    return;
  }
  std::lock_guard lock(mutex_);
  auto& c = state_of(id);
  c.serving = true;
  c.standby = true;
  c.request.stage_ = s;
  c.summary.order_id = std::move(order_id);
}

void bot_desk::step_aside(router::conversation_id id) {
  std::lock_guard lock(mutex_);
  if (auto it = conversations_.find(id); it != conversations_.end()) {
    it->second.serving = false;
  }
}

void bot_desk::forget(router::conversation_id id) {
  std::lock_guard lock(mutex_);
  conversations_.erase(id);
}

bool bot_desk::serving(router::conversation_id id) const {
  std::lock_guard lock(mutex_);
  auto it = conversations_.find(id);
  return it != conversations_.end() && it->second.serving;
}

void bot_desk::hand_over(conversation_state& c, bot_turn& turn, const std::string& reason) {
  turn.handover_reason = reason;
  c.summary.reason = reason;
  c.serving = false;
  if (c.standby) {
    // Nobody of the stage is on shift: the router keeps the chat as a left message already.
    turn.what = bot_turn::kind::off_shift;
    return;
  }
  turn.what = bot_turn::kind::handover;
  turn.request = c.request;
  if (turn.match.stage) {
    turn.request.stage_ = *turn.match.stage;
  }
  for (const auto& s : turn.match.skills) {
    auto& req = turn.request.required_skills;
    if (std::none_of(req.begin(), req.end(), [&](const auto& r) { return r.skill == s.skill; })) {
      req.push_back(s);
    }
  }
}

bot_turn bot_desk::on_customer_text(router::conversation_id id, std::string_view text,
                                    time_ms now, const assist::order_facts* order) {
  (void)now;
  bot_turn turn;
  turn.risk = scorer_.score(text);
  // Matching reads only immutable state: done before taking the lock.
  const bool may_serve = serving(id);
  if (may_serve) {
    turn.match = matcher_.match(text, order);
  }
  std::lock_guard lock(mutex_);
  auto& c = state_of(id);
  // Conversation risk: each unhappy turn adds to it and a calm one lets it fade, so repeated
  // complaints cross the threshold even when no single message does; a trigger word (差评,
  // 投诉, 12315, ...) is enough on its own.
  const double negative = std::max(0.0, -turn.risk.score);
  c.risk = std::min(1.0, c.risk * (negative > 0 ? 1.0 : 0.7) + negative * 0.5 +
                             (turn.risk.triggers.empty() ? 0.0 : 0.6));
  turn.conversation_risk = c.risk;
  c.summary.risk = c.risk;
  if (!c.alerted && (c.risk >= shop_.risk.conversation_threshold ||
                     (turn.risk.risky && !turn.risk.triggers.empty()))) {
    c.alerted = true;
    turn.alert = true;
  }
  if (!may_serve || !c.serving) {
    return turn;
  }
  c.spoke = true;
  const auto& m = turn.match;
  add_once(c.summary.intents, is_plain_faq_intent(m.intent) ? std::string{} : m.intent);
  if (turn.alert) {
    hand_over(c, turn, "risk");
  } else if (m.handover) {
    hand_over(c, turn, m.intent == assist::intent_name::handover ? "asked" : "intent");
  } else if (m.faq_id) {
    c.unanswered_in_row = 0;
    add_once(c.summary.answered_faq_ids, *m.faq_id);
    turn.what = bot_turn::kind::answer;
  } else {
    add_once(c.summary.unanswered, std::string(text));
    if (++c.unanswered_in_row >= std::max(1, shop_.bot.handover_after_unanswered)) {
      hand_over(c, turn, "unanswered");
    } else {
      turn.what = bot_turn::kind::fallback;
    }
  }
  return turn;
}

std::optional<router::event::conversation_requested> bot_desk::request_human(
    router::conversation_id id) {
  std::lock_guard lock(mutex_);
  auto it = conversations_.find(id);
  if (it == conversations_.end() || !it->second.serving || it->second.standby) {
    if (it != conversations_.end()) {
      it->second.serving = false;
    }
    return std::nullopt;
  }
  auto& c = it->second;
  c.serving = false;
  c.spoke = true;
  c.summary.reason = "asked";
  add_once(c.summary.intents, assist::intent_name::handover);
  return c.request;
}

std::optional<handover_summary> bot_desk::take_summary(router::conversation_id id) {
  std::lock_guard lock(mutex_);
  auto it = conversations_.find(id);
  if (it == conversations_.end() || !it->second.spoke) {
    return std::nullopt;
  }
  it->second.spoke = false;
  return it->second.summary;
}

}  // namespace fenliu::gateway
