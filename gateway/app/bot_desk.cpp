#include "gateway/app/bot_desk.hpp"

#include <algorithm>

namespace fenliu::gateway {
namespace {

void add_skills(std::vector<router::skill_level>& to, const std::vector<router::skill_level>& add) {
  for (const auto& s : add) {
    if (std::none_of(to.begin(), to.end(), [&](const auto& r) { return r.skill == s.skill; })) {
      to.push_back(s);
    }
  }
}

}  // namespace

bot_desk::conversation_state::conversation_state(const shop_config& shop)
    : policy(shop.bot), risk(assist::conversation_settings(shop.risk)) {}

bot_desk::bot_desk(const shop_config& shop)
    : shop_(shop),
      matcher_(std::make_shared<const assist::faq_matcher>(shop.faq, shop.bot)),
      scorer_(shop.risk) {}

std::shared_ptr<const assist::faq_matcher> bot_desk::matcher() const {
  std::lock_guard lock(mutex_);
  return matcher_;
}

void bot_desk::reload_faq(std::vector<assist::faq_entry> faq) {
  auto next = std::make_shared<const assist::faq_matcher>(std::move(faq), shop_.bot);
  std::lock_guard lock(mutex_);
  matcher_ = std::move(next);
}

assist::bot_mode bot_desk::mode_for(router::stage s) const {
  // A bot without FAQ entries has nothing to say first: people answer.
  if (matcher()->entries().empty()) {
    return assist::bot_mode::human_first;
  }
  if (peak_bot_first_) {
    return assist::bot_mode::bot_first;
  }
  return shop_.bot.mode[static_cast<int>(s)];
}

bot_desk::conversation_state& bot_desk::state_of(router::conversation_id id) {
  return conversations_.try_emplace(id, shop_).first->second;
}

void bot_desk::enter(router::conversation_id id, router::event::conversation_requested request,
                     std::string order_id) {
  std::lock_guard lock(mutex_);
  auto& c = state_of(id);
  c.serving = true;
  c.standby = false;
  c.forced = peak_bot_first_;
  c.stage = request.stage_;
  c.request = std::move(request);
  c.order_id = std::move(order_id);
}

void bot_desk::standby(router::conversation_id id, router::stage s, std::string order_id) {
  if (mode_for(s) != assist::bot_mode::bot_off_shift_only) {
    return;
  }
  std::lock_guard lock(mutex_);
  auto& c = state_of(id);
  c.serving = true;
  c.standby = true;
  c.stage = s;
  c.order_id = std::move(order_id);
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

void bot_desk::hand_over(conversation_state& c, bot_turn& turn) {
  c.serving = false;
  const auto& d = turn.decision;
  c.handed_over = c.summary.build(d.reason, c.order_id, d.stage, d.skills);
  if (c.standby) {
    turn.what = bot_turn::kind::off_shift;  // the router holds it as a left message already
    return;
  }
  turn.what = bot_turn::kind::handover;
  turn.request = c.request;
  if (d.stage && *d.stage != turn.request.stage_) {
    turn.request.stage_ = *d.stage;
    turn.request.required_skills.clear();  // skills are stage-specific
    turn.request.optional_skills.clear();
  }
  add_skills(turn.request.required_skills, d.skills);
}

bot_turn bot_desk::on_customer_text(router::conversation_id id, std::string_view text,
                                    router::time_ms now, const assist::order_facts* order) {
  bot_turn turn;
  turn.risk = scorer_.score(text);
  // Matching reads only immutable state: done before taking the lock.
  const bool may_serve = serving(id);
  if (may_serve) {
    turn.match = matcher()->match(text, order);
  }
  std::lock_guard lock(mutex_);
  auto& c = state_of(id);
  turn.level = c.risk.on_customer_message(turn.risk, now);
  c.last_risk = turn.level.level;
  if (!may_serve || !c.serving) {
    return turn;
  }
  const assist::bot_context context{c.stage, false, !c.standby, now, c.forced};
  if (turn.level.alert) {
    // An angry buyer is not kept with the bot: a person takes over at once.
    turn.decision = c.policy.on_handover_button(context);
    turn.decision.reason = "risk";
    c.summary.add(turn.match, false);
    hand_over(c, turn);
    return turn;
  }
  turn.decision = c.policy.on_buyer_message(context, turn.match);
  c.summary.add(turn.match, turn.decision.action == assist::bot_action::answer);
  switch (turn.decision.action) {
    case assist::bot_action::answer:
      turn.what = bot_turn::kind::answer;
      break;
    case assist::bot_action::handover:
      hand_over(c, turn);
      break;
    case assist::bot_action::stay_silent:
      if (turn.decision.reason == assist::bot_reason::not_understood) {
        turn.what = bot_turn::kind::fallback;
      } else if (turn.decision.reason == assist::bot_reason::nothing_to_answer &&
                 turn.match.intent == assist::intent_name::greeting) {
        turn.what = bot_turn::kind::greeting;
      }
      break;
  }
  return turn;
}

void bot_desk::on_reply(router::conversation_id id, router::time_ms now) {
  std::lock_guard lock(mutex_);
  if (auto it = conversations_.find(id); it != conversations_.end()) {
    it->second.risk.on_reply(now);
  }
}

std::optional<router::event::conversation_requested> bot_desk::request_human(
    router::conversation_id id, router::time_ms now) {
  std::lock_guard lock(mutex_);
  auto it = conversations_.find(id);
  if (it == conversations_.end() || !it->second.serving || it->second.standby) {
    return std::nullopt;
  }
  auto& c = it->second;
  bot_turn turn;
  turn.decision = c.policy.on_handover_button({c.stage, false, true, now, c.forced});
  if (turn.decision.action != assist::bot_action::handover) {
    return std::nullopt;
  }
  hand_over(c, turn);
  return turn.request;
}

std::optional<assist::handover_summary> bot_desk::take_summary(router::conversation_id id,
                                                               double* risk) {
  std::lock_guard lock(mutex_);
  auto it = conversations_.find(id);
  if (it == conversations_.end() || !it->second.handed_over) {
    return std::nullopt;
  }
  auto summary = std::move(*it->second.handed_over);
  it->second.handed_over.reset();
  if (risk != nullptr) {
    *risk = it->second.last_risk;
  }
  return summary;
}

}  // namespace fenliu::gateway
