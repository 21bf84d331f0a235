#pragma once
// The persistence interface. All operations are asynchronous: callers on I/O threads never wait
// on the database. Callbacks run on a store thread; a caller that needs its own executor posts
// from inside the callback. Callbacks must be short, must not throw and must not call
// shutdown() (it joins the thread they run on); they may submit further operations. Writes go
// through one writer thread with group commit; reads through a separate reader thread (WAL lets
// them run beside the writer). WAL checkpoints run on a third thread, off the commit path.
// Thread-safety: every method may be called from any thread.
//
// Ordering: writes run and commit in the order they were accepted (one queue, one thread), so
// callbacks of one conversation's appends arrive in seq order. A read sees a write once that
// write's callback has run (or a later write's, for the writes without a callback).
//
// Durability (store_options::synchronous_full): the ack (`done` of a write) runs only after the
// transaction holding the write has committed.
//  - NORMAL (default) in WAL mode: a committed write survives a crash or kill -9 of the process;
//    on power loss or an OS crash the last commits before the failure may be lost (the WAL is
//    synced only at checkpoints), but the database stays consistent (no torn transaction).
//  - FULL: the WAL is synced at every commit, so a committed write also survives power loss and
//    an OS crash (as far as the disk honours fsync). Costs one fsync per group commit.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "fenliu/store/records.hpp"

namespace fenliu::store {

enum class errc {
  ok = 0,
  queue_full = 1,    // the bounded write queue is full: push back (retryable)
  write_failed = 2,  // the transaction failed (disk full, I/O error): nothing stored (retryable)
  not_found = 3,
  closed = 4,  // the store is shutting down
  beyond_retention = 5,
  not_supported = 6,  // added: this back end does not implement the operation
};
const std::error_category& store_category() noexcept;
std::error_code make_error_code(errc e) noexcept;

template <class T>
using callback = std::function<void(std::error_code, T)>;

struct store_options {
  std::string path;                     // the SQLite file; ":memory:" is not supported (WAL)
  bool synchronous_full = false;        // PRAGMA synchronous = FULL (else NORMAL)
  std::size_t write_queue_max = 65536;  // pending writes before append() pushes back
  std::size_t batch_max = 512;          // writes per transaction at most
  int batch_delay_us = 500;             // wait this long for more writes before committing
  std::int64_t retention_ms = 90LL * 24 * 3600 * 1000;  // resume window; 0: no age limit
  // ---- additions ----
  /// PRAGMA max_page_count on the writer connection; 0 = SQLite's default (unlimited in
  /// practice). Lets tests simulate a full disk (writes fail with SQLITE_FULL).
  std::int64_t max_page_count = 0;
  /// Payload bytes of queued appends before append() pushes back (0: no byte bound). Bounds
  /// memory when clients send large messages: 65536 x 64 KiB would be 4 GiB. A single append
  /// into an empty queue is always taken.
  std::size_t write_queue_bytes_max = 64u << 20;
  /// Pending reads before a read is refused with errc::queue_full.
  std::size_t read_queue_max = 65536;
  /// Wall clock for retention and for records with created_at == 0; empty: system clock.
  /// Called from the store's threads, so it must be thread-safe. Tests inject time here.
  std::function<time_ms()> clock;
};

class store {
 public:
  virtual ~store() = default;

  // ---- writes (writer thread, group commit) ----
  /// Persists a message and assigns its seq inside the same transaction. `done` runs after the
  /// commit with the seq, or with the original seq (duplicate = true) for a known client_msg_id.
  /// Returns errc::queue_full at once (done not called) when the write queue is full.
  ///
  /// Every write method below shares the same bounded queue and returns queue_full / closed the
  /// same way (done not called). Errors given to `done`: errc::not_found (the conversation, or
  /// for a recall the recalled seq, does not exist: nothing stored, no seq used) and
  /// errc::write_failed (the whole batch's transaction rolled back: nothing of it stored, no seq
  /// used). An empty client_msg_id disables dedupe. A recall (recalls_seq != 0) marks the
  /// original `recalled` and keeps it. created_at == 0 is replaced by the store clock.
  virtual std::error_code append(new_message msg, callback<append_result> done) = 0;
  /// Creates a conversation; `done` receives the new id (rec.id if non-zero, else assigned;
  /// std::errc::file_exists when a non-zero rec.id is taken). created_at / updated_at == 0 are
  /// replaced by the store clock; last_seq starts at 0.
  virtual std::error_code create_conversation(conversation_record rec,
                                              callback<conversation_id> done) = 0;
  /// Updates state / stage / agent (fields as given in `rec`, matched by rec.id) and
  /// updated_at (0: the store clock). priority and queued_at are written when non-zero (0 keeps
  /// the stored value); shop, customer, entry and last_seq are never changed here. A change of
  /// state, stage or agent appends an assignment_row. errc::not_found for an unknown id.
  virtual std::error_code update_conversation(conversation_record rec,
                                              callback<bool> done = {}) = 0;
  virtual std::error_code record_decision(decision_row row) = 0;
  virtual std::error_code save_rating(rating_row row, callback<bool> done) = 0;
  virtual std::error_code save_qa_review(qa_review_row row, callback<bool> done) = 0;
  virtual std::error_code save_left_message(left_message_row row, callback<bool> done) = 0;
  /// Inserts or replaces the customer; `row.tags` replace the stored tags.
  virtual std::error_code upsert_customer(customer_row row) = 0;
  /// Inserts or replaces the order; `row.items` replace the stored items.
  virtual std::error_code upsert_order(order_row row) = 0;

