#pragma once
// A back end that offers both halves of the store: what the server owns and hands to its
// handlers. Back ends: sqlite_store.hpp (embedded, the default).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>

#include "fenliu/store/message_log.hpp"
#include "fenliu/store/records.hpp"

namespace fenliu::store {

/// Behaviour every back end offers, whatever it persists to.
struct store_options {
  std::size_t write_queue_max = 65536;  // pending writes before a write pushes back
  /// Payload bytes of queued appends before append() pushes back (0: no byte bound). Bounds
  /// memory when clients send large messages: 65536 x 64 KiB would be 4 GiB. A single append
  /// into an empty queue is always taken.
  std::size_t write_queue_bytes_max = 64u << 20;
  std::size_t read_queue_max = 65536;  // pending reads before a read is refused
  std::size_t batch_max = 512;         // writes per transaction at most (group commit)
  int batch_delay_us = 500;            // wait this long for more writes before committing
  std::int64_t retention_ms = 90LL * 24 * 3600 * 1000;  // resume window; 0: no age limit
  /// Wall clock for retention and for records with created_at == 0; empty: system clock.
  /// Called from the store's threads, so it must be thread-safe. Tests inject time here.
  std::function<time_ms()> clock;
  /// Called on the writer thread after each committed transaction with its number of write
  /// jobs and the time from BEGIN to COMMIT (the server's metrics); empty: not reported. Must
  /// be quick and must not call the store.
  std::function<void(std::size_t jobs, std::chrono::microseconds took)> on_batch_committed;
  /// Where the callbacks of a finished transaction run. Empty: on the writer thread, each in
  /// turn. Set: called on the writer thread with one function that runs all of that
  /// transaction's callbacks in commit order; it must run each such function exactly once, in
  /// the order it was given them, on any thread (the server hands them to its I/O threads in
  /// one post per transaction, so the writer goes on writing while they fan out). Called for
  /// every transaction, committed or rolled back. Must not block.
  std::function<void(std::function<void()> complete_batch)> complete_batches_with;
};

/// A message log and the records of one database. The two halves share one write queue, so
/// the ordering of message_log.hpp holds across them: a conversation created through records
/// can be appended to as soon as the create is accepted, and an append's callback sees the
/// conversation's last_seq updated.
class store : public message_log, public records {
 public:
  /// Stops accepting writes, drains the queue, commits, answers the queued reads, joins the
  /// threads. Idempotent; the destructor of a back end calls it. Never call it from a store
  /// callback.
  virtual void shutdown() = 0;
};

}  // namespace fenliu::store
