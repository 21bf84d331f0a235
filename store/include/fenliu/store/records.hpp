#pragma once
// Everything the store keeps besides the message log: conversations and their history, routing
// decisions, ratings, QA reviews, left messages, customers, orders, shops, agents and FAQ entries.

#include <cstddef>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "fenliu/store/error.hpp"
#include "fenliu/store/rows.hpp"

namespace fenliu::store {

/// The records around conversations.
///
/// Threads: every method except load_open_conversations() may be called from any thread and
/// never waits on the database. Callbacks run on a thread of the store, must be short, must not
/// throw and must not call store::shutdown(); they may submit further operations.
///
/// Writes share one bounded queue with the message log's writes: they return errc::queue_full
/// (the queue is full) or errc::closed (after shutdown) at once, and then `done` is not called.
/// They run and commit in the order they were accepted; `done` runs after the commit, with
/// errc::write_failed when the batch's transaction rolled back (nothing of it stored). A read
/// sees a write once that write's callback has run (or a later write's, for the writes without
/// a callback).
///
/// Reads: `done` runs on a store thread, except when the read is refused (read queue full:
/// errc::queue_full; after shutdown: errc::closed), where it runs at once on the caller's
/// thread. Single-record reads answer errc::not_found; a database error answers
/// std::errc::io_error. `limit` 0 means no limit.
class records {
 public:
  virtual ~records() = default;

  // Conversations.

  /// Creates a conversation; `done` receives the new id (rec.id if non-zero, else assigned;
  /// std::errc::file_exists when a non-zero rec.id is taken, which fails only this write).
  /// created_at / updated_at == 0 are replaced by the store clock; last_seq starts at 0 and is
  /// then kept by message_log::append.
  virtual std::error_code create_conversation(conversation_record rec,
                                              callback<conversation_id> done) = 0;
  /// Updates state / stage / agent (fields as given in `rec`, matched by rec.id) and
  /// updated_at (0: the store clock). priority and queued_at are written when non-zero (0 keeps
  /// the stored value); shop, customer, entry and last_seq are never changed here. A change of
  /// state, stage or agent appends an assignment_row. errc::not_found for an unknown id.
  virtual std::error_code update_conversation(conversation_record rec,
                                              callback<bool> done = {}) = 0;
  virtual void get_conversation(conversation_id id, callback<conversation_record> done) = 0;
  /// Conversations not closed in which the id is the customer or the agent, in queued order.
  virtual void open_conversations_of(std::string customer_or_agent_id,
                                     callback<std::vector<conversation_record>> done) = 0;
  /// Closed conversations for QA sampling, most recently updated first; no stage: any stage.
  virtual void qa_sample(std::optional<stage_code> stage, std::size_t limit,
                         callback<std::vector<conversation_record>> done) = 0;
  /// Assignment history, oldest first.
  virtual void assignments_of(conversation_id id, callback<std::vector<assignment_row>> done) = 0;

  /// Start-up only, blocking (call before serving): conversations that are not closed, for
  /// rebuilding the router after a restart, in the order they were queued (queued_at, then id);
  /// includes left_message and abandoned ones. Throws std::system_error when the store is
  /// closed or the read fails.
  virtual std::vector<conversation_record> load_open_conversations() = 0;

  // Around a conversation.

  virtual std::error_code record_decision(decision_row row) = 0;
  virtual void decisions_of(conversation_id id, callback<std::vector<decision_row>> done) = 0;
  /// One rating per conversation: a later one replaces it.
  virtual std::error_code save_rating(rating_row row, callback<bool> done) = 0;
  virtual void rating_of(conversation_id id, callback<rating_row> done) = 0;
  virtual std::error_code save_qa_review(qa_review_row row, callback<bool> done) = 0;
  virtual void qa_reviews_of(conversation_id id, callback<std::vector<qa_review_row>> done) = 0;
  virtual std::error_code save_left_message(left_message_row row, callback<bool> done) = 0;
  /// Left messages of a shop's conversations still in state left_message, oldest first (served
  /// first when the next shift starts).
  virtual void pending_left_messages(std::string shop_id, std::size_t limit,
                                     callback<std::vector<left_message_row>> done) = 0;

  // Shop data and configuration.

