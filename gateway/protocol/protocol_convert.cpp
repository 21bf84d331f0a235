// Wire <-> domain conversions of the protocol layer.
#include "gateway/protocol/protocol.hpp"

namespace fenliu::gateway {

v1::Role to_v1(role r) noexcept {
  switch (r) {
    case role::customer:
      return v1::ROLE_CUSTOMER;
    case role::agent:
      return v1::ROLE_AGENT;
    case role::supervisor:
      return v1::ROLE_SUPERVISOR;
    case role::qa:
      return v1::ROLE_QA;
    case role::admin:
      return v1::ROLE_ADMIN;
  }
  return v1::ROLE_UNSPECIFIED;
}

v1::Role to_v1(store::sender_role r) noexcept {
  switch (r) {
    case store::sender_role::customer:
      return v1::ROLE_CUSTOMER;
    case store::sender_role::agent:
      return v1::ROLE_AGENT;
    case store::sender_role::supervisor:
      return v1::ROLE_SUPERVISOR;
    case store::sender_role::qa:
      return v1::ROLE_QA;
    case store::sender_role::bot:
      return v1::ROLE_BOT;
    case store::sender_role::system:
      return v1::ROLE_SYSTEM;
  }
  return v1::ROLE_UNSPECIFIED;
}

store::sender_role to_sender_role(role r) noexcept {
  switch (r) {
    case role::customer:
      return store::sender_role::customer;
    case role::agent:
      return store::sender_role::agent;
    case role::supervisor:
      return store::sender_role::supervisor;
    case role::qa:
      return store::sender_role::qa;
    case role::admin:
      break;  // never connects, so never sends
  }
  return store::sender_role::system;
}

v1::Stage to_v1(router::stage s) noexcept {
  switch (s) {
    case router::stage::pre_sales:
      return v1::STAGE_PRE_SALES;
    case router::stage::in_sale:
      return v1::STAGE_IN_SALE;
    case router::stage::after_sales:
      return v1::STAGE_AFTER_SALES;
  }
  return v1::STAGE_UNSPECIFIED;
}

std::optional<router::stage> from_v1(v1::Stage s) noexcept {
  switch (s) {
    case v1::STAGE_PRE_SALES:
      return router::stage::pre_sales;
    case v1::STAGE_IN_SALE:
      return router::stage::in_sale;
    case v1::STAGE_AFTER_SALES:
      return router::stage::after_sales;
    default:
      return std::nullopt;
  }
}

store::stage_code to_store_stage(router::stage s) noexcept {
  switch (s) {
    case router::stage::pre_sales:
      return store::stage_code::pre_sales;
    case router::stage::in_sale:
      return store::stage_code::in_sale;
    case router::stage::after_sales:
      return store::stage_code::after_sales;
  }
  return store::stage_code::pre_sales;
}

router::stage from_store_stage(store::stage_code s) noexcept {
  switch (s) {
    case store::stage_code::pre_sales:
      return router::stage::pre_sales;
    case store::stage_code::in_sale:
      return router::stage::in_sale;
    case store::stage_code::after_sales:
      return router::stage::after_sales;
  }
  return router::stage::pre_sales;
}

std::optional<store::stage_code> to_store_stage(v1::Stage s) noexcept {
  const auto domain = from_v1(s);
  if (!domain) {
    return std::nullopt;
  }
  return to_store_stage(*domain);
}

store::message_kind to_store_kind(v1::MessageContent::ContentCase c) noexcept {
  using content = v1::MessageContent;
  switch (c) {
    case content::kText:
      return store::message_kind::text;
    case content::kImage:
      return store::message_kind::image;
    case content::kProduct:
      return store::message_kind::product_card;
    case content::kOrder:
      return store::message_kind::order_card;
    case content::kNotice:
      return store::message_kind::system_notice;
    case content::kBot:
      return store::message_kind::bot_answer;
    case content::kRecall:
      return store::message_kind::recall;
    case content::CONTENT_NOT_SET:
      break;
  }
  return store::message_kind::text;
}

v1::AgentState to_v1(router::agent_state s) noexcept {
  switch (s) {
    case router::agent_state::online:
      return v1::AGENT_STATE_ONLINE;
    case router::agent_state::away:
      return v1::AGENT_STATE_AWAY;
    case router::agent_state::busy:
      return v1::AGENT_STATE_BUSY;
    case router::agent_state::offline:
      return v1::AGENT_STATE_OFFLINE;
  }
  return v1::AGENT_STATE_UNSPECIFIED;
}

std::optional<router::agent_state> from_v1(v1::AgentState s) noexcept {
  switch (s) {
    case v1::AGENT_STATE_ONLINE:
      return router::agent_state::online;
    case v1::AGENT_STATE_AWAY:
      return router::agent_state::away;
    case v1::AGENT_STATE_BUSY:
      return router::agent_state::busy;
    case v1::AGENT_STATE_OFFLINE:
      return router::agent_state::offline;
    default:
      return std::nullopt;
  }
}

v1::ConversationState to_v1(store::conversation_state s) noexcept {
  switch (s) {
    case store::conversation_state::bot:
      return v1::CONVERSATION_STATE_BOT;
    case store::conversation_state::queued:
      return v1::CONVERSATION_STATE_QUEUED;
    case store::conversation_state::offered:
      return v1::CONVERSATION_STATE_OFFERED;
    case store::conversation_state::active:
      return v1::CONVERSATION_STATE_ACTIVE;
    case store::conversation_state::wrap_up:
      return v1::CONVERSATION_STATE_WRAP_UP;
    case store::conversation_state::closed:
      return v1::CONVERSATION_STATE_CLOSED;
    case store::conversation_state::left_message:
      return v1::CONVERSATION_STATE_LEFT_MESSAGE;
    case store::conversation_state::abandoned:
      return v1::CONVERSATION_STATE_ABANDONED;
  }
  return v1::CONVERSATION_STATE_UNSPECIFIED;
}

// The project enums carry the wire numbers; the asserts keep the two lists in step.
static_assert(static_cast<int>(error_code::text_frame) == v1::ERROR_CODE_TEXT_FRAME);
static_assert(static_cast<int>(error_code::malformed) == v1::ERROR_CODE_MALFORMED);
static_assert(static_cast<int>(error_code::unknown_frame) == v1::ERROR_CODE_UNKNOWN_FRAME);
static_assert(static_cast<int>(error_code::forbidden_for_role) ==
              v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);
static_assert(static_cast<int>(error_code::not_a_participant) ==
              v1::ERROR_CODE_NOT_A_PARTICIPANT);
static_assert(static_cast<int>(error_code::invalid_argument) == v1::ERROR_CODE_INVALID_ARGUMENT);
static_assert(static_cast<int>(error_code::text_too_long) == v1::ERROR_CODE_TEXT_TOO_LONG);
static_assert(static_cast<int>(error_code::rate_limited) == v1::ERROR_CODE_RATE_LIMITED);
static_assert(static_cast<int>(error_code::not_found) == v1::ERROR_CODE_NOT_FOUND);
static_assert(static_cast<int>(error_code::conflict) == v1::ERROR_CODE_CONFLICT);
static_assert(static_cast<int>(error_code::store_unavailable) ==
              v1::ERROR_CODE_STORE_UNAVAILABLE);
static_assert(static_cast<int>(error_code::overloaded) == v1::ERROR_CODE_OVERLOADED);
static_assert(static_cast<int>(error_code::resync_required) == v1::ERROR_CODE_RESYNC_REQUIRED);
static_assert(static_cast<int>(error_code::recall_not_allowed) ==
              v1::ERROR_CODE_RECALL_NOT_ALLOWED);
static_assert(static_cast<int>(error_code::internal) == v1::ERROR_CODE_INTERNAL);
static_assert(static_cast<int>(error_code::conversation_closed) ==
              v1::ERROR_CODE_CONVERSATION_CLOSED);
static_assert(v1::ErrorCode_MAX == v1::ERROR_CODE_CONVERSATION_CLOSED,
              "a new ErrorCode needs its error_code value");

static_assert(static_cast<int>(close_code::normal) == v1::CLOSE_CODE_NORMAL);
static_assert(static_cast<int>(close_code::going_away) == v1::CLOSE_CODE_GOING_AWAY);
static_assert(static_cast<int>(close_code::protocol_error) == v1::CLOSE_CODE_PROTOCOL_ERROR);
static_assert(static_cast<int>(close_code::invalid_payload) == v1::CLOSE_CODE_INVALID_PAYLOAD);
static_assert(static_cast<int>(close_code::message_too_big) == v1::CLOSE_CODE_MESSAGE_TOO_BIG);
static_assert(static_cast<int>(close_code::internal) == v1::CLOSE_CODE_INTERNAL);
static_assert(static_cast<int>(close_code::slow_consumer) == v1::CLOSE_CODE_SLOW_CONSUMER);
static_assert(static_cast<int>(close_code::idle_timeout) == v1::CLOSE_CODE_IDLE_TIMEOUT);
static_assert(static_cast<int>(close_code::rate_limited) == v1::CLOSE_CODE_RATE_LIMITED);
static_assert(static_cast<int>(close_code::overloaded) == v1::CLOSE_CODE_OVERLOADED);
static_assert(static_cast<int>(close_code::bad_frames) == v1::CLOSE_CODE_BAD_FRAMES);
static_assert(static_cast<int>(close_code::token_expired) == v1::CLOSE_CODE_TOKEN_EXPIRED);
static_assert(static_cast<int>(close_code::too_many_connections) ==
              v1::CLOSE_CODE_TOO_MANY_CONNECTIONS);

v1::ErrorCode to_v1(error_code c) noexcept {
  return static_cast<v1::ErrorCode>(static_cast<int>(c));
}

error_code from_v1(v1::ErrorCode c) noexcept {
  // Only the decoder produces wire codes here, and never UNSPECIFIED; map it to the nearest.
  return c == v1::ERROR_CODE_UNSPECIFIED ? error_code::internal
                                         : static_cast<error_code>(static_cast<int>(c));
}

v1::CloseCode to_v1(close_code c) noexcept {
  return static_cast<v1::CloseCode>(static_cast<int>(c));
}

bool is_retryable(error_code code) noexcept { return is_retryable(to_v1(code)); }

void to_v1(const store::stored_message& in, v1::ChatMessage& out) {
  out.set_conversation_id(in.conversation);
  out.set_seq(in.seq);
  out.set_sender_role(to_v1(in.role));
  out.set_sender_id(in.sender_id);
  out.set_client_msg_id(in.client_msg_id);
  out.set_sent_at_ms(in.created_at);
  // The payload was validated and serialized by this layer before it was stored.
  if (!out.mutable_content()->ParseFromString(in.payload)) {
    out.mutable_content()->Clear();
  }
  out.set_visibility(in.staff_only ? v1::VISIBILITY_STAFF_ONLY : v1::VISIBILITY_ALL);
  out.set_recalled(in.recalled);
}

void to_v1(const store::conversation_record& in, v1::ConversationInfo& out) {
  out.set_conversation_id(in.id);
  out.set_stage(to_v1(from_store_stage(in.stage)));
  out.set_state(to_v1(in.state));
  out.set_customer_id(in.customer_id);
  out.set_agent_id(in.agent_id);
  out.set_last_seq(in.last_seq);
  out.set_created_at_ms(in.created_at);
}

void to_v1(const conversation_info& in, v1::ConversationInfo& out) {
  out.set_conversation_id(in.id);
  out.set_stage(to_v1(in.stage));
  out.set_state(to_v1(in.state));
  out.set_customer_id(in.customer);
  out.set_agent_id(in.agent);
  out.set_last_seq(in.last_seq);
  out.set_created_at_ms(in.created_at);
  if (!in.entry_page.empty() || !in.entry_product_id.empty() || !in.entry_order_id.empty()) {
    auto* e = out.mutable_entry();
    e->set_page_type(in.entry_page);
    e->set_product_id(in.entry_product_id);
    e->set_order_id(in.entry_order_id);
    if (in.entry_product) {
      e->set_category(in.entry_product->category);
    }
  }
  if (in.entry_order) {
    to_v1(*in.entry_order, *out.mutable_entry_order());
  }
  if (in.entry_product) {
    to_v1(*in.entry_product, *out.mutable_entry_product());
  }
}

conversation_info info_of(const store::conversation_record& rec) {
  conversation_info info{rec.id,       from_store_stage(rec.stage), rec.state, rec.customer_id,
                         rec.agent_id, rec.last_seq,                rec.created_at};
  info.entry_page = rec.entry_page;
  info.entry_product_id = rec.entry_product_id;
  info.entry_order_id = rec.entry_order_id;
  return info;
}

}  // namespace fenliu::gateway
