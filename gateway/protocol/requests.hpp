#pragma once
// Client requests as domain values: what the protocol layer hands to the dispatcher once a frame
// is decoded and validated. Field ranges are checked already (ids present and bounded, text
// lengths, enum values); participation and state are the handlers' to check.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "fenliu/router/events.hpp"
#include "fenliu/router/types.hpp"
#include "fenliu/store/records.hpp"
#include "gateway/protocol/content.hpp"

namespace fenliu::gateway {

/// Where the widget was opened: the page and the product or order on it.
struct entry_context {
  std::string page_type;
  std::string product_id;
  std::string order_id;
  std::string category = {};  // the product's category, as the page knows it
  std::string language = {};  // the widget's language (BCP 47)
};

namespace requests {

using store::conversation_id;

struct ping {
  std::int64_t client_time_ms = 0;
};
struct resume {
  conversation_id conversation = 0;
  store::seq_t last_seq = 0;
};
struct typing {
  conversation_id conversation = 0;
  bool typing = false;
};
struct send_message {
  conversation_id conversation = 0;
  std::string client_msg_id;
  message_content content;
  bool whisper = false;
  std::int64_t client_time_ms = 0;
};
struct start_conversation {
  entry_context entry;
  std::optional<router::stage> requested_stage;  // nullopt: let the server classify
  std::string first_text;
  std::string client_msg_id;  // for first_text
};
struct leave_message {
  conversation_id conversation = 0;
  std::string text;
  std::string contact;  // never logged
};
struct leave_queue {
  conversation_id conversation = 0;
};
struct rate {
  conversation_id conversation = 0;
  int stars = 0;  // 1..5
  std::string comment;
};
/// The 转人工 button: the buyer asks for a person while the bot serves the chat.
struct request_human {
  conversation_id conversation = 0;
};
struct set_agent_state {
  router::agent_state state = router::agent_state::online;
};
struct accept_offer {
  conversation_id conversation = 0;
};
struct decline_offer {
  conversation_id conversation = 0;
  std::string reason;
};
struct close_conversation {
  conversation_id conversation = 0;
};
struct mark_awaiting_logistics {
  conversation_id conversation = 0;
};
/// TransferConversation, or ForceTransfer from a supervisor (`forced`).
struct transfer {
  conversation_id conversation = 0;
  router::event::transfer_target target;  // exactly one of its fields is set
  std::string note;
  bool forced = false;
};
struct recall {
  conversation_id conversation = 0;
  store::seq_t seq = 0;
  std::string client_msg_id;
};
struct fetch_history {
  conversation_id conversation = 0;
  store::seq_t before_seq = 0;  // 0: from the newest
  std::uint32_t limit = 0;      // 0: the server's page size
};
struct fetch_profile {
  conversation_id conversation = 0;
};
// ---- agent tools and the customer record ----
struct fetch_quick_phrases {
  conversation_id conversation = 0;  // 0: unrendered
};
struct save_quick_phrase {
  std::string id;  // empty: a new phrase
  std::string group;
  std::string shortcut;
  std::string text;
};
struct delete_quick_phrase {
  std::string id;
};
struct edit_customer_tags {
  conversation_id conversation = 0;
  std::vector<std::string> add;
  std::vector<std::string> remove;
};
struct add_customer_note {
  conversation_id conversation = 0;
  std::string text;
};
struct fetch_suggestions {
  conversation_id conversation = 0;
};
/// Shop data: the workbench's product picker.
struct fetch_products {
  std::string query;
  std::uint32_t limit = 0;  // 0: the server's maximum
};
struct subscribe_board {
  bool subscribe = false;
};
struct monitor {
  conversation_id conversation = 0;
  bool monitor = false;
};
struct barge {
  conversation_id conversation = 0;
};
struct force_agent_state {
  std::string agent_id;
  router::agent_state state = router::agent_state::online;
};
struct fetch_decisions {
  conversation_id conversation = 0;
};
/// FetchKpis (part "kpis"): keys already checked ("" : the default).
struct fetch_kpis {
  std::int64_t from_ms = 0;
  std::int64_t to_ms = 0;
  std::string group_by;
  std::string period;
};
struct fetch_qa_sample {
  std::uint32_t limit = 0;             // 0: the default
  std::optional<router::stage> stage;  // nullopt: every stage
};
/// The floor (issue #11): stored alerts and the QA checklist and reviews.
struct ack_alert {
  std::uint64_t alert_id = 0;
};
struct fetch_alerts {
  bool include_acknowledged = false;
  std::uint32_t limit = 0;  // 0: 50
};
struct fetch_qa_checklist {};
struct fetch_qa_reviews {
  conversation_id conversation = 0;  // 0: by agent
  std::string agent_id;
  std::uint32_t limit = 0;  // 0: 50
};
struct fetch_transcript {
  conversation_id conversation = 0;
};
struct qa_score {
  std::string item;
  std::uint32_t score = 0;
};
struct submit_qa_review {
  conversation_id conversation = 0;
  std::vector<qa_score> scores;  // 1..50 items
  std::string comment;
};

/// MarkRead (part "receipts"): read up to and including `seq`.
struct mark_read {
  conversation_id conversation = 0;
  store::seq_t seq = 0;
};

}  // namespace requests

/// Every request a client may send, one alternative per frame body (ForceTransfer is a
/// `transfer` with `forced`).
using client_request =
    std::variant<requests::ping, requests::resume, requests::typing, requests::send_message,
                 requests::start_conversation, requests::leave_message, requests::leave_queue,
                 requests::rate, requests::request_human, requests::set_agent_state, requests::accept_offer,
                 requests::decline_offer, requests::close_conversation, requests::transfer,
                 requests::recall, requests::fetch_history, requests::fetch_profile,
                 requests::subscribe_board, requests::monitor, requests::barge,
                 requests::force_agent_state, requests::fetch_decisions, requests::fetch_qa_sample,
                 requests::fetch_transcript, requests::submit_qa_review,
                 requests::mark_awaiting_logistics, requests::fetch_quick_phrases,
                 requests::save_quick_phrase, requests::delete_quick_phrase,
                 requests::edit_customer_tags, requests::add_customer_note,
                 requests::fetch_suggestions, requests::fetch_products, requests::mark_read,
                 requests::ack_alert, requests::fetch_alerts, requests::fetch_qa_checklist,
                 requests::fetch_qa_reviews, requests::fetch_kpis>;

/// A decoded, validated client frame.
struct decoded_frame {
  std::uint64_t request_id = 0;  // echoed in the reply
  client_request body;
};

}  // namespace fenliu::gateway