  /// Inserts or replaces the customer; `row.tags` replace the stored tags.
  virtual std::error_code upsert_customer(customer_row row) = 0;
  virtual void get_customer(std::string id, callback<customer_row> done) = 0;
  /// Inserts or replaces the order; `row.items` replace the stored items.
  virtual std::error_code upsert_order(order_row row) = 0;
  /// The customer's orders, most recently updated first.
  virtual void orders_of(std::string customer_id, callback<std::vector<order_row>> done) = 0;
  /// Inserts or updates a shop.
  virtual std::error_code upsert_shop(shop_row row, callback<bool> done = {}) = 0;
  /// Replaces all agents of `shop_id` (with their stages, skills, shifts, holidays) by `agents`,
  /// in one transaction: agents missing from the list are removed. Call at start-up and on
  /// config hot reload.
  virtual std::error_code sync_agents(std::string shop_id, std::vector<agent_row> agents,
                                      callback<bool> done = {}) = 0;
  virtual void agents_of(std::string shop_id, callback<std::vector<agent_row>> done) = 0;
  /// Replaces all FAQ entries of `shop_id` by `rows` in one transaction: entries missing from
  /// the list are removed. Each row's shop_id is taken from `shop_id`.
  virtual std::error_code sync_faq(std::string shop_id, std::vector<faq_row> rows,
                                   callback<bool> done = {}) = 0;
  /// The shop's FAQ entries in position order (then id); none stored: an empty list.
  virtual void faq_of(std::string shop_id, callback<std::vector<faq_row>> done) = 0;

  // ---- agent tools and the customer record ----

  /// The customer's record: row and tags, orders, notes, past conversations (without
  /// `exclude`) with their ratings, left messages; each list newest first, cut at `limits`.
  /// An unknown customer answers an empty file (known false), not errc::not_found.
  virtual void customer_file_of(std::string customer_id, conversation_id exclude,
                                customer_file_limits limits, callback<customer_file> done) = 0;
  /// Replaces the customer's tags (creating the customer row when missing); the rest of the
  /// row is kept.
  virtual std::error_code set_customer_tags(std::string customer_id, std::string shop_id,
                                            std::vector<std::string> tags,
                                            callback<bool> done = {}) = 0;
  /// Remembers who served the customer last (sticky routing); creates the row when missing and
  /// keeps its tags and name.
  virtual std::error_code record_served(std::string customer_id, std::string shop_id,
                                        std::string agent_id, time_ms at) = 0;
  /// Adds a note; `done` receives its id.
  virtual std::error_code add_customer_note(customer_note_row row,
                                            callback<std::uint64_t> done) = 0;
  /// Inserts or replaces the phrase with row.id.
  virtual std::error_code save_quick_phrase(quick_phrase_row row, callback<bool> done = {}) = 0;
  /// Deletes the phrase `id` if `owner_id` owns it; errc::not_found (failing only this write)
  /// otherwise.
  virtual std::error_code delete_quick_phrase(std::string id, std::string owner_id,
                                              callback<bool> done = {}) = 0;
  /// Replaces the shop's phrases (owner_id empty) by `rows` in one transaction; agents' own
  /// phrases are kept.
  virtual std::error_code sync_shop_phrases(std::string shop_id,
                                            std::vector<quick_phrase_row> rows,
                                            callback<bool> done = {}) = 0;
  /// All phrases of the shop, the shop's and every agent's: shop phrases first in position
  /// order, then by owner, group and shortcut.
  virtual void quick_phrases_of(std::string shop_id,
                                callback<std::vector<quick_phrase_row>> done) = 0;

  // ---- shop data (products, orders by id, imports) ----

  /// Inserts or replaces the product (matched by id). updated_at 0: the store clock.
  virtual std::error_code upsert_product(product_row row, callback<bool> done = {}) = 0;
  virtual void get_product(std::string id, callback<product_row> done) = 0;
  /// The shop's products whose title or id contains `query` (empty: all), by id, at most
  /// `limit` (0: no limit).
  virtual void products_of(std::string shop_id, std::string query, std::size_t limit,
                           callback<std::vector<product_row>> done) = 0;
  /// One order with its items; errc::not_found for an unknown id.
  virtual void get_order(std::string id, callback<order_row> done) = 0;
  /// Upserts every product and order (items replaced) in ONE write: all of them are stored or
  /// none is. Rows keep their own shop_id if set, else take `shop_id`.
  virtual std::error_code import_shop_data(std::string shop_id, std::vector<product_row> products,
                                           std::vector<order_row> orders,
                                           callback<bool> done = {}) = 0;
  /// Start-up only, blocking (as load_open_conversations): every product and order of the shop.
  virtual shop_data load_shop_data(std::string shop_id) = 0;

  // ---- read receipts and stored context (part "receipts") ----
  /// Moves the reader's mark forward: a lower last_read_seq than the stored one keeps the
  /// stored one (and its time). `done` receives the mark as stored afterwards.
  virtual std::error_code save_read_mark(read_mark_row row, callback<seq_t> done) = 0;
  /// Every reader's mark of the conversation (none: an empty list).
  virtual void read_marks_of(conversation_id id, callback<std::vector<read_mark_row>> done) = 0;
  /// The conversation's latest transfer note (a later one replaces it); staff only.
  virtual std::error_code save_transfer_note(conversation_id id, std::string note,
                                             callback<bool> done = {}) = 0;
  /// The latest transfer note, or an empty string when none was stored.
  virtual void transfer_note_of(conversation_id id, callback<std::string> done) = 0;

