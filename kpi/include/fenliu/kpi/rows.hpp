#pragma once
// Part "kpis": what the KPI calculator reads. Plain rows as the store keeps them (its numbering
// of states and roles is mapped by the reader), for the conversations created in one period.

#include <cstdint>
#include <string>
#include <vector>

namespace fenliu::kpi {

using time_ms = std::int64_t;
using conversation_id = std::uint64_t;

enum class stage : std::uint8_t { pre_sales, in_sale, after_sales };

/// A conversation's phase, as conversations.state / conversation_history.state.
enum class phase : std::uint8_t {
  bot,
  queued,
  offered,
  active,
  wrap_up,
  closed,
  left_message,
  abandoned,
};

/// Who wrote a message. `person`: an agent or a supervisor (barge).
enum class author : std::uint8_t { customer, person, bot, other };

struct conversation_row {
  conversation_id id = 0;
  std::string customer_id;
  stage stage_ = stage::pre_sales;  // the latest stage
  phase state = phase::queued;      // the latest state
  std::string agent_id;             // the latest agent ("" none)
  time_ms created_at = 0;
  time_ms updated_at = 0;
};

/// One change of state, stage or agent (conversation_history), in the order it happened.
struct history_row {
  conversation_id conversation = 0;
  time_ms at = 0;
  phase state = phase::queued;
  stage stage_ = stage::pre_sales;
  std::string agent_id;
};

/// A message the buyer could see (whispers and recall notices are not read).
struct message_row {
  conversation_id conversation = 0;
  author who = author::customer;
  time_ms at = 0;
};

struct rating_row {
  conversation_id conversation = 0;
  int stars = 0;  // 1..5
};

struct left_message_row {
  conversation_id conversation = 0;
  time_ms at = 0;
};

struct order_row {
  std::string customer_id;
  time_ms created_at = 0;
};

struct qa_review_row {
  conversation_id conversation = 0;
  int total = 0;
};

/// Everything about the conversations created in [from, to): their history, messages, rating,
/// left messages and QA reviews, and the orders of their buyers created from `from` until
/// `to` plus the conversion window. Rows of other conversations are ignored.
struct input {
  std::vector<conversation_row> conversations;
  std::vector<history_row> history;
  std::vector<message_row> messages;
  std::vector<rating_row> ratings;
  std::vector<left_message_row> left_messages;
  std::vector<order_row> orders;
  std::vector<qa_review_row> qa_reviews;
};

}  // namespace fenliu::kpi
