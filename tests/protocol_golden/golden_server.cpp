#include "golden_messages.hpp"

namespace fenliu::golden {
namespace {

// 2^53 - 1: the largest id the pages hold exactly as a Number.
constexpr std::uint64_t big_id = 9007199254740991ULL;
constexpr std::int64_t t0 = 1790000000123;

void info(v1::ConversationInfo* c, std::uint64_t id, v1::Stage stage, v1::ConversationState st) {
  c->set_conversation_id(id);
  c->set_stage(stage);
  c->set_state(st);
  c->set_customer_id("v-顾客-7");
  c->set_agent_id(st == v1::CONVERSATION_STATE_QUEUED ? "" : "a-li");
  c->set_last_seq(12);
  c->set_created_at_ms(t0 - 60000);
}

void chat(v1::ChatMessage* m, std::uint64_t seq, v1::Role role, std::string sender) {
  m->set_conversation_id(42);
  m->set_seq(seq);
  m->set_sender_role(role);
  m->set_sender_id(std::move(sender));
  m->set_client_msg_id("c-lq2-" + std::to_string(seq));
  m->set_sent_at_ms(t0 + static_cast<std::int64_t>(seq));
}

void order(v1::OrderCard* o) {
  o->set_order_id("O-20261201-88");
  o->set_status("shipped");
  auto* i = o->add_items();
  i->set_product_id("P-100");
  i->set_title("保温杯 Thermos 500 ml");
  i->set_quantity(2);
  i->set_price_cents(12900);
  o->set_total_cents(25800);
}

named<v1::ServerEnvelope> welcome() {
  v1::ServerEnvelope e;
  auto* w = e.mutable_welcome();
  w->set_role(v1::ROLE_AGENT);
  w->set_identity("a-li");
  w->set_shop_id("demo-shop");
  w->set_server_time_ms(t0);
  w->set_max_message_bytes(65536);
  w->set_max_text_chars(2000);
  w->add_open_conversations(5);
  w->add_open_conversations(300);
  w->add_open_conversations(big_id);
  w->set_shop_time_zone("Asia/Shanghai");
  return {"welcome", e};
}

named<v1::ServerEnvelope> message_text() {
  v1::ServerEnvelope e;
  auto* d = e.mutable_message();
  chat(d->mutable_message(), 7, v1::ROLE_CUSTOMER, "v-顾客-7");
  d->mutable_message()->mutable_content()->set_text("你好，我的快递到哪了？ Where is my parcel? 📦");
  d->set_client_time_ms(t0 - 5);
  return {"message_text", e};
}

named<v1::ServerEnvelope> message_product() {
  v1::ServerEnvelope e;
  auto* m = e.mutable_message()->mutable_message();
  chat(m, 8, v1::ROLE_AGENT, "a-li");
  auto* p = m->mutable_content()->mutable_product();
  p->set_product_id("P-100");
  p->set_title("保温杯 Thermos 500 ml");
  p->set_price_cents(12900);
  p->set_currency("CNY");
  p->set_picture_url("/img/p-100.png");
  return {"message_product_card", e};
}

named<v1::ServerEnvelope> message_whisper() {
  v1::ServerEnvelope e;
  auto* m = e.mutable_message()->mutable_message();
  chat(m, 9, v1::ROLE_SUPERVISOR, "s-wang");
  m->mutable_content()->set_text("先核对订单号 check the order id first");
  m->set_visibility(v1::VISIBILITY_STAFF_ONLY);
  return {"message_whisper", e};
}

named<v1::ServerEnvelope> message_recall() {
  v1::ServerEnvelope e;
  auto* m = e.mutable_message()->mutable_message();
  chat(m, 10, v1::ROLE_AGENT, "a-li");
  m->mutable_content()->mutable_recall()->set_recalled_seq(8);
  return {"message_recall", e};
}

named<v1::ServerEnvelope> send_ack() {
  v1::ServerEnvelope e;
  e.set_request_id(17);
  auto* a = e.mutable_send_ack();
  a->set_conversation_id(42);
  a->set_client_msg_id("c-lq2-11");
  a->set_seq(11);
  a->set_duplicate(true);
  a->set_sent_at_ms(t0 + 11);
  return {"send_ack", e};
}

named<v1::ServerEnvelope> conversation_started() {
  v1::ServerEnvelope e;
  e.set_request_id(3);
  auto* s = e.mutable_conversation_started();
  info(s->mutable_conversation(), 42, v1::STAGE_IN_SALE, v1::CONVERSATION_STATE_QUEUED);
  s->set_resumed(false);
  return {"conversation_started", e};
}

named<v1::ServerEnvelope> queue_status() {
  v1::ServerEnvelope e;
  auto* q = e.mutable_queue_status();
  q->set_conversation_id(42);
  q->set_position(3);
  q->set_eta_seconds(95);
  q->set_stage(v1::STAGE_IN_SALE);
  q->set_leave_message_offered(true);
  q->set_waiting_for_previous_agent(true);
  return {"queue_status", e};
}

named<v1::ServerEnvelope> queue_status_no_agents() {
  v1::ServerEnvelope e;
  auto* q = e.mutable_queue_status();
  q->set_conversation_id(42);
  q->set_position(1);
  q->set_eta_seconds(30);
  q->set_stage(v1::STAGE_PRE_SALES);
  q->set_leave_message_offered(true);
  q->set_no_agents_online(true);
  return {"queue_status_no_agents_online", e};
}

named<v1::ServerEnvelope> assigned() {
  v1::ServerEnvelope e;
  auto* a = e.mutable_assigned();
  info(a->mutable_conversation(), 42, v1::STAGE_IN_SALE, v1::CONVERSATION_STATE_ACTIVE);
  a->set_agent_display_name("小李 Li");
  a->set_transfer_note("客户要改地址 wants to change the address");
  return {"assigned", e};
}

named<v1::ServerEnvelope> typing() {
  v1::ServerEnvelope e;
  auto* t = e.mutable_typing();
  t->set_conversation_id(42);
  t->set_role(v1::ROLE_CUSTOMER);
  t->set_sender_id("v-顾客-7");
  t->set_typing(true);
  return {"typing", e};
}

// Read receipts and stored context (part "receipts").
named<v1::ServerEnvelope> read_receipt() {
  v1::ServerEnvelope e;
  auto* r = e.mutable_read_receipt();
  r->set_conversation_id(42);
  r->set_reader_role(v1::ROLE_AGENT);
  r->set_reader_id("a-li");
  r->set_last_read_seq(11);
  return {"read_receipt", e};
}

named<v1::ServerEnvelope> conversation_rated() {
  v1::ServerEnvelope e;
  auto* r = e.mutable_conversation_rated();
  r->set_conversation_id(42);
  r->set_stars(4);
  r->set_comment("很耐心 patient");
  return {"conversation_rated", e};
}

named<v1::ServerEnvelope> closed() {
  v1::ServerEnvelope e;
  auto* c = e.mutable_conversation_closed();
  c->set_conversation_id(42);
  c->set_closed_by("a-li");
  c->set_rating_invited(true);
  return {"conversation_closed", e};
}

named<v1::ServerEnvelope> resume_result() {
  v1::ServerEnvelope e;
  e.set_request_id(5);
  auto* r = e.mutable_resume_result();
  r->set_conversation_id(big_id);
  r->set_from_seq(4);
  r->set_to_seq(9);
  info(r->mutable_conversation(), big_id, v1::STAGE_PRE_SALES, v1::CONVERSATION_STATE_ACTIVE);
  r->set_my_last_read_seq(8);
  r->set_peer_last_read_seq(6);
  return {"resume_result", e};
}

named<v1::ServerEnvelope> history() {
  v1::ServerEnvelope e;
  e.set_request_id(6);
  auto* h = e.mutable_history();
  h->set_conversation_id(42);
  auto* newest = h->add_messages();
  chat(newest, 5, v1::ROLE_SYSTEM, "");
  auto* n = newest->mutable_content()->mutable_notice();
  n->set_kind("transferred");
  n->set_text("已转接至售后 Transferred to after-sales");
  auto* older = h->add_messages();
  chat(older, 4, v1::ROLE_AGENT, "a-li");
  order(older->mutable_content()->mutable_order());
  older->set_recalled(true);
  h->set_more(true);
  return {"history", e};
}

named<v1::ServerEnvelope> offer() {
  v1::ServerEnvelope e;
  auto* o = e.mutable_offer();
  info(o->mutable_conversation(), 42, v1::STAGE_AFTER_SALES, v1::CONVERSATION_STATE_OFFERED);
  o->set_expires_at_ms(t0 + 20000);
  o->set_reason("lowest_load_ratio");
  return {"offer", e};
}

named<v1::ServerEnvelope> agent_state_changed() {
  v1::ServerEnvelope e;
  auto* a = e.mutable_agent_state_changed();
  a->set_agent_id("a-li");
  a->set_state(v1::AGENT_STATE_AWAY);
  a->set_reason("missed_offers");
  a->set_load(2);
  a->set_capacity(5);
  return {"agent_state_changed", e};
}

named<v1::ServerEnvelope> customer_profile() {
  v1::ServerEnvelope e;
  e.set_request_id(8);
  auto* p = e.mutable_customer_profile();
  p->set_customer_id("b-1001");
  p->set_display_name("王女士");
  p->add_tags("vip");
  p->add_tags("回头客 returning");
  p->set_vip(true);
  order(p->add_orders());
  p->set_vip_level(2);
  auto* n = p->add_notes();
  n->set_note_id(7);
  n->set_author_id("a-li");
  n->set_author_name("小李 Li");
  n->set_text("脚宽，推荐大半码");
  n->set_at_ms(t0);
  auto* past = p->add_past_conversations();
  past->set_conversation_id(big_id);
  past->set_stage(v1::STAGE_AFTER_SALES);
  past->set_state(v1::CONVERSATION_STATE_CLOSED);
  past->set_agent_id("a-li");
  past->set_agent_display_name("小李 Li");
  past->set_created_at_ms(-1);
  past->set_closed_at_ms(t0);
  past->set_rating_stars(4);
  past->set_rating_comment("还行 ok");
  auto* left = p->add_left_messages();
  left->set_conversation_id(41);
  left->set_text("请回电");
  left->set_contact("+86 138 0000 0000");
  left->set_at_ms(t0);
  p->add_shop_tags("老客户");
  p->set_conversation_id(42);
  return {"customer_profile", e};
}

named<v1::ServerEnvelope> quick_phrases() {
  v1::ServerEnvelope e;
  e.set_request_id(26);
  auto* q = e.mutable_quick_phrases();
  q->set_conversation_id(42);
  auto* p = q->add_phrases();
  p->set_id("shop-hi");
  p->set_group("问候");
  p->set_shortcut("hi");
  p->set_text("{customer_name}您好");
  p->set_rendered("王女士您好");
  auto* own = q->add_phrases();
  own->set_id("p-00000000002a");
  own->set_owner_id("a-li");
  own->set_shortcut("xie");
  own->set_text("谢谢 thanks");
  return {"quick_phrases", e};
}

named<v1::ServerEnvelope> product_list() {
  v1::ServerEnvelope e;
  e.set_request_id(28);
  auto* p = e.mutable_product_list()->add_products();
  p->set_product_id("P-100");
  p->set_title("保温杯 Thermos 500 ml");
  p->set_price_cents(12900);
  p->set_currency("CNY");
  p->set_picture_url("/img/p-100.svg");
  p->set_category("kitchen");
  return {"product_list", e};
}

named<v1::ServerEnvelope> suggestions() {
  v1::ServerEnvelope e;
  e.set_request_id(27);
  auto* s = e.mutable_suggestions();
  s->set_conversation_id(42);
  s->set_for_seq(11);
  auto* x = s->add_suggestions();
  x->set_text("亲，支持七天无理由退货");
  x->set_source("phrase");
  x->set_id("shop-th");
  x->set_score(0.625);
  return {"suggestions", e};
}

named<v1::ServerEnvelope> board() {
  v1::ServerEnvelope e;
  auto* b = e.mutable_board();
  auto* a = b->add_agents();
  a->set_agent_id("a-li");
  a->set_display_name("小李 Li");
  a->set_state(v1::AGENT_STATE_ONLINE);
  a->set_load(3);
  a->set_capacity(5);
  a->add_stages(v1::STAGE_PRE_SALES);
  a->add_stages(v1::STAGE_IN_SALE);
  a->set_on_shift(true);
  auto* s = b->add_stages();
  s->set_stage(v1::STAGE_AFTER_SALES);
  s->set_queued(4);
  s->set_active(7);
  s->set_longest_wait_seconds(130);
  b->set_at_ms(t0);
  return {"board", e};
}

// The floor (issue #11): a pushed board with service level, an agent's chats and the live
// conversations; the stored alerts; the QA checklist.
named<v1::ServerEnvelope> board_live() {
  v1::ServerEnvelope e;
  auto* b = e.mutable_board();
  auto* a = b->add_agents();
  a->set_agent_id("a-li");
  a->set_state(v1::AGENT_STATE_BUSY);
  a->set_load(2);
  a->set_capacity(5);
  a->add_conversations(41);
  a->add_conversations(42);
  auto* s = b->add_stages();
  s->set_stage(v1::STAGE_PRE_SALES);
  s->set_queued(1);
  s->set_waits_ended(8);
  s->set_answered_in_target(6);
  s->set_arrivals(9);
  s->set_service_level(0.75);
  auto* c = b->add_conversations();
  c->set_conversation_id(42);
  c->set_stage(v1::STAGE_PRE_SALES);
  c->set_state(v1::CONVERSATION_STATE_ACTIVE);
  c->set_customer_id("c-1002");
  c->set_agent_id("a-li");
  c->set_arrived_at_ms(t0);
  b->set_service_level_target_s(30);
  b->set_at_ms(t0);
  return {"board_live", e};
}

named<v1::ServerEnvelope> alerts() {
  v1::ServerEnvelope e;
  e.set_request_id(41);
  auto* a = e.mutable_alerts()->add_alerts();
  a->set_kind("missed_offers");
  a->set_conversation_id(42);
  a->set_stage(v1::STAGE_AFTER_SALES);
  a->set_text("小李 连续 3 次未接起会话，已置为离开 · Li missed 3 offers in a row and was set away");
  a->set_agent_id("a-li");
  a->set_alert_id(1790000000123000ULL);
  a->set_at_ms(t0);
  a->set_acknowledged_by("sup-1");
  a->set_acknowledged_at_ms(t0 + 5000);
  return {"alerts", e};
}

named<v1::ServerEnvelope> qa_checklist() {
  v1::ServerEnvelope e;
  e.set_request_id(42);
  auto* i = e.mutable_qa_checklist()->add_items();
  i->set_id("accuracy");
  i->set_label("解答准确 Accuracy");
  i->set_weight(2);
  i->set_max_score(5);
  return {"qa_checklist", e};
}

named<v1::ServerEnvelope> alert() {
  v1::ServerEnvelope e;
  auto* a = e.mutable_alert();
  a->set_kind("long_wait");
  a->set_conversation_id(42);
  a->set_stage(v1::STAGE_AFTER_SALES);
  a->set_text("等待超过 3 分钟 waiting over 3 minutes");
  return {"alert", e};
}

named<v1::ServerEnvelope> error() {
  v1::ServerEnvelope e;
  e.set_request_id(9);
  auto* x = e.mutable_error();
  x->set_code(v1::ERROR_CODE_CONVERSATION_CLOSED);
  x->set_detail("conversation 42 is closed");
  x->set_retryable(false);
  return {"error", e};
}

named<v1::ServerEnvelope> ok() {
  v1::ServerEnvelope e;
  e.set_request_id(10);
  e.mutable_ok();
  return {"ok", e};
}

named<v1::ServerEnvelope> qa_sample() {
  v1::ServerEnvelope e;
  e.set_request_id(11);
  auto* s = e.mutable_qa_sample();
  info(s->add_conversations(), 40, v1::STAGE_PRE_SALES, v1::CONVERSATION_STATE_CLOSED);
  info(s->add_conversations(), 41, v1::STAGE_AFTER_SALES, v1::CONVERSATION_STATE_CLOSED);
  return {"qa_sample", e};
}

named<v1::ServerEnvelope> transcript() {
  v1::ServerEnvelope e;
  e.set_request_id(12);
  auto* t = e.mutable_transcript();
  info(t->mutable_conversation(), 40, v1::STAGE_PRE_SALES, v1::CONVERSATION_STATE_CLOSED);
  auto* m = t->add_messages();
  chat(m, 1, v1::ROLE_BOT, "bot");
  auto* b = m->mutable_content()->mutable_bot();
  b->set_faq_id("shipping_time");
  b->set_text("一般 48 小时内发货 Ships within 48 hours");
  b->set_offers_handover(true);
  return {"transcript", e};
}

named<v1::ServerEnvelope> qa_review_saved() {
  v1::ServerEnvelope e;
  e.set_request_id(13);
  auto* q = e.mutable_qa_review_saved();
  q->set_conversation_id(40);
  q->set_total_score(17);
  return {"qa_review_saved", e};
}

named<v1::ServerEnvelope> stage_changed() {
  v1::ServerEnvelope e;
  auto* s = e.mutable_stage_changed();
  s->set_conversation_id(42);
  s->set_from(v1::STAGE_PRE_SALES);
  s->set_to(v1::STAGE_IN_SALE);
  s->set_reason("order_paid");
  return {"stage_changed", e};
}

named<v1::ServerEnvelope> offer_revoked() {
  v1::ServerEnvelope e;
  auto* o = e.mutable_offer_revoked();
  o->set_conversation_id(42);
  o->set_reason("timeout");
  return {"offer_revoked", e};
}

named<v1::ServerEnvelope> unassigned() {
  v1::ServerEnvelope e;
  auto* u = e.mutable_unassigned();
  u->set_conversation_id(42);
  u->set_reason("taken_back");
  return {"unassigned", e};
}

named<v1::ServerEnvelope> pong() {
  v1::ServerEnvelope e;
  auto* p = e.mutable_pong();
  p->set_client_time_ms(-5);
  p->set_server_time_ms(t0);
  return {"pong", e};
}

}  // namespace

std::vector<named<v1::ServerEnvelope>> server_envelopes() {
  return {welcome(),
          message_text(),
          message_product(),
          message_whisper(),
          message_recall(),
          send_ack(),
          conversation_started(),
          queue_status(),
          queue_status_no_agents(),
          assigned(),
          typing(),
          read_receipt(),
          conversation_rated(),
          closed(),
          resume_result(),
          history(),
          offer(),
          offer_revoked(),
          unassigned(),
          agent_state_changed(),
          customer_profile(),
          quick_phrases(),
          suggestions(),
          product_list(),
          stage_changed(),
          board(),
          board_live(),
          alerts(),
          qa_checklist(),
          alert(),
          error(),
          ok(),
          qa_sample(),
          transcript(),
          qa_review_saved(),
          pong()};
}

}  // namespace fenliu::golden