  // ---- the floor: stored alerts, QA sampling and reviews (floor_ops.cpp) ----
  /// Stores a raised alert (row.id chosen by the caller; a repeated id is ignored).
  virtual std::error_code save_alert(alert_row row, callback<bool> done = {}) = 0;
  /// Marks an open alert acknowledged; `done` gets the alert as stored afterwards, or
  /// errc::not_found. Acknowledging twice keeps the first acknowledgement.
  virtual std::error_code acknowledge_alert(std::uint64_t id, std::string by, time_ms at,
                                            callback<alert_row> done) = 0;
  /// Newest first: the open ones, or every one when include_acknowledged.
  virtual void alerts(bool include_acknowledged, std::size_t limit,
                      callback<std::vector<alert_row>> done) = 0;
  /// Closed conversations whose last change is in [from, to), optionally of one stage, oldest
  /// first, with rating and risk flag.
  virtual void qa_candidates(time_ms from, time_ms to, std::optional<stage_code> stage,
                             callback<std::vector<qa_candidate_row>> done) = 0;
  /// The reviews of one agent's conversations, newest first.
  virtual void qa_reviews_of_agent(std::string agent_id, std::size_t limit,
                                   callback<std::vector<qa_review_row>> done) = 0;

  // ---- reports ----
  /// Messages of one kind created in [from, to), oldest first (then by conversation and seq),
  /// at most `limit` (0: no limit), across all conversations. Scans the messages of the period:
  /// for reports (the bot's unanswered questions), not for the hot path.
  virtual void messages_of_kind(message_kind kind, time_ms from, time_ms to, std::size_t limit,
                                callback<std::vector<stored_message>> done) = 0;
  // ---- KPIs (part "kpis") ----
  /// The rows the KPIs of [from, to) are computed from: the shop's conversations created in
  /// the period with their history, the messages the buyer saw (no whispers, no recall
  /// notices, no system or QA messages), rating, left messages and QA reviews, and the orders
  /// of their buyers created in [from, orders_until). More than `max_conversations`
  /// conversations (0: no limit): only kpi_source::total is filled in.
  virtual void kpi_source_of(std::string shop_id, time_ms from, time_ms to, time_ms orders_until,
                             std::size_t max_conversations, callback<kpi_source> done) = 0;
  // ---- images (issue #10, part "images") ----
  /// Inserts the upload (one row per id and uploader; the same upload again changes nothing).
  virtual std::error_code save_image(image_row row, callback<bool> done) = 0;
  /// Every upload of the image, oldest first; errc::not_found when there is none.
  virtual void get_image(std::string id, callback<std::vector<image_row>> done) = 0;
  /// Notes that a message of `conversation` created at `at` carries the image: the
  /// conversation's participants may then read it, and the retention purge keeps it as long
  /// as such a message may exist. Submit it before the message's append (one queue: it
  /// commits no later than the message).
  virtual std::error_code record_image_use(std::string image_id, conversation_id conversation,
                                           time_ms at) = 0;
  /// The conversations with a message carrying the image, by id.
  virtual void image_conversations(std::string image_id,
                                   callback<std::vector<conversation_record>> done) = 0;
  /// Retention for images: forgets the uses older than `cutoff` (their messages are purged by
  /// purge_messages_before with the same cutoff), then deletes the images uploaded before
  /// `cutoff` that no use is left of. `done` gets the deleted ids, whose files the caller
  /// removes.
  virtual std::error_code purge_images_before(time_ms cutoff,
                                              callback<std::vector<std::string>> done) = 0;

  // ---- admin API (issue #11, part "admin") ----
  /// Replaces the listed sections of `audit.shop_id` (by name) and appends the audit row in
  /// ONE write: all of them and the audit row are stored, or nothing is. `done` gets the
  /// audit row's id.
  virtual std::error_code save_admin_change(std::vector<admin_section_row> sections,
                                            audit_row audit,
                                            callback<std::uint64_t> done = {}) = 0;
  /// Every stored section of the shop, by name (none: an empty list).
  virtual void admin_sections_of(std::string shop_id,
                                 callback<std::vector<admin_section_row>> done) = 0;
  /// The shop's audit rows, newest first, at most `limit`.
  virtual void audit_of(std::string shop_id, std::size_t limit,
                        callback<std::vector<audit_row>> done) = 0;
};

}  // namespace fenliu::store
