// Validated client envelopes into domain requests, and the session's decoder around them.
#include "gateway/protocol/protocol.hpp"

namespace fenliu::gateway {
namespace {

using body = v1::ClientEnvelope::BodyCase;

message_content content_of(const v1::MessageContent& c) {
  message_content out;
  out.kind = to_store_kind(c.content_case());
  out.payload = c.SerializeAsString();
  out.recalls_seq = c.has_recall() ? c.recall().recalled_seq() : 0;
  if (c.has_text()) {
    out.text = c.text();
  } else if (c.has_product()) {
    out.card_id = c.product().product_id();
  } else if (c.has_order()) {
    out.card_id = c.order().order_id();
  }
  return out;
}

router::event::transfer_target target_of(const v1::TransferTarget& t) {
  router::event::transfer_target out;
  switch (t.target_case()) {
    case v1::TransferTarget::kStage:
      out.to_stage = from_v1(t.stage());
      break;
    case v1::TransferTarget::kSkill:
      out.to_skill = t.skill();
      break;
    case v1::TransferTarget::kAgentId:
      out.to_agent = t.agent_id();
      break;
    case v1::TransferTarget::TARGET_NOT_SET:
      break;
  }
  return out;
}

requests::start_conversation start_of(const v1::StartConversation& s) {
  return {{s.entry().page_type(), s.entry().product_id(), s.entry().order_id(),
           s.entry().category(), s.entry().language()},
          from_v1(s.requested_stage()),
          s.first_text(),
          s.client_msg_id()};
}

requests::submit_qa_review review_of(const v1::SubmitQaReview& r) {
  requests::submit_qa_review out{r.conversation_id(), {}, r.comment()};
  for (const auto& s : r.scores()) {
    out.scores.push_back({s.item(), s.score()});
  }
  return out;
}

// The staff-facing frames, split off to keep each switch short.
client_request staff_request(const v1::ClientEnvelope& env) {
  switch (env.body_case()) {
    case body::kSetAgentState:
      return requests::set_agent_state{*from_v1(env.set_agent_state().state())};
    case body::kAcceptOffer:
      return requests::accept_offer{env.accept_offer().conversation_id()};
    case body::kDeclineOffer:
      return requests::decline_offer{env.decline_offer().conversation_id(),
                                     env.decline_offer().reason()};
    case body::kCloseConversation:
      return requests::close_conversation{env.close_conversation().conversation_id()};
    case body::kMarkAwaitingLogistics:
      return requests::mark_awaiting_logistics{env.mark_awaiting_logistics().conversation_id()};
    case body::kTransfer:
      return requests::transfer{env.transfer().conversation_id(),
                                target_of(env.transfer().target()), env.transfer().note(), false};
    case body::kRecall:
      return requests::recall{env.recall().conversation_id(), env.recall().seq(),
                              env.recall().client_msg_id()};
    case body::kFetchProfile:
      return requests::fetch_profile{env.fetch_profile().conversation_id()};
    case body::kFetchQuickPhrases:
      return requests::fetch_quick_phrases{env.fetch_quick_phrases().conversation_id()};
    case body::kSaveQuickPhrase: {
      const auto& p = env.save_quick_phrase().phrase();
      return requests::save_quick_phrase{p.id(), p.group(), p.shortcut(), p.text()};
    }
    case body::kDeleteQuickPhrase:
      return requests::delete_quick_phrase{env.delete_quick_phrase().id()};
    case body::kEditCustomerTags: {
      const auto& t = env.edit_customer_tags();
      return requests::edit_customer_tags{t.conversation_id(), {t.add().begin(), t.add().end()},
                                          {t.remove().begin(), t.remove().end()}};
    }
    case body::kAddCustomerNote:
      return requests::add_customer_note{env.add_customer_note().conversation_id(),
                                         env.add_customer_note().text()};
    case body::kFetchSuggestions:
      return requests::fetch_suggestions{env.fetch_suggestions().conversation_id()};
    case body::kFetchProducts:
      return requests::fetch_products{env.fetch_products().query(),
                                      env.fetch_products().limit()};
    case body::kSubscribeBoard:
      return requests::subscribe_board{env.subscribe_board().subscribe()};
    case body::kMonitor:
      return requests::monitor{env.monitor().conversation_id(), env.monitor().monitor()};
    case body::kBarge:
      return requests::barge{env.barge().conversation_id()};
    case body::kForceTransfer:
      return requests::transfer{env.force_transfer().conversation_id(),
                                target_of(env.force_transfer().target()),
                                env.force_transfer().note(), true};
    case body::kForceAgentState:
      return requests::force_agent_state{env.force_agent_state().agent_id(),
                                         *from_v1(env.force_agent_state().state())};
    case body::kFetchDecisions:
      return requests::fetch_decisions{env.fetch_decisions().conversation_id()};
    case body::kFetchKpis:
      return requests::fetch_kpis{env.fetch_kpis().from_ms(), env.fetch_kpis().to_ms(),
                                  env.fetch_kpis().group_by(), env.fetch_kpis().period()};
    case body::kFetchQaSample:
      return requests::fetch_qa_sample{env.fetch_qa_sample().limit(),
                                       from_v1(env.fetch_qa_sample().stage())};
    case body::kFetchTranscript:
      return requests::fetch_transcript{env.fetch_transcript().conversation_id()};
    case body::kSubmitQaReview:
      return review_of(env.submit_qa_review());
    case body::kAckAlert:
      return requests::ack_alert{env.ack_alert().alert_id()};
    case body::kFetchAlerts:
      return requests::fetch_alerts{env.fetch_alerts().include_acknowledged(),
                                    env.fetch_alerts().limit()};
    case body::kFetchQaChecklist:
      return requests::fetch_qa_checklist{};
    case body::kFetchQaReviews:
      return requests::fetch_qa_reviews{env.fetch_qa_reviews().conversation_id(),
                                        env.fetch_qa_reviews().agent_id(),
                                        env.fetch_qa_reviews().limit()};
    default:
      break;
  }
  // decode_client_frame refuses empty bodies; a new body that reaches here is not wired yet.
  return requests::ping{};
}

}  // namespace

client_request to_request(const v1::ClientEnvelope& env) {
  switch (env.body_case()) {
    case body::kPing:
      return requests::ping{env.ping().client_time_ms()};
    case body::kResume:
      return requests::resume{env.resume().conversation_id(), env.resume().last_seq()};
    case body::kTyping:
      return requests::typing{env.typing().conversation_id(), env.typing().typing()};
    case body::kSendMessage: {
      const auto& m = env.send_message();
      return requests::send_message{m.conversation_id(), m.client_msg_id(), content_of(m.content()),
                                    m.whisper(), m.client_time_ms()};
    }
    case body::kStartConversation:
      return start_of(env.start_conversation());
    case body::kLeaveMessage:
      return requests::leave_message{env.leave_message().conversation_id(),
                                     env.leave_message().text(), env.leave_message().contact()};
    case body::kLeaveQueue:
      return requests::leave_queue{env.leave_queue().conversation_id()};
    case body::kRate:
      return requests::rate{env.rate().conversation_id(), static_cast<int>(env.rate().stars()),
                            env.rate().comment()};
    case body::kRequestHuman:
      return requests::request_human{env.request_human().conversation_id()};
    case body::kMarkRead:
      return requests::mark_read{env.mark_read().conversation_id(), env.mark_read().seq()};
    case body::kFetchHistory:
      return requests::fetch_history{env.fetch_history().conversation_id(),
                                     env.fetch_history().before_seq(), env.fetch_history().limit()};
    default:
      return staff_request(env);
  }
}

namespace {

// One parse envelope per thread, not per session: decoding never suspends, so the envelope is
// free again when decode() returns, and an idle session keeps no parsed sub-messages alive.
v1::ClientEnvelope& thread_envelope() {
  thread_local v1::ClientEnvelope envelope;
  return envelope;
}

}  // namespace

client_decoder::client_decoder() = default;

client_decoder::~client_decoder() = default;

std::variant<decoded_frame, rejected_frame> client_decoder::decode(std::string_view bytes,
                                                                   bool binary, role who,
                                                                   const frame_limits& limits) {
  auto& envelope = thread_envelope();
  if (auto err = decode_client_frame(bytes, binary, who, limits, envelope)) {
    return rejected_frame{from_v1(err->code), std::move(err->detail), err->request_id};
  }
  return decoded_frame{envelope.request_id(), to_request(envelope)};
}

std::uint64_t client_decoder::request_id_of(std::string_view bytes, bool binary) {
  auto& envelope = thread_envelope();
  if (binary && envelope.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return envelope.request_id();
  }
  return 0;
}

message_content text_content(std::string text) {
  v1::MessageContent c;
  c.set_text(std::move(text));
  return content_of(c);
}

message_content notice_content(std::string kind, std::string text) {
  v1::MessageContent c;
  c.mutable_notice()->set_kind(std::move(kind));
  c.mutable_notice()->set_text(std::move(text));
  return content_of(c);
}

message_content product_card_content(const store::product_row& p) {
  v1::MessageContent c;
  to_v1(p, *c.mutable_product());
  return content_of(c);
}

message_content order_card_content(const store::order_row& o) {
  v1::MessageContent c;
  to_v1(o, *c.mutable_order());
  return content_of(c);
}

message_content recall_content(std::uint64_t recalled_seq) {
  v1::MessageContent c;
  c.mutable_recall()->set_recalled_seq(recalled_seq);
  return content_of(c);
}

}  // namespace fenliu::gateway