  // ---- reads (reader thread) ----
  /// Messages with seq > after_seq, oldest first, at most `limit`. errc::beyond_retention when
  /// after_seq is older than the retention window, decided as: the conversation has messages
  /// after after_seq and the message after_seq + 1 is gone (purged) or its created_at is older
  /// than clock() - retention_ms. Nothing missing (after_seq >= last_seq) is never beyond
  /// retention: the result is empty. errc::not_found for an unknown conversation.
  ///
  /// All reads: `done` runs on the reader thread, except when the read is refused (read queue
  /// full: errc::queue_full; after shutdown: errc::closed), where it runs at once on the caller's
  /// thread. Single-record reads answer errc::not_found; a database error on a read answers
  /// std::errc::io_error. `limit` 0 means no limit.
  virtual void read_after(conversation_id id, seq_t after_seq, std::size_t limit,
                          callback<std::vector<stored_message>> done) = 0;
  /// Messages with seq < before_seq (0: newest), newest first, at most `limit`.
  virtual void read_before(conversation_id id, seq_t before_seq, std::size_t limit,
                           callback<std::vector<stored_message>> done) = 0;
  virtual void get_conversation(conversation_id id, callback<conversation_record> done) = 0;
  virtual void open_conversations_of(std::string customer_or_agent_id,
                                     callback<std::vector<conversation_record>> done) = 0;
  virtual void get_customer(std::string id, callback<customer_row> done) = 0;
  virtual void orders_of(std::string customer_id, callback<std::vector<order_row>> done) = 0;
  virtual void decisions_of(conversation_id id, callback<std::vector<decision_row>> done) = 0;
  /// Closed conversations for QA sampling, most recently updated first; stage 0: any stage.
  virtual void qa_sample(int stage, std::size_t limit,
                         callback<std::vector<conversation_record>> done) = 0;

  // ---- additions (default implementations answer errc::not_supported, so test doubles of
  // the first contract keep compiling) ----
  /// Inserts or updates a shop.
  virtual std::error_code upsert_shop(shop_row row, callback<bool> done = {});
  /// Replaces all agents of `shop_id` (with their stages, skills, shifts, holidays) by `agents`,
  /// in one transaction: agents missing from the list are removed. Call at start-up and on
  /// config hot reload.
  virtual std::error_code sync_agents(std::string shop_id, std::vector<agent_row> agents,
                                      callback<bool> done = {});
  /// Changes PRAGMA max_page_count on the writer connection (0 = default). SQLite never sets it
  /// below the current size. Used by tests to give space back after a simulated full disk.
  virtual std::error_code set_max_page_count(std::int64_t pages, callback<bool> done = {});
  /// Deletes messages created before `cutoff` (retention); `done` gets the number deleted.
  /// Scans the table: run it rarely (e.g. daily).
  virtual std::error_code purge_messages_before(time_ms cutoff, callback<std::size_t> done = {});

  virtual void agents_of(std::string shop_id, callback<std::vector<agent_row>> done);
  /// Assignment history, oldest first.
  virtual void assignments_of(conversation_id id, callback<std::vector<assignment_row>> done);
  virtual void rating_of(conversation_id id, callback<rating_row> done);
  virtual void qa_reviews_of(conversation_id id, callback<std::vector<qa_review_row>> done);
  /// Left messages of a shop's conversations still in state left_message, oldest first (served
  /// first when the next shift starts).
  virtual void pending_left_messages(std::string shop_id, std::size_t limit,
                                     callback<std::vector<left_message_row>> done);

  // ---- start-up (blocking; call before serving) ----
  /// Conversations that are not closed, for rebuilding the router after a restart, in the order
  /// they were queued (queued_at, then id); includes left_message and abandoned ones. Throws
  /// std::system_error when the store is closed or the read fails.
  virtual std::vector<conversation_record> load_open_conversations() = 0;

  /// Stops accepting writes, drains the queue, commits, answers the queued reads, joins the
  /// threads. Idempotent; the destructor calls it.
  virtual void shutdown() = 0;
};

/// Opens (creating if needed) the SQLite store and applies migrations. Throws on failure
/// (start-up).
std::unique_ptr<store> open_sqlite_store(const store_options& options);

}  // namespace fenliu::store

template <>
struct std::is_error_code_enum<fenliu::store::errc> : std::true_type {};
