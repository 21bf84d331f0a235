// Server frames from domain values. Each builds one ServerEnvelope and serializes it once.
#include "gateway/protocol/bot_frames.hpp"
#include "gateway/protocol/customer_profile_v1.hpp"
#include "gateway/protocol/protocol.hpp"

namespace fenliu::gateway {
namespace {

frame_ptr reply(std::uint64_t request_id, v1::ServerEnvelope& env) {
  env.set_request_id(request_id);
  return encode(env);
}

}  // namespace

void fill_order(const store::order_row& o, v1::OrderCard& card) {
  to_v1(o, card);
}

frame_ptr encode_error(std::uint64_t request_id, error_code code, std::string detail,
                       std::uint32_t retry_after_ms) {
  return make_error(request_id, to_v1(code), std::move(detail), retry_after_ms);
}

frame_ptr encode_ok(std::uint64_t request_id) {
  return make_ok(request_id);
}

frame_ptr encode_pong(std::uint64_t request_id, std::int64_t client_time_ms,
                      std::int64_t server_time_ms) {
  v1::ServerEnvelope env;
  env.mutable_pong()->set_client_time_ms(client_time_ms);
  env.mutable_pong()->set_server_time_ms(server_time_ms);
  return reply(request_id, env);
}

frame_ptr encode_send_ack(std::uint64_t request_id, store::conversation_id id,
                          const std::string& client_msg_id, const store::append_result& r) {
  v1::ServerEnvelope env;
  auto* a = env.mutable_send_ack();
  a->set_conversation_id(id);
  a->set_client_msg_id(client_msg_id);
  a->set_seq(r.seq);
  a->set_duplicate(r.duplicate);
  a->set_sent_at_ms(r.created_at);
  return reply(request_id, env);
}

frame_ptr encode_resume_result(std::uint64_t request_id, const store::conversation_record& rec,
                               const resume_outcome& outcome) {
  return encode_resume_result(request_id, info_of(rec), outcome);
}

frame_ptr encode_history(std::uint64_t request_id, store::conversation_id id,
                         const std::vector<store::stored_message>& messages, bool more) {
  v1::ServerEnvelope env;
  auto* h = env.mutable_history();
  h->set_conversation_id(id);
  h->set_more(more);
  for (const auto& m : messages) {
    to_v1(m, *h->add_messages());
  }
  return reply(request_id, env);
}

frame_ptr encode_conversation_started(std::uint64_t request_id, const conversation_info& c,
                                      bool resumed) {
  v1::ServerEnvelope env;
  auto* started = env.mutable_conversation_started();
  to_v1(c, *started->mutable_conversation());
  started->set_resumed(resumed);
  return reply(request_id, env);
}

frame_ptr encode_decisions(std::uint64_t request_id, store::conversation_id id,
                           const std::vector<router::decision_record>& records) {
  v1::ServerEnvelope env;
  auto* d = env.mutable_decisions();
  d->set_conversation_id(id);
  for (const auto& rec : records) {
    auto* r = d->add_records();
    r->set_conversation_id(rec.conversation);
    r->set_at_ms(rec.at);
    r->set_rule(rec.rule);
    r->set_winner(rec.winner.value_or(""));
    for (const auto& c : rec.candidates) {
      auto* cand = r->add_candidates();
      cand->set_agent_id(c.agent);
      cand->set_rejected_because(c.rejected_because);
    }
  }
  return reply(request_id, env);
}

frame_ptr encode_transcript(std::uint64_t request_id, const store::conversation_record& rec,
                            const std::vector<store::stored_message>& messages,
                            const transcript_context& context) {
  v1::ServerEnvelope env;
  auto* t = env.mutable_transcript();
  to_v1(rec, *t->mutable_conversation());
  t->set_rating_stars(context.rating_stars);
  t->set_rating_comment(context.rating_comment);
  t->set_transfer_note(context.transfer_note);
  for (const auto& m : messages) {
    to_v1(m, *t->add_messages());
  }
  return reply(request_id, env);
}

frame_ptr encode_welcome(const welcome_info& in) {
  v1::ServerEnvelope env;
  auto* w = env.mutable_welcome();
  w->set_role(to_v1(in.who));
  w->set_identity(in.identity);
  w->set_shop_id(in.shop_id);
  w->set_server_time_ms(in.server_time_ms);
  w->set_max_message_bytes(in.max_message_bytes);
  w->set_max_text_chars(in.max_text_chars);
  for (auto id : in.open_conversations) {
    w->add_open_conversations(id);
  }
  w->set_shop_time_zone(in.shop_time_zone);
  return encode(env);
}

frame_ptr encode_message(const store::stored_message& m, std::int64_t client_time_ms) {
  v1::ServerEnvelope env;
  auto* delivery = env.mutable_message();
  delivery->set_client_time_ms(client_time_ms);
  to_v1(m, *delivery->mutable_message());
  return encode(env);
}

frame_ptr encode_typing(store::conversation_id id, role sender_role, const std::string& sender,
                        bool typing) {
  v1::ServerEnvelope env;
  auto* t = env.mutable_typing();
  t->set_conversation_id(id);
  t->set_role(to_v1(sender_role));
  t->set_sender_id(sender);
  t->set_typing(typing);
  return encode(env);
}

frame_ptr encode_queue_status(const router::action::queue_status& in) {
  v1::ServerEnvelope env;
  auto* q = env.mutable_queue_status();
  q->set_conversation_id(in.conversation);
  q->set_position(static_cast<std::uint32_t>(in.position));
  q->set_eta_seconds(static_cast<std::uint32_t>(in.eta_s));
  q->set_stage(to_v1(in.stage_));
  q->set_leave_message_offered(in.leave_message_offered);
  q->set_waiting_for_previous_agent(in.waiting_for_previous_agent);
  q->set_no_agents_online(in.no_agents_online);
  return encode(env);
}

frame_ptr encode_assigned(const conversation_info& c, const std::string& agent_display_name,
                          const std::string& transfer_note,
                          const assist::handover_summary* handover, double risk,
                          const customer_record* profile) {
  v1::ServerEnvelope env;
  auto* assigned = env.mutable_assigned();
  to_v1(c, *assigned->mutable_conversation());
  assigned->set_agent_display_name(agent_display_name);
  assigned->set_transfer_note(transfer_note);
  if (handover != nullptr) {
    to_v1(*handover, risk, *assigned->mutable_handover());
  }
  if (profile != nullptr) {
    to_v1(*profile, c.id, *assigned->mutable_profile());
  }
  return encode(env);
}

frame_ptr encode_conversation_closed(store::conversation_id id, const std::string& closed_by,
                                     bool rating_invited) {
  v1::ServerEnvelope env;
  auto* closed = env.mutable_conversation_closed();
  closed->set_conversation_id(id);
  closed->set_closed_by(closed_by);
  closed->set_rating_invited(rating_invited);
  return encode(env);
}

frame_ptr encode_stage_changed(const router::action::stage_changed& in) {
  v1::ServerEnvelope env;
  auto* s = env.mutable_stage_changed();
  s->set_conversation_id(in.conversation);
  s->set_from(to_v1(in.from));
  s->set_to(to_v1(in.to));
  s->set_reason(in.reason);
  return encode(env);
}

frame_ptr encode_offer(const conversation_info& c, store::time_ms expires_at,
                       const std::string& reason, const customer_record* profile) {
  v1::ServerEnvelope env;
  auto* offer = env.mutable_offer();
  to_v1(c, *offer->mutable_conversation());
  offer->set_expires_at_ms(expires_at);
  offer->set_reason(reason);
  if (profile != nullptr) {
    to_v1(*profile, c.id, *offer->mutable_profile());
  }
  return encode(env);
}

frame_ptr encode_offer_revoked(store::conversation_id id, const std::string& reason) {
  v1::ServerEnvelope env;
  env.mutable_offer_revoked()->set_conversation_id(id);
  env.mutable_offer_revoked()->set_reason(reason);
  return encode(env);
}

frame_ptr encode_unassigned(store::conversation_id id, const std::string& reason) {
  v1::ServerEnvelope env;
  env.mutable_unassigned()->set_conversation_id(id);
  env.mutable_unassigned()->set_reason(reason);
  return encode(env);
}

frame_ptr encode_agent_state_changed(const router::action::agent_state_changed& in) {
  v1::ServerEnvelope env;
  auto* s = env.mutable_agent_state_changed();
  s->set_agent_id(in.agent);
  s->set_state(to_v1(in.state));
  s->set_reason(in.reason);
  s->set_load(static_cast<std::uint32_t>(in.load));
  s->set_capacity(static_cast<std::uint32_t>(in.capacity));
  return encode(env);
}

}  // namespace fenliu::gateway
