#pragma once
// The message log: the hot path of the store (every chat message is appended once and read on
// resume and history paging). Kept apart from records.hpp so that a back end built for this
// load (PostgreSQL, later) can implement it on its own terms.

#include <cstddef>
#include <system_error>
#include <vector>

#include "fenliu/store/error.hpp"
#include "fenliu/store/rows.hpp"

namespace fenliu::store {

/// Per-conversation ordered messages with a gapless seq and client-id dedupe.
///
/// Threads: every method may be called from any thread and never waits on the database.
/// Callbacks run on a thread of the store; a caller that needs its own executor posts from
/// inside the callback. Callbacks must be short, must not throw and must not call
/// store::shutdown() (it joins the thread they run on); they may submit further operations.
///
/// Ordering: writes run and commit in the order they were accepted, together with the writes
/// of the records interface of the same store (one queue), so the callbacks of one
/// conversation's appends arrive in seq order. A read sees a write once that write's callback
/// has run (or a later write's, for the writes without a callback).
///
/// Durability: `done` of a write runs only after the transaction holding the write has
/// committed; what a commit survives (a killed process always, power loss with the back end's
/// synchronous option) is the back end's to document (sqlite_store.hpp).
class message_log {
 public:
  virtual ~message_log() = default;

  /// Persists a message and assigns its seq inside the same transaction. `done` runs after the
  /// commit with the seq, or with the original seq (duplicate = true) for a known
  /// (conversation, sender_id, client_msg_id); an empty client_msg_id disables dedupe. A recall
  /// (recalls_seq != 0) marks the original `recalled` and keeps it. created_at == 0 is replaced
  /// by the store clock.
  ///
  /// Returns errc::queue_full at once (done not called) when the bounded write queue is full,
  /// errc::closed after shutdown. Errors given to `done`: errc::not_found (the conversation,
  /// created through records::create_conversation, or the recalled seq does not exist: nothing
  /// stored, no seq used) and errc::write_failed (the whole batch's transaction rolled back:
  /// nothing of it stored, no seq used).
  virtual std::error_code append(new_message msg, callback<append_result> done) = 0;

  /// Messages with seq > after_seq, oldest first, at most `limit` (0: no limit).
  /// errc::beyond_retention when after_seq is older than the retention window, decided as: the
  /// conversation has messages after after_seq and the message after_seq + 1 is gone (purged)
  /// or its created_at is older than clock() - retention_ms. Nothing missing (after_seq >=
  /// last_seq) is never beyond retention: the result is empty. errc::not_found for an unknown
  /// conversation.
  ///
  /// Reads: `done` runs on a store thread, except when the read is refused (read queue full:
  /// errc::queue_full; after shutdown: errc::closed), where it runs at once on the caller's
  /// thread. A database error answers std::errc::io_error.
  virtual void read_after(conversation_id id, seq_t after_seq, std::size_t limit,
                          callback<std::vector<stored_message>> done) = 0;

  /// Messages with seq < before_seq (0: from the newest), newest first, at most `limit`.
  /// Answers like read_after, without the retention check.
  virtual void read_before(conversation_id id, seq_t before_seq, std::size_t limit,
                           callback<std::vector<stored_message>> done) = 0;

  /// Deletes messages created before `cutoff` (retention); `done` gets the number deleted.
  /// Seqs keep counting after a purge, and a resume into the purged range answers
  /// errc::beyond_retention. May scan the whole log: run it rarely (e.g. daily). Refused and
  /// failed like append.
  virtual std::error_code purge_messages_before(time_ms cutoff,
                                                callback<std::size_t> done = {}) = 0;
};

}  // namespace fenliu::store
