#include "fenliu/assist/bot_policy.hpp"

#include <algorithm>

namespace fenliu::assist {

bot_policy::bot_policy(const bot_config& config) : config_(config) {}

void bot_policy::reset() {
  unanswered_ = 0;
  handed_over_ = false;
  hint_stage_.reset();
  hint_skills_.clear();
  answered_.clear();
}

std::optional<std::string> bot_policy::silent_reason(const bot_context& c) const {
  // The bot never speaks while a person is assigned, nor once it has handed over.
  if (c.person_assigned) {
    return bot_reason::person_assigned;
  }
  if (handed_over_) {
    return bot_reason::handed_over;
  }
  const bot_mode mode =
      c.forced_bot_first ? bot_mode::bot_first : config_.mode[static_cast<int>(c.stage)];
  if (mode == bot_mode::human_first) {
    return bot_reason::human_first;
  }
  if (mode == bot_mode::bot_off_shift_only && c.stage_on_shift) {
    return bot_reason::on_shift;
  }
  return std::nullopt;
}

bot_decision bot_policy::hand_over(const bot_context& c, std::string reason,
                                   std::optional<router::stage> stage,
                                   std::vector<router::skill_level> skills) {
  bot_decision d;
  d.action = bot_action::handover;
  d.reason = std::move(reason);
  if (!stage) {
    stage = hint_stage_;
    skills = hint_skills_;
  }
  d.stage = stage;
  d.skills = std::move(skills);
  // The bot answered these, and the buyer still wants a person: the answers did not help.
  for (const auto& [text, faq_id] : answered_) {
    d.records.push_back({text, c.stage, c.now, unanswered_reason::answered_then_handover, faq_id});
  }
  answered_.clear();
  handed_over_ = true;
  unanswered_ = 0;
  return d;
}

bot_decision bot_policy::on_handover_button(const bot_context& c) {
  if (auto why = silent_reason(c)) {
    bot_decision d;
    d.reason = *why;
    return d;
  }
  return hand_over(c, bot_reason::button, std::nullopt, {});
}

bot_decision bot_policy::on_buyer_message(const bot_context& c, const match_result& m) {
  if (m.stage) {
    hint_stage_ = m.stage;
    hint_skills_ = m.skills;
  }
  bot_decision d;
  if (auto why = silent_reason(c)) {
    d.reason = *why;
    return d;
  }
  if (m.handover) {
    const std::string reason =
        m.intent == intent_name::handover ? std::string(bot_reason::asked_for_person) : m.intent;
    return hand_over(c, reason, m.stage, m.skills);
  }
  if (m.faq_id) {
    d.action = bot_action::answer;
    d.reason =
        m.intent == intent_name::order_status ? bot_reason::order_status : bot_reason::answered;
    d.faq_id = m.faq_id;
    d.answer_zh = m.answer_zh;
    d.answer_en = m.answer_en;
    d.quick_replies = m.quick_replies;
    answered_.emplace_back(m.text, *m.faq_id);
    unanswered_ = 0;
    return d;
  }
  if (m.intent == intent_name::greeting || m.intent == intent_name::thanks) {
    d.reason = bot_reason::nothing_to_answer;
    return d;
  }
  ++unanswered_;
  d.records.push_back({m.text, c.stage, c.now, unanswered_reason::not_answered, {}});
  if (unanswered_ >= std::max(1, config_.handover_after_unanswered)) {
    bot_decision h = hand_over(c, bot_reason::unanswered_limit, std::nullopt, {});
    h.records.insert(h.records.begin(), d.records.begin(), d.records.end());
    return h;
  }
  d.reason = bot_reason::not_understood;
  return d;
}

}  // namespace fenliu::assist
