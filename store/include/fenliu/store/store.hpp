#pragma once
// The persistence interface. All operations are asynchronous: callers on I/O threads never wait
// on the database. Callbacks run on a store thread; a caller that needs its own executor posts
// from inside the callback. Writes go through one writer thread with group commit; reads through
// a separate reader thread (WAL lets them run beside the writer).

#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "fenliu/store/records.hpp"

namespace fenliu::store {

enum class errc {
  ok = 0,
  queue_full = 1,     // the bounded write queue is full: push back (retryable)
  write_failed = 2,   // the transaction failed (disk full, I/O error): nothing stored (retryable)
  not_found = 3,
  closed = 4,         // the store is shutting down
  beyond_retention = 5,
};
const std::error_category& store_category() noexcept;
std::error_code make_error_code(errc e) noexcept;

template <class T>
using callback = std::function<void(std::error_code, T)>;

struct store_options {
  std::string path;                  // the SQLite file; ":memory:" is not supported (WAL)
  bool synchronous_full = false;     // PRAGMA synchronous = FULL (else NORMAL)
  std::size_t write_queue_max = 65536;   // pending writes before append() pushes back
  std::size_t batch_max = 512;           // writes per transaction at most
  int batch_delay_us = 500;              // wait this long for more writes before committing
  std::int64_t retention_ms = 90LL * 24 * 3600 * 1000;  // resume window
};

class store {
 public:
  virtual ~store() = default;

  // ---- writes (writer thread, group commit) ----
  /// Persists a message and assigns its seq inside the same transaction. `done` runs after the
  /// commit with the seq, or with the original seq (duplicate = true) for a known client_msg_id.
  /// Returns errc::queue_full at once (done not called) when the write queue is full.
  virtual std::error_code append(new_message msg, callback<append_result> done) = 0;
  /// Creates a conversation; `done` receives the new id.
  virtual std::error_code create_conversation(conversation_record rec,
                                              callback<conversation_id> done) = 0;
  /// Updates state / stage / agent (fields as given in `rec`, matched by rec.id).
  virtual std::error_code update_conversation(conversation_record rec,
                                              callback<bool> done = {}) = 0;
  virtual std::error_code record_decision(decision_row row) = 0;
  virtual std::error_code save_rating(rating_row row, callback<bool> done) = 0;
  virtual std::error_code save_qa_review(qa_review_row row, callback<bool> done) = 0;
  virtual std::error_code save_left_message(left_message_row row, callback<bool> done) = 0;
  virtual std::error_code upsert_customer(customer_row row) = 0;
  virtual std::error_code upsert_order(order_row row) = 0;

  // ---- reads (reader thread) ----
  /// Messages with seq > after_seq, oldest first, at most `limit`. errc::beyond_retention when
  /// after_seq is older than the retention window.
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
  /// Closed conversations for QA sampling, newest first.
  virtual void qa_sample(int stage, std::size_t limit,
                         callback<std::vector<conversation_record>> done) = 0;

  // ---- start-up (blocking; call before serving) ----
  /// Conversations that are not closed, for rebuilding the router after a restart, in the order
  /// they were queued.
  virtual std::vector<conversation_record> load_open_conversations() = 0;

  /// Stops accepting writes, drains the queue, commits, joins the threads.
  virtual void shutdown() = 0;
};

/// Opens (creating if needed) the SQLite store and applies migrations. Throws on failure (start-up).
std::unique_ptr<store> open_sqlite_store(const store_options& options);

}  // namespace fenliu::store

template <>
struct std::is_error_code_enum<fenliu::store::errc> : std::true_type {};
