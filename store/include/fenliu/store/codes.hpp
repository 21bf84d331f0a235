#pragma once
// The store's own numbering for every enum it persists. These values are the on-disk format:
// a database holds them, so a value is never renumbered or reused. A new value gets a new
// number and, where old rows must change, a schema migration. Nothing here follows the wire
// (fenliu.v1) or the router's enums; the gateway's protocol layer converts, in one place.

#include <cstdint>

namespace fenliu::store {

/// The stage a conversation is in, or an agent serves. Columns conversations.stage,
/// conversation_history.stage and agent_stages.stage. Spaced by ten so that a stage added later
/// between two can be numbered in lifecycle order (agents' stages are read in code order).
/// Schema v1 to v3 held fenliu.v1.Stage numbers (1, 2, 3) here; migration v4 converted them.
enum class stage_code : std::uint8_t {
  pre_sales = 10,
  in_sale = 20,
  after_sales = 30,
};

/// A conversation's phase. Columns conversations.state and conversation_history.state.
enum class conversation_state : std::uint8_t {
  bot = 1,
  queued = 2,
  offered = 3,
  active = 4,
  wrap_up = 5,
  closed = 6,
  left_message = 7,
  abandoned = 8,
};

/// Who wrote a message. Column messages.role.
enum class sender_role : std::uint8_t {
  customer = 1,
  agent = 2,
  supervisor = 3,
  qa = 4,
  bot = 5,
  system = 6,
};

/// What a message's payload holds. Column messages.kind. The store never looks inside the
/// payload; the kind lets queries (QA, KPIs) tell content apart without decoding it.
enum class message_kind : std::uint8_t {
  text = 1,
  image = 2,
  product_card = 3,
  order_card = 4,
  system_notice = 5,
  bot_answer = 6,
  recall = 7,
};

}  // namespace fenliu::store
