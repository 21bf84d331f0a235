#include "gateway/protocol/protocol.hpp"

#include <fmt/format.h>

namespace fenliu::gateway {
namespace {

using body = v1::ClientEnvelope::BodyCase;

frame_error invalid(std::string detail) {
  return frame_error{v1::ERROR_CODE_INVALID_ARGUMENT, std::move(detail), 0};
}

std::optional<frame_error> check_id(std::string_view name, std::string_view id,
                                    const frame_limits& limits, bool required) {
  if (required && id.empty()) {
    return invalid(fmt::format("{} is required", name));
  }
  if (id.size() > limits.max_id_bytes) {
    return invalid(fmt::format("{} longer than {} bytes", name, limits.max_id_bytes));
  }
  return std::nullopt;
}

std::optional<frame_error> check_conversation(std::uint64_t id) {
  if (id == 0) {
    return invalid("conversation_id is required");
  }
  return std::nullopt;
}

std::optional<frame_error> check_text(std::string_view name, std::string_view text,
                                      const frame_limits& limits, bool required) {
  if (required && text.empty()) {
    return invalid(fmt::format("{} is empty", name));
  }
  if (utf8_length(text) > limits.max_text_chars) {
    return frame_error{v1::ERROR_CODE_TEXT_TOO_LONG,
                       fmt::format("{} longer than {} characters", name, limits.max_text_chars),
                       0};
  }
  return std::nullopt;
}

std::optional<frame_error> check_content(const v1::MessageContent& content, role who,
                                         const frame_limits& limits) {
  using c = v1::MessageContent::ContentCase;
  switch (content.content_case()) {
    case c::kText:
      return check_text("content.text", content.text(), limits, true);
    case c::kImage:
      return check_id("content.image.image_id", content.image().image_id(), limits, true);
    case c::kProduct:
      if (auto e = check_id("content.product.product_id", content.product().product_id(), limits,
                            true)) {
        return e;
      }
      return check_text("content.product.title", content.product().title(), limits, false);
    case c::kOrder:
      return check_id("content.order.order_id", content.order().order_id(), limits, true);
    case c::kNotice:
    case c::kBot:
    case c::kRecall:
      // Only the server writes notices and bot answers; recalls go through RecallMessage.
      return invalid(fmt::format("content kind not allowed for {}", to_string(who)));
    case c::CONTENT_NOT_SET:
      break;
  }
  return invalid("content is empty");
}

std::optional<frame_error> check_target(const v1::TransferTarget& target,
                                        const frame_limits& limits) {
  switch (target.target_case()) {
    case v1::TransferTarget::kStage:
      if (!from_v1(target.stage())) {
        return invalid("target.stage is not a stage");
      }
      return std::nullopt;
    case v1::TransferTarget::kSkill:
      return check_id("target.skill", target.skill(), limits, true);
    case v1::TransferTarget::kAgentId:
      return check_id("target.agent_id", target.agent_id(), limits, true);
    case v1::TransferTarget::TARGET_NOT_SET:
      break;
  }
  return invalid("target is required");
}

std::optional<frame_error> check_fields(const v1::ClientEnvelope& env, role who,
                                        const frame_limits& limits) {
  switch (env.body_case()) {
    case body::kPing:
    case body::kSubscribeBoard:
    case body::kFetchAlerts:
    case body::kFetchQaChecklist:
      return std::nullopt;
    case body::kAckAlert:
      if (env.ack_alert().alert_id() == 0) {
        return invalid("alert_id is required");
      }
      return std::nullopt;
    case body::kFetchQaReviews: {
      const auto& r = env.fetch_qa_reviews();
      if (r.conversation_id() == 0 && r.agent_id().empty() && who != role::agent) {
        return invalid("conversation_id or agent_id is required");
      }
      return check_id("agent_id", r.agent_id(), limits, false);
    }
    case body::kFetchQaSample:
      if (env.fetch_qa_sample().stage() != v1::STAGE_UNSPECIFIED &&
          !from_v1(env.fetch_qa_sample().stage())) {
        return invalid("stage is not a stage");
      }
      return std::nullopt;
    case body::kResume:
      return check_conversation(env.resume().conversation_id());
    case body::kTyping:
      return check_conversation(env.typing().conversation_id());
    case body::kSendMessage: {
      const auto& m = env.send_message();
      if (auto e = check_conversation(m.conversation_id())) {
        return e;
      }
      if (auto e = check_id("client_msg_id", m.client_msg_id(), limits, true)) {
        return e;
      }
      if (m.whisper() && who != role::supervisor) {
        return frame_error{v1::ERROR_CODE_FORBIDDEN_FOR_ROLE, "only supervisors whisper", 0};
      }
      return check_content(m.content(), who, limits);
    }
    case body::kStartConversation: {
      const auto& s = env.start_conversation();
      if (auto e = check_text("first_text", s.first_text(), limits, false)) {
        return e;
      }
      if (auto e = check_id("entry.product_id", s.entry().product_id(), limits, false)) {
        return e;
      }
      if (auto e = check_id("entry.category", s.entry().category(), limits, false)) {
        return e;
      }
      if (auto e = check_id("entry.language", s.entry().language(), limits, false)) {
        return e;
      }
      if (auto e = check_id("entry.order_id", s.entry().order_id(), limits, false)) {
        return e;
      }
      return check_id("client_msg_id", s.client_msg_id(), limits, !s.first_text().empty());
    }
    case body::kLeaveMessage:
      if (auto e = check_conversation(env.leave_message().conversation_id())) {
        return e;
      }
      if (env.leave_message().contact().size() > 200) {
        return invalid("contact longer than 200 bytes");
      }
      return check_text("text", env.leave_message().text(), limits, true);
    case body::kLeaveQueue:
      return check_conversation(env.leave_queue().conversation_id());
    case body::kRequestHuman:
      return check_conversation(env.request_human().conversation_id());
    case body::kRate:
      if (env.rate().stars() < 1 || env.rate().stars() > 5) {
        return invalid("stars must be 1..5");
      }
      if (auto e = check_conversation(env.rate().conversation_id())) {
        return e;
      }
      return check_text("comment", env.rate().comment(), limits, false);
    case body::kSetAgentState:
      if (!from_v1(env.set_agent_state().state())) {
        return invalid("state is required");
      }
      return std::nullopt;
    case body::kAcceptOffer:
      return check_conversation(env.accept_offer().conversation_id());
    case body::kDeclineOffer:
      return check_conversation(env.decline_offer().conversation_id());
    case body::kCloseConversation:
      return check_conversation(env.close_conversation().conversation_id());
    case body::kMarkAwaitingLogistics:
      return check_conversation(env.mark_awaiting_logistics().conversation_id());
    case body::kTransfer:
      if (auto e = check_conversation(env.transfer().conversation_id())) {
        return e;
      }
      if (auto e = check_text("note", env.transfer().note(), limits, false)) {
        return e;
      }
      return check_target(env.transfer().target(), limits);
    case body::kRecall:
      if (env.recall().seq() == 0) {
        return invalid("seq is required");
      }
      if (auto e = check_id("client_msg_id", env.recall().client_msg_id(), limits, true)) {
        return e;
      }
      return check_conversation(env.recall().conversation_id());
    case body::kFetchHistory:
      return check_conversation(env.fetch_history().conversation_id());
    case body::kMarkRead:
      if (env.mark_read().seq() == 0) {
        return invalid("seq is required");
      }
      return check_conversation(env.mark_read().conversation_id());
    case body::kFetchProfile:
      return check_conversation(env.fetch_profile().conversation_id());
    case body::kFetchQuickPhrases:
      return std::nullopt;  // conversation_id 0: the phrases unrendered
    case body::kSaveQuickPhrase: {
      const auto& p = env.save_quick_phrase().phrase();
      if (auto e = check_id("phrase.id", p.id(), limits, false)) {
        return e;
      }
      if (auto e = check_id("phrase.shortcut", p.shortcut(), limits, true)) {
        return e;
      }
      if (auto e = check_id("phrase.group", p.group(), limits, false)) {
        return e;
      }
      return check_text("phrase.text", p.text(), limits, true);
    }
    case body::kDeleteQuickPhrase:
      return check_id("id", env.delete_quick_phrase().id(), limits, true);
    case body::kEditCustomerTags: {
      const auto& t = env.edit_customer_tags();
      if (t.add_size() + t.remove_size() == 0) {
        return invalid("add or remove at least one tag");
      }
      if (t.add_size() > 50 || t.remove_size() > 50) {
        return invalid("at most 50 tags in add and in remove");
      }
      for (const auto& tag : t.add()) {
        if (auto e = check_id("add", tag, limits, true)) {
          return e;
        }
      }
      for (const auto& tag : t.remove()) {
        if (auto e = check_id("remove", tag, limits, true)) {
          return e;
        }
      }
      return check_conversation(t.conversation_id());
    }
    case body::kAddCustomerNote:
      if (auto e = check_conversation(env.add_customer_note().conversation_id())) {
        return e;
      }
      return check_text("text", env.add_customer_note().text(), limits, true);
    case body::kFetchSuggestions:
      return check_conversation(env.fetch_suggestions().conversation_id());
    case body::kFetchProducts:
      return check_text("query", env.fetch_products().query(), limits, false);
    case body::kMonitor:
      return check_conversation(env.monitor().conversation_id());
    case body::kBarge:
      return check_conversation(env.barge().conversation_id());
    case body::kForceTransfer:
      if (auto e = check_conversation(env.force_transfer().conversation_id())) {
        return e;
      }
      if (auto e = check_text("note", env.force_transfer().note(), limits, false)) {
        return e;
      }
      return check_target(env.force_transfer().target(), limits);
    case body::kForceAgentState:
      if (!from_v1(env.force_agent_state().state())) {
        return invalid("state is required");
      }
      return check_id("agent_id", env.force_agent_state().agent_id(), limits, true);
    case body::kFetchDecisions:
      return check_conversation(env.fetch_decisions().conversation_id());
    case body::kFetchKpis: {  // part "kpis"; the range's limits are the handler's ([kpi])
      const auto& k = env.fetch_kpis();
      const auto& g = k.group_by();
      const auto& p = k.period();
      if (!g.empty() && g != "shop" && g != "agent" && g != "stage") {
        return invalid("group_by must be shop, agent or stage");
      }
      if (!p.empty() && p != "all" && p != "day" && p != "week") {
        return invalid("period must be all, day or week");
      }
      constexpr std::int64_t year_9999_end_ms = 253'402'300'800'000;
      if (k.from_ms() < 0 || k.to_ms() <= k.from_ms() || k.to_ms() > year_9999_end_ms) {
        return invalid("to_ms must be after from_ms (Unix ms, 0 <= from_ms < to_ms <= year 9999)");
      }
      return std::nullopt;
    }
    case body::kFetchTranscript:
      return check_conversation(env.fetch_transcript().conversation_id());
    case body::kSubmitQaReview: {
      const auto& r = env.submit_qa_review();
      if (r.scores_size() == 0 || r.scores_size() > 50) {
        return invalid("scores must have 1..50 items");
      }
      for (const auto& s : r.scores()) {
        if (s.score() > 100) {
          return invalid("score must be 0..100");
        }
        if (auto e = check_id("scores.item", s.item(), limits, true)) {
          return e;
        }
      }
      if (auto e = check_text("comment", r.comment(), limits, false)) {
        return e;
      }
      return check_conversation(r.conversation_id());
    }
    case body::BODY_NOT_SET:
      break;
  }
  return frame_error{v1::ERROR_CODE_UNKNOWN_FRAME, "empty or unknown frame body", 0};
}

}  // namespace

bool role_may_send(role who, body b) noexcept {
  if (who == role::admin) {
    return false;  // admin tokens are for the HTTP APIs; the handshake refuses them anyway
  }
  const bool staff = who == role::agent || who == role::supervisor;
  switch (b) {
    case body::kPing:
      return true;
    case body::kResume:
    case body::kTyping:
    case body::kSendMessage:
    case body::kMarkRead:  // QA never writes, not even a read mark
      return who != role::qa;
    case body::kStartConversation:
    case body::kLeaveMessage:
    case body::kLeaveQueue:
    case body::kRate:
    case body::kRequestHuman:
      return who == role::customer;
    case body::kFetchHistory:
      return true;
    case body::kSetAgentState:
    case body::kAcceptOffer:
    case body::kDeclineOffer:
    case body::kCloseConversation:
    case body::kMarkAwaitingLogistics:
    case body::kTransfer:
    case body::kRecall:
    case body::kFetchProfile:
    case body::kFetchQuickPhrases:
    case body::kSaveQuickPhrase:
    case body::kDeleteQuickPhrase:
    case body::kEditCustomerTags:
    case body::kAddCustomerNote:
    case body::kFetchSuggestions:
    case body::kFetchProducts:
      return staff;
    case body::kSubscribeBoard:
    case body::kMonitor:
    case body::kBarge:
    case body::kForceTransfer:
    case body::kForceAgentState:
    case body::kFetchDecisions:
    case body::kAckAlert:
    case body::kFetchAlerts:
    case body::kFetchKpis:
      return who == role::supervisor;
    case body::kFetchQaChecklist:
    case body::kFetchQaReviews:
      return who != role::customer;  // the scored agent sees their own (handlers check)
    case body::kFetchQaSample:
    case body::kSubmitQaReview:
      return who == role::qa;
    case body::kFetchTranscript:
      return who == role::qa || who == role::supervisor;
    case body::BODY_NOT_SET:
      break;
  }
  return false;
}

std::optional<frame_error> decode_client_frame(std::string_view bytes, bool binary, role who,
                                               const frame_limits& limits,
                                               v1::ClientEnvelope& out) {
  out.Clear();
  if (!binary) {
    return frame_error{v1::ERROR_CODE_TEXT_FRAME, "text frames are not accepted; send binary", 0};
  }
  if (!out.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return frame_error{v1::ERROR_CODE_MALFORMED, "frame is not a ClientEnvelope", 0};
  }
  // Unknown fields (a newer client, or garbage that happens to parse) are dropped, not echoed.
  out.GetReflection()->MutableUnknownFields(&out)->Clear();
  if (out.body_case() == body::BODY_NOT_SET) {
    return frame_error{v1::ERROR_CODE_UNKNOWN_FRAME, "empty or unknown frame body",
                       out.request_id()};
  }
  if (!role_may_send(who, out.body_case())) {
    return frame_error{v1::ERROR_CODE_FORBIDDEN_FOR_ROLE,
                       fmt::format("{} may not send this frame", to_string(who)), out.request_id()};
  }
  if (auto e = check_fields(out, who, limits)) {
    e->request_id = out.request_id();
    return e;
  }
  return std::nullopt;
}

std::size_t utf8_length(std::string_view text) noexcept {
  std::size_t n = 0;
  for (unsigned char ch : text) {
    n += (ch & 0xC0) != 0x80 ? 1 : 0;
  }
  return n;
}

bool is_retryable(v1::ErrorCode code) noexcept {
  switch (code) {
    case v1::ERROR_CODE_RATE_LIMITED:
    case v1::ERROR_CODE_STORE_UNAVAILABLE:
    case v1::ERROR_CODE_OVERLOADED:
    case v1::ERROR_CODE_INTERNAL:
      return true;
    default:
      return false;
  }
}

frame_ptr encode(const v1::ServerEnvelope& envelope) {
  auto bytes = std::make_shared<std::string>();
  envelope.SerializeToString(bytes.get());
  return bytes;
}

frame_ptr make_error(std::uint64_t request_id, v1::ErrorCode code, std::string detail,
                     std::uint32_t retry_after_ms) {
  v1::ServerEnvelope env;
  env.set_request_id(request_id);
  auto* err = env.mutable_error();
  err->set_code(code);
  err->set_detail(std::move(detail));
  err->set_retryable(is_retryable(code));
  err->set_retry_after_ms(retry_after_ms);
  return encode(env);
}

frame_ptr make_ok(std::uint64_t request_id) {
  v1::ServerEnvelope env;
  env.set_request_id(request_id);
  env.mutable_ok();
  return encode(env);
}

}  // namespace fenliu::gateway
