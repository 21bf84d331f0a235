#include "golden_messages.hpp"

namespace fenliu::golden {
namespace {

constexpr std::uint64_t big_id = 9007199254740991ULL;  // 2^53 - 1
constexpr std::int64_t t0 = 1790000000123;

named<v1::ClientEnvelope> with_id(std::string name, std::uint64_t request_id,
                                  v1::ClientEnvelope e) {
  e.set_request_id(request_id);
  return {std::move(name), std::move(e)};
}

named<v1::ClientEnvelope> send_text() {
  v1::ClientEnvelope e;
  auto* s = e.mutable_send_message();
  s->set_conversation_id(big_id);
  s->set_client_msg_id("c-lq2-1");
  s->mutable_content()->set_text("你好 héllo 👋");
  s->set_client_time_ms(t0);
  return with_id("send_message", 21, e);
}

named<v1::ClientEnvelope> whisper() {
  v1::ClientEnvelope e;
  auto* s = e.mutable_send_message();
  s->set_conversation_id(42);
  s->set_client_msg_id("c-lq2-2");
  s->mutable_content()->set_text("先核对订单号");
  s->set_whisper(true);
  s->set_client_time_ms(t0);
  return with_id("send_message_whisper", 22, e);
}

named<v1::ClientEnvelope> start() {
  v1::ClientEnvelope e;
  auto* s = e.mutable_start_conversation();
  s->mutable_entry()->set_page_type("order");
  s->mutable_entry()->set_product_id("P-100");
  s->mutable_entry()->set_order_id("O-20261201-88");
  s->set_requested_stage(v1::STAGE_AFTER_SALES);
  s->set_first_text("杯子漏水 the cup leaks");
  s->set_client_msg_id("c-lq2-0");
  return with_id("start_conversation", 1, e);
}

named<v1::ClientEnvelope> resume() {
  v1::ClientEnvelope e;
  e.mutable_resume()->set_conversation_id(300);
  e.mutable_resume()->set_last_seq(1);
  return with_id("resume", 2, e);
}

named<v1::ClientEnvelope> typing() {
  v1::ClientEnvelope e;
  e.mutable_typing()->set_conversation_id(42);
  e.mutable_typing()->set_typing(true);
  return {"typing", e};  // fire and forget: no request id
}

// Read receipts (part "receipts").
named<v1::ClientEnvelope> mark_read() {
  v1::ClientEnvelope e;
  e.mutable_mark_read()->set_conversation_id(42);
  e.mutable_mark_read()->set_seq(11);
  return with_id("mark_read", 25, e);
}

named<v1::ClientEnvelope> ping() {
  v1::ClientEnvelope e;
  e.mutable_ping()->set_client_time_ms(-5);
  return with_id("ping", 3, e);
}

named<v1::ClientEnvelope> leave_message() {
  v1::ClientEnvelope e;
  auto* l = e.mutable_leave_message();
  l->set_conversation_id(42);
  l->set_text("请回电 please call back");
  l->set_contact("+86 138 0000 0000");
  return with_id("leave_message", 4, e);
}

named<v1::ClientEnvelope> rate() {
  v1::ClientEnvelope e;
  auto* r = e.mutable_rate();
  r->set_conversation_id(42);
  r->set_stars(5);
  r->set_comment("很满意 great");
  return with_id("rate", 5, e);
}

named<v1::ClientEnvelope> set_agent_state() {
  v1::ClientEnvelope e;
  e.mutable_set_agent_state()->set_state(v1::AGENT_STATE_BUSY);
  return with_id("set_agent_state", 6, e);
}

named<v1::ClientEnvelope> accept() {
  v1::ClientEnvelope e;
  e.mutable_accept_offer()->set_conversation_id(42);
  return with_id("accept_offer", 7, e);
}

named<v1::ClientEnvelope> decline() {
  v1::ClientEnvelope e;
  e.mutable_decline_offer()->set_conversation_id(42);
  e.mutable_decline_offer()->set_reason("declined");
  return with_id("decline_offer", 8, e);
}

named<v1::ClientEnvelope> close() {
  v1::ClientEnvelope e;
  e.mutable_close_conversation()->set_conversation_id(42);
  return with_id("close_conversation", 9, e);
}

named<v1::ClientEnvelope> mark_awaiting_logistics() {
  v1::ClientEnvelope e;
  e.mutable_mark_awaiting_logistics()->set_conversation_id(42);
  return with_id("mark_awaiting_logistics", 24, e);
}

named<v1::ClientEnvelope> transfer_stage() {
  v1::ClientEnvelope e;
  auto* t = e.mutable_transfer();
  t->set_conversation_id(42);
  t->mutable_target()->set_stage(v1::STAGE_AFTER_SALES);
  t->set_note("退货 return");
  return with_id("transfer_to_stage", 10, e);
}

named<v1::ClientEnvelope> transfer_agent() {
  v1::ClientEnvelope e;
  auto* t = e.mutable_transfer();
  t->set_conversation_id(42);
  t->mutable_target()->set_agent_id("a-zhao");
  return with_id("transfer_to_agent", 11, e);
}

named<v1::ClientEnvelope> fetch_history() {
  v1::ClientEnvelope e;
  auto* f = e.mutable_fetch_history();
  f->set_conversation_id(42);
  f->set_before_seq(31);
  f->set_limit(20);
  return with_id("fetch_history", 12, e);
}

named<v1::ClientEnvelope> fetch_profile() {
  v1::ClientEnvelope e;
  e.mutable_fetch_profile()->set_conversation_id(42);
  return with_id("fetch_profile", 13, e);
}

named<v1::ClientEnvelope> fetch_quick_phrases() {
  v1::ClientEnvelope e;
  e.mutable_fetch_quick_phrases()->set_conversation_id(42);
  return with_id("fetch_quick_phrases", 26, e);
}

named<v1::ClientEnvelope> save_quick_phrase() {
  v1::ClientEnvelope e;
  auto* p = e.mutable_save_quick_phrase()->mutable_phrase();
  p->set_group("物流");
  p->set_shortcut("wl");
  p->set_text("订单{order_id}{order_status}");
  return with_id("save_quick_phrase", 27, e);
}

named<v1::ClientEnvelope> delete_quick_phrase() {
  v1::ClientEnvelope e;
  e.mutable_delete_quick_phrase()->set_id("p-00000000002a");
  return with_id("delete_quick_phrase", 28, e);
}

named<v1::ClientEnvelope> edit_customer_tags() {
  v1::ClientEnvelope e;
  auto* t = e.mutable_edit_customer_tags();
  t->set_conversation_id(42);
  t->add_add("老客户");
  t->add_add("急单");
  t->add_remove("vip");
  return with_id("edit_customer_tags", 29, e);
}

named<v1::ClientEnvelope> add_customer_note() {
  v1::ClientEnvelope e;
  e.mutable_add_customer_note()->set_conversation_id(42);
  e.mutable_add_customer_note()->set_text("脚宽，推荐大半码");
  return with_id("add_customer_note", 30, e);
}

named<v1::ClientEnvelope> fetch_suggestions() {
  v1::ClientEnvelope e;
  e.mutable_fetch_suggestions()->set_conversation_id(big_id);
  return with_id("fetch_suggestions", 31, e);
}

named<v1::ClientEnvelope> fetch_products() {
  v1::ClientEnvelope e;
  e.mutable_fetch_products()->set_query("保温");
  e.mutable_fetch_products()->set_limit(20);
  return with_id("fetch_products", 32, e);
}

// The floor (issue #11).
named<v1::ClientEnvelope> ack_alert() {
  v1::ClientEnvelope e;
  e.mutable_ack_alert()->set_alert_id(1790000000123000ULL);
  return with_id("ack_alert", 40, e);
}

named<v1::ClientEnvelope> fetch_alerts() {
  v1::ClientEnvelope e;
  e.mutable_fetch_alerts()->set_include_acknowledged(true);
  e.mutable_fetch_alerts()->set_limit(100);
  return with_id("fetch_alerts", 41, e);
}

named<v1::ClientEnvelope> fetch_qa_checklist() {
  v1::ClientEnvelope e;
  e.mutable_fetch_qa_checklist();
  return with_id("fetch_qa_checklist", 42, e);
}

named<v1::ClientEnvelope> fetch_qa_reviews() {
  v1::ClientEnvelope e;
  e.mutable_fetch_qa_reviews()->set_agent_id("a-li");
  e.mutable_fetch_qa_reviews()->set_limit(20);
  return with_id("fetch_qa_reviews", 43, e);
}

named<v1::ClientEnvelope> subscribe_board() {
  v1::ClientEnvelope e;
  e.mutable_subscribe_board()->set_subscribe(true);
  return with_id("subscribe_board", 14, e);
}

named<v1::ClientEnvelope> subscribe_board_empty() {
  v1::ClientEnvelope e;
  e.mutable_subscribe_board();  // an empty sub-message still selects its oneof case
  return with_id("subscribe_board_empty", 15, e);
}

named<v1::ClientEnvelope> monitor() {
  v1::ClientEnvelope e;
  e.mutable_monitor()->set_conversation_id(42);
  e.mutable_monitor()->set_monitor(true);
  return with_id("monitor", 16, e);
}

named<v1::ClientEnvelope> barge() {
  v1::ClientEnvelope e;
  e.mutable_barge()->set_conversation_id(42);
  return with_id("barge", 17, e);
}

named<v1::ClientEnvelope> force_transfer() {
  v1::ClientEnvelope e;
  auto* f = e.mutable_force_transfer();
  f->set_conversation_id(42);
  f->mutable_target()->set_agent_id("a-zhao");
  f->set_note("主管指派 supervisor's choice");
  return with_id("force_transfer", 18, e);
}

named<v1::ClientEnvelope> fetch_qa_sample() {
  v1::ClientEnvelope e;
  e.mutable_fetch_qa_sample()->set_limit(50);
  e.mutable_fetch_qa_sample()->set_stage(v1::STAGE_PRE_SALES);
  return with_id("fetch_qa_sample", 19, e);
}

named<v1::ClientEnvelope> fetch_transcript() {
  v1::ClientEnvelope e;
  e.mutable_fetch_transcript()->set_conversation_id(40);
  return with_id("fetch_transcript", 20, e);
}

named<v1::ClientEnvelope> submit_qa_review() {
  v1::ClientEnvelope e;
  auto* r = e.mutable_submit_qa_review();
  r->set_conversation_id(40);
  const std::pair<const char*, std::uint32_t> scores[] = {
      {"greeting", 5}, {"accuracy", 4}, {"tone", 5}, {"resolution", 3}};
  for (const auto& [item, score] : scores) {
    auto* s = r->add_scores();
    s->set_item(item);
    s->set_score(score);
  }
  r->set_comment("回复及时 quick replies");
  return with_id("submit_qa_review", 23, e);
}

}  // namespace

std::vector<named<v1::ClientEnvelope>> client_envelopes() {
  return {send_text(),
          whisper(),
          start(),
          resume(),
          typing(),
          mark_read(),
          ping(),
          leave_message(),
          rate(),
          set_agent_state(),
          accept(),
          decline(),
          close(),
          mark_awaiting_logistics(),
          transfer_stage(),
          transfer_agent(),
          fetch_history(),
          fetch_profile(),
          fetch_quick_phrases(),
          save_quick_phrase(),
          delete_quick_phrase(),
          edit_customer_tags(),
          add_customer_note(),
          fetch_suggestions(),
          fetch_products(),
          subscribe_board(),
          subscribe_board_empty(),
          monitor(),
          barge(),
          force_transfer(),
          fetch_qa_sample(),
          fetch_transcript(),
          submit_qa_review(),
          ack_alert(),
          fetch_alerts(),
          fetch_qa_checklist(),
          fetch_qa_reviews()};
}

}  // namespace fenliu::golden
