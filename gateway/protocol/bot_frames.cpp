#include "gateway/protocol/bot_frames.hpp"

#include "gateway/protocol/protocol.hpp"

namespace fenliu::gateway {

store::new_message bot_message(store::conversation_id id, const bot_answer& a,
                               std::int64_t now_ms) {
  v1::MessageContent content;
  auto* bot = content.mutable_bot();
  bot->set_faq_id(a.faq_id);
  bot->set_text(a.text_zh);
  bot->set_text_en(a.text_en);
  bot->set_offers_handover(a.offers_handover);
  for (const auto& q : a.quick_replies) {
    bot->add_quick_replies(q);
  }
  bot->set_confidence(a.confidence);
  bot->set_outcome(a.outcome);
  bot->set_question_seq(a.question_seq);
  bot->set_question(a.question);
  bot->set_intent(a.intent);
  bot->set_stage(to_v1(a.stage));
  bot->set_handover_reason(a.handover_reason);
  store::new_message m;
  m.conversation = id;
  m.role = store::sender_role::bot;
  m.sender_id = bot_sender_id;
  m.client_msg_id = "bot-q" + std::to_string(a.question_seq);
  m.kind = store::message_kind::bot_answer;
  m.payload = content.SerializeAsString();
  m.created_at = now_ms;
  return m;
}

void to_v1(const assist::handover_summary& in, double risk, v1::HandoverSummary& out) {
  out.set_reason(in.reason);
  for (const auto& i : in.intents) {
    out.add_intents(i);
  }
  out.set_order_id(in.order_id);
  for (const auto& q : in.unanswered) {
    out.add_unanswered(q);
  }
  for (const auto& a : in.answered) {
    out.add_answered_faq_ids(a.faq_id);
    out.add_answered_questions(a.text);
  }
  out.set_risk(risk);
  out.set_last_message(in.last_message);
  out.set_text(in.to_text());
}

std::optional<bot_answer> read_bot_answer(const store::stored_message& m) {
  v1::MessageContent content;
  if (m.kind != store::message_kind::bot_answer ||
      !content.ParseFromString(m.payload) || !content.has_bot()) {
    return std::nullopt;
  }
  const auto& b = content.bot();
  bot_answer a;
  a.faq_id = b.faq_id();
  a.text_zh = b.text();
  a.text_en = b.text_en();
  a.offers_handover = b.offers_handover();
  a.quick_replies.assign(b.quick_replies().begin(), b.quick_replies().end());
  a.confidence = b.confidence();
  a.outcome = b.outcome();
  a.question_seq = b.question_seq();
  a.question = b.question();
  a.intent = b.intent();
  a.handover_reason = b.handover_reason();
  a.stage = from_v1(b.stage()).value_or(router::stage::pre_sales);
  return a;
}

}  // namespace fenliu::gateway
