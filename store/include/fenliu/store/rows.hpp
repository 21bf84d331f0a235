#pragma once
// Plain records the store keeps. No protobuf here: message content is an opaque payload that the
// gateway's protocol layer encodes (a serialized fenliu.v1.MessageContent). Enum values are the
// store's own (codes.hpp).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fenliu/store/codes.hpp"

namespace fenliu::store {

using conversation_id = std::uint64_t;
using seq_t = std::uint64_t;
using time_ms = std::int64_t;

/// What a client asked to persist. `client_msg_id` is unique per (conversation, sender_id).
struct new_message {
  conversation_id conversation = 0;
  sender_role role = sender_role::customer;
  std::string sender_id;
  std::string client_msg_id;
  message_kind kind = message_kind::text;
  std::string payload;      // serialized content, stored verbatim
  bool staff_only = false;  // whispers
  seq_t recalls_seq = 0;    // non-zero: this message recalls that seq
  time_ms created_at = 0;
};

struct stored_message {
  conversation_id conversation = 0;
  seq_t seq = 0;
  sender_role role = sender_role::customer;
  std::string sender_id;
  std::string client_msg_id;
  message_kind kind = message_kind::text;
  std::string payload;
  bool staff_only = false;
  seq_t recalls_seq = 0;
  bool recalled = false;
  time_ms created_at = 0;
};

struct append_result {
  seq_t seq = 0;
  bool duplicate = false;  // client_msg_id seen before: seq is the original one
  time_ms created_at = 0;  // of the stored (original) message
};

struct conversation_record {
  conversation_id id = 0;
  std::string shop_id;
  std::string customer_id;
  stage_code stage = stage_code::pre_sales;
  conversation_state state = conversation_state::queued;
  std::string agent_id;  // empty: none
  int priority = 0;
  std::string entry_page;
  std::string entry_product_id;
  std::string entry_order_id;
  time_ms created_at = 0;
  time_ms queued_at = 0;
  time_ms updated_at = 0;
  seq_t last_seq = 0;
};

struct decision_row {
  conversation_id conversation = 0;
  time_ms at = 0;
  std::string rule;
  std::string winner;
  std::string candidates_json;  // [{"agent":..,"rejected_because":..}]
};

struct rating_row {
  conversation_id conversation = 0;
  int stars = 0;
  std::string comment;
  time_ms at = 0;
};

struct qa_review_row {
  conversation_id conversation = 0;
  std::string reviewer_id;
  std::string scores_json;
  int total = 0;
  std::string comment;
  time_ms at = 0;
  std::string agent_id = {};  // the agent scored (the conversation's agent when reviewed)
};

// ---- the floor: stored alerts and QA candidates ----
struct alert_row {
  std::uint64_t id = 0;  // chosen by the gateway (unique, increasing)
  time_ms at = 0;
  std::string kind;
  conversation_id conversation = 0;  // 0: about a stage, not one conversation
  stage_code stage = stage_code::pre_sales;
  std::string agent_id;
  std::string text;
  std::string triggers_json;  // JSON array of strings
  double risk = 0;
  std::string acknowledged_by;  // empty: open
  time_ms acknowledged_at = 0;
};

/// A closed conversation QA may sample, with what the sampling rules read.
struct qa_candidate_row {
  conversation_record conversation;  // closed; updated_at is when it closed
  int rating_stars = 0;  // 0: not rated
  bool risk_flagged = false;  // a complaint_risk decision was recorded for it
};

struct left_message_row {
  conversation_id conversation = 0;
  std::string customer_id;
  std::string text;
  std::string contact;
  time_ms at = 0;
};

struct customer_row {
  std::string id;
  std::string shop_id;
  std::string display_name;
  std::vector<std::string> tags;
  bool vip = false;
  std::string last_agent_id;
  time_ms last_served_at = 0;
  int vip_level = 0;  // 0: not a VIP (a row with `vip` and level 0 reads as level 1)
};

struct order_item_row {
  std::string product_id;
  std::string title;
  int quantity = 1;
  std::int64_t price_cents = 0;
};

struct order_row {
  std::string id;
  std::string shop_id;
  std::string customer_id;
  std::string status;  // unpaid, paid, shipped, delivered, refund_open, closed
  std::vector<order_item_row> items;
  std::int64_t total_cents = 0;
  time_ms created_at = 0;
  time_ms updated_at = 0;
  std::string carrier = {};      // courier of a shipped order, e.g. 顺丰
  std::string tracking_no = {};  // the courier's tracking number
  time_ms delivered_at = 0;      // 0: not delivered (or not known when)
};

// ---- shop data (products) ----

/// A product of a shop, as the shop's system imports it (PUT /api/products/<id>).
struct product_row {
  std::string id;
  std::string shop_id;
  std::string title;
  std::int64_t price_cents = 0;
  std::string currency = "CNY";  // ISO 4217
  std::string picture_url = {};
  std::string category = {};
  time_ms updated_at = 0;
};

/// All products and orders of a shop (load_shop_data).
struct shop_data {
  std::vector<product_row> products;
  std::vector<order_row> orders;
};

/// A shop as loaded from config.
struct shop_row {
  std::string id;
  std::string name;
  std::string time_zone;  // IANA name, e.g. "Asia/Shanghai"
  time_ms updated_at = 0;
};

struct agent_skill_row {
  std::string skill;
  int level = 1;  // 1..5
};

/// One interval of a shift, minutes since local midnight, [start, end). With `date` empty it is
/// part of the weekly schedule on `weekday` (0 = Monday); with `date` ("YYYY-MM-DD") it belongs
/// to that date's override and `weekday` is ignored.
struct agent_shift_row {
  int weekday = 0;
  std::string date;
  int start_minute = 0;
  int end_minute = 0;
};

/// An agent as loaded from config (router::agent_profile without router types).
struct agent_row {
  std::string id;
  std::string shop_id;
  std::string display_name;
  std::vector<stage_code> stages;
  std::vector<agent_skill_row> skills;
  std::vector<agent_shift_row> shifts;
  std::vector<std::string> holidays;  // "YYYY-MM-DD"; also days whose override is empty
  int capacity = 5;
  bool supervisor = false;
  bool always_on = false;
};

/// One FAQ bot entry of a shop. The store keeps `body_json` as given (the gateway's JSON of
/// examples, keywords, answers and quick replies) and never parses it.
struct faq_row {
  std::string shop_id;
  std::string id;
  stage_code stage = stage_code::pre_sales;
  std::string body_json;
  int position = 0;  // faq_of() returns a shop's entries in this order
};

/// One step of a conversation's history (assignment, transfer, state change), written by
/// update_conversation whenever state, stage or agent differ from the stored ones.
struct assignment_row {
  conversation_id conversation = 0;
  time_ms at = 0;  // conversation_record::updated_at of the update
  conversation_state state = conversation_state::queued;
  stage_code stage = stage_code::pre_sales;
  std::string agent_id;  // empty: none
};

// ---- agent tools and the customer record ----

/// A quick phrase (快捷短语): the shop's (owner_id empty) or one agent's own.
struct quick_phrase_row {
  std::string id;
  std::string shop_id;
  std::string owner_id;
  std::string group;
  std::string shortcut;
  std::string text;
  int position = 0;  // shop phrases keep the config's order
  time_ms updated_at = 0;
};

/// An internal note (备注) on a customer, staff only.
struct customer_note_row {
  std::uint64_t id = 0;  // assigned by the store
  std::string customer_id;
  std::string shop_id;
  std::string author_id;
  std::string author_name;  // as it was when the note was written
  std::string text;
  time_ms at = 0;
};

/// One of the customer's conversations with its rating, for the record's history.
struct past_conversation_row {
  conversation_id id = 0;
  stage_code stage = stage_code::pre_sales;
  conversation_state state = conversation_state::closed;
  std::string agent_id;  // the last agent who held it; empty: none
  time_ms created_at = 0;
  time_ms updated_at = 0;
  int rating_stars = 0;  // 0: not rated
  std::string rating_comment;
};

/// How much of each list customer_file_of() reads (newest first).
struct customer_file_limits {
  std::size_t orders = 20;
  std::size_t notes = 50;
  std::size_t conversations = 20;
  std::size_t left_messages = 20;
};

/// Everything staff see about a customer, read in one snapshot.
struct customer_file {
  customer_row customer;  // id set even when unknown (known false)
  bool known = false;
  std::vector<order_row> orders;
  std::vector<customer_note_row> notes;
  std::vector<past_conversation_row> conversations;
  std::vector<left_message_row> left_messages;
};

// ---- images (issue #10, part "images") ----

/// An uploaded image: its bytes live in a file named by `id` (the SHA-256 of the bytes, hex),
/// the store keeps what is known about it. The same bytes uploaded by two people give two rows
/// of the same id, one per uploader.
struct image_row {
  std::string id;         // 64 lowercase hex digits
  std::string mime_type;  // image/jpeg, image/png, image/webp, image/gif
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint64_t bytes = 0;
  std::string uploader_id;
  std::string shop_id;
  time_ms created_at = 0;  // 0: the store clock
};


// ---- read receipts and stored context (part "receipts") ----

/// How far one reader has read a conversation (MarkRead). Table read_marks; one row per
/// (conversation, reader), `last_read_seq` only moves forward.
struct read_mark_row {
  conversation_id conversation = 0;
  std::string reader_id;
  sender_role role = sender_role::customer;
  seq_t last_read_seq = 0;
  time_ms at = 0;
};

// ---- admin API (issue #11, part "admin") ----

/// One admin-able section of a shop's configuration (table admin_sections): its name in the
/// admin API ("agents", "routing", ...) and its value in the config's TOML form as JSON.
struct admin_section_row {
  std::string shop_id;
  std::string name;
  std::string json;
  time_ms updated_at = 0;  // 0: the store clock
};

/// One admin change (table audit_log): who (the token's subject), when, what.
struct audit_row {
  std::uint64_t id = 0;  // assigned by the store
  std::string shop_id;
  time_ms at_ms = 0;  // 0: the store clock
  std::string actor;
  std::string action;       // "create", "update", "replace", "delete", "disable", "seed"
  std::string target;       // "agents/a1", "routing", ...
  std::string detail_json;  // {"before": ..., "after": ...}
};

}  // namespace fenliu::store

// ---- KPIs (part "kpis") ----

namespace fenliu::store {

/// A message as the KPIs read it: who wrote it, and when.
struct kpi_message_row {
  conversation_id conversation = 0;
  sender_role role = sender_role::customer;
  time_ms created_at = 0;
};

struct kpi_order_row {
  std::string customer_id;
  time_ms created_at = 0;
};

/// What the KPIs of one period are computed from (records::kpi_source_of).
struct kpi_source {
  /// The shop's conversations created in the period; when there are more than the read's
  /// limit, none is read (and nothing below) and only `total` tells how many.
  std::uint64_t total = 0;
  std::vector<conversation_record> conversations;  // by created_at, then id
  std::vector<assignment_row> history;             // by conversation, then oldest first
  std::vector<kpi_message_row> messages;           // by conversation and seq
  std::vector<rating_row> ratings;
  std::vector<left_message_row> left_messages;
  std::vector<kpi_order_row> orders;
  std::vector<qa_review_row> qa_reviews;
};

}  // namespace fenliu::store
