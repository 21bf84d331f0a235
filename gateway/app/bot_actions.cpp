#include "gateway/app/bot_actions.hpp"

#include "gateway/app/handlers.hpp"
#include "gateway/protocol/bot_frames.hpp"
#include "gateway/protocol/encode.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <fmt/ranges.h>
#include <functional>

namespace fenliu::gateway::bot {
namespace {

// What the bot says when it does not answer from an FAQ entry (Chinese first, English second).
struct canned {
  const char* zh;
  const char* en;
};
constexpr canned not_understood{
    "抱歉，这个问题我还不太明白😅 您可以换个说法，或点击「转人工」找客服小二。",
    "Sorry, I did not quite get that. Try asking another way, or tap \"talk to a person\"."};
constexpr canned connecting{"好的，马上为您转接人工客服，请稍候～",
                            "Sure, connecting you to a person now, one moment please."};
constexpr canned connecting_risk{
    "非常抱歉给您带来不好的体验，已为您优先转接专属客服处理，请稍候。",
    "We are very sorry for the trouble. A dedicated agent will take over right away."};
constexpr canned hello{"亲，您好！我是智能客服，请问有什么可以帮您？需要人工请点「转人工」。",
                       "Hello! I am the shop's assistant. How can I help? Tap \"talk to a person\" "
                       "any time."};
constexpr canned nobody_on_shift{
    "现在人工客服不在线，您的消息已为您留言，客服上班后会第一时间回复您。",
    "No agent is on shift right now. Your message is saved, and an agent will reply as soon as "
    "the shift starts."};

// Stores a bot message and, once committed, sends it to everyone in the conversation, then
// runs `then` (on the store's thread): a handover routes only after its notice is stored, so
// the agent who takes the chat reads the whole bot exchange.
void store_bot_message(services& svc, store::conversation_id id, const bot_answer& answer,
                       std::function<void()> then = {}) {
  auto msg = bot_message(id, answer, now_ms());
  auto on_commit = [&svc, id, msg, then = std::move(then)](std::error_code ec,
                                                          store::append_result r) {
    if (then) {
      then();  // routing must not wait on a message the store could not take
    }
    if (ec) {
      spdlog::warn("bot answer not stored conversation={}: {}", id, ec.message());
      return;
    }
    if (r.duplicate) {
      return;  // answered before (a retried question): delivered then
    }
    svc.metrics.message_stored();
    auto m = handlers::stored_form(msg);
    m.seq = r.seq;
    m.created_at = r.created_at;
    svc.hub.fan_out(id, encode_message(m), false, nullptr);
  };
  if (svc.store.append(std::move(msg), on_commit)) {
    spdlog::warn("bot answer dropped conversation={}: store queue full", id);
    on_commit(make_error_code(store::errc::queue_full), {});
  }
}

bot_answer answer_of(const bot_turn& turn, store::seq_t question_seq, std::string question,
                     router::stage stage) {
  bot_answer a;
  a.question_seq = question_seq;
  a.question = std::move(question);
  a.intent = turn.match.intent;
  a.confidence = turn.match.confidence;
  a.stage = stage;
  return a;
}

void say(bot_answer& a, const canned& text, const char* outcome) {
  a.text_zh = text.zh;
  a.text_en = text.en;
  a.outcome = outcome;
}

// The conversation leaves the bot: it is routed like any new chat, by the intent's stage and
// skills, and its bot exchange stays in its history.
void route_now(services& svc, store::conversation_id id,
               router::event::conversation_requested request) {
  request.conversation = id;
  svc.hub.update(id, [&](conversation_entry& c) {
    c.state = store::conversation_state::queued;
    c.stage = request.stage_;
  });
  svc.router.post(std::move(request));
}

void escalate_risk(services& svc, store::conversation_id id, const bot_turn& turn) {
  svc.metrics.risk_alert();
  const auto& risk = svc.config.shop.risk;
  router::event::risk_escalated ev;
  ev.conversation = id;
  ev.reroute = risk.action == assist::risk_action::reroute ||
               risk.action == assist::risk_action::reroute_and_raise;
  ev.raise_priority = risk.action == assist::risk_action::raise_priority ||
                      risk.action == assist::risk_action::reroute_and_raise;
  ev.to_stage = router::stage::after_sales;
  for (const auto& skill : risk.reroute_skills) {
    ev.required_skills.push_back({skill, 1});
  }
  ev.triggers = turn.risk.triggers;
  ev.risk = turn.level.level;
  ev.text = fmt::format("投诉风险 {:.0f}% · complaint risk", turn.level.level * 100);
  if (!turn.risk.triggers.empty()) {
    ev.text += fmt::format(" ({})", fmt::join(turn.risk.triggers, ", "));
  }
  svc.router.post(std::move(ev));
}

assist::order_facts facts_of(const demo_order& o) {
  return {o.id, o.status, o.carrier, o.tracking};
}

void handle_turn(services& svc, store::conversation_id id, store::seq_t seq,
                 const std::string& text) {
  auto c = svc.hub.conversation(id);
  if (!c) {
    return;
  }
  std::optional<demo_order> order =
      c->order_id.empty() ? svc.orders.only_order_of(c->customer) : svc.orders.find(c->order_id);
  if (order && order->customer_id != c->customer) {
    order.reset();  // an order page of someone else's order tells nothing about this buyer
  }
  const auto facts = order ? std::optional(facts_of(*order)) : std::nullopt;
  const auto turn = svc.bot.on_customer_text(id, text, now_ms(), facts ? &*facts : nullptr);
  auto answer = answer_of(turn, seq, text, c->stage);
  const bool risk_handover = turn.decision.reason == "risk";
  switch (turn.what) {
    case bot_turn::kind::silent:
      break;
    case bot_turn::kind::answer:
      answer.faq_id = turn.decision.faq_id.value_or("");
      answer.text_zh = turn.decision.answer_zh;
      answer.text_en = turn.decision.answer_en;
      answer.quick_replies = turn.decision.quick_replies;
      answer.outcome = "answered";
      svc.metrics.bot_answer(metrics::bot_outcome::answered);
      store_bot_message(svc, id, answer);
      break;
    case bot_turn::kind::fallback:
      say(answer, not_understood, "unanswered");
      svc.metrics.bot_answer(metrics::bot_outcome::unanswered);
      store_bot_message(svc, id, answer);
      break;
    case bot_turn::kind::greeting:
      say(answer, hello, "greeting");
      svc.metrics.bot_answer(metrics::bot_outcome::greeting);
      store_bot_message(svc, id, answer);
      break;
    case bot_turn::kind::handover:
      say(answer, risk_handover ? connecting_risk : connecting, "handover");
      svc.metrics.bot_answer(metrics::bot_outcome::handover);
      svc.metrics.bot_handover();
      answer.offers_handover = false;
      answer.handover_reason = turn.decision.reason;
      store_bot_message(svc, id, answer,
                        [&svc, id, request = turn.request] { route_now(svc, id, request); });
      break;
    case bot_turn::kind::off_shift:
      say(answer, nobody_on_shift, "handover");
      svc.metrics.bot_answer(metrics::bot_outcome::handover);
      answer.offers_handover = false;
      answer.handover_reason = turn.decision.reason;
      store_bot_message(svc, id, answer);
      break;
  }
  if (turn.what != bot_turn::kind::silent) {
    svc.bot.on_reply(id, now_ms());
  }
  if (turn.level.alert) {
    escalate_risk(svc, id, turn);
  }
}

}  // namespace

bool starts_with_bot(const services& svc, router::stage stage) {
  return svc.bot.mode_for(stage) == assist::bot_mode::bot_first;
}

void after_customer_text(services& svc, store::conversation_id id, store::seq_t seq,
                         std::string text) {
  boost::asio::post(svc.io, [&svc, id, seq, text = std::move(text)] {
    handle_turn(svc, id, seq, text);
  });
}

void request_human(services& svc, store::conversation_id id) {
  auto request = svc.bot.request_human(id, now_ms());
  if (!request) {
    return;
  }
  bot_answer a;
  a.question_seq = 0;
  a.intent = assist::intent_name::handover;
  a.confidence = 1;
  a.offers_handover = false;
  if (auto c = svc.hub.conversation(id)) {
    a.stage = c->stage;
  }
  say(a, connecting, "handover");
  svc.metrics.bot_handover();
  a.handover_reason = assist::bot_reason::button;
  // question_seq 0 makes its client_msg_id fixed per conversation: said once at most.
  store_bot_message(svc, id, a, [&svc, id, request = std::move(*request)] {
    route_now(svc, id, request);
  });
}

}  // namespace fenliu::gateway::bot
