#pragma once
// The shared back end: PostgreSQL (15), for many gateway nodes on one database.
//
// Threads: as the SQLite back end, one writer thread with group commit (one transaction per
// batch of writes, its acks after COMMIT) and one reader thread, each with its own connection.
// libpq runs non-blocking and each thread waits on PQsocket through Asio; a batch is one
// pipeline (BEGIN, the fence check, its statements, COMMIT: one round trip when every
// statement of the batch is an append), and every wait for the server is bounded by `timeout_ms`.
// A connection lost to a restart or a network failure fails the batch it was writing with
// errc::write_failed (nothing of it stored, no seq used; retryable) and the reads with
// std::errc::io_error; the next batch or read connects again.
//
// Durability: the ack runs after COMMIT returned, so a committed write survives a crash of
// fenliu and, with the server's default synchronous_commit = on, a crash of PostgreSQL too.
//
// Data: every table of the SQLite back end lives in `schema` (created when missing), so
// several stores (tests, or deployments) can share one database.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "fenliu/store/store.hpp"

namespace fenliu::store {

/// A node's claim to write for a shop: the lease it holds (postgres_lease.hpp) at an epoch.
/// The node's lease loop updates it; the writer checks it in every batch, inside the batch's
/// transaction: `SELECT 1 / count(*) FROM (SELECT 1 FROM shop_leases WHERE shop_id = $s AND
/// owner = $me AND epoch = $e FOR SHARE)`, which fails when no row matches and so aborts the
/// batch's pipeline. A batch whose check finds no row stores nothing and fails with errc::fenced,
/// so a former owner that was paused past its lease cannot write after another node took over
/// (the takeover's UPDATE waits for a batch that holds the row, and every later batch of the
/// former owner sees the new epoch). Thread-safe.
class write_fence {
 public:
  struct claim {
    std::string shop_id;
    std::string owner;
    std::int64_t epoch = 0;  // 0: nothing held, every batch is fenced
  };
  void hold(std::string shop_id, std::string owner, std::int64_t epoch);
  /// The lease was lost (or not renewed in time): every batch is fenced until the next hold().
  void drop();
  claim current() const;
  /// Batches refused so far.
  std::uint64_t refusals() const noexcept { return refusals_.load(std::memory_order_relaxed); }
  void count_refusal() noexcept { refusals_.fetch_add(1, std::memory_order_relaxed); }

 private:
  mutable std::mutex mutex_;
  claim claim_;
  std::atomic<std::uint64_t> refusals_{0};
};

struct postgres_options : store_options {
  /// A libpq connection string ("host=127.0.0.1 port=5432 dbname=fenliu user=fenliu") or URI.
  std::string dsn;
  /// The schema that holds the tables.
  std::string schema = "fenliu";
  /// How long a store thread waits for PostgreSQL (a connect, a statement, a batch's answers)
  /// before it gives the connection up: the batch fails with errc::write_failed (retryable) and
  /// the next one connects again.
  std::int64_t timeout_ms = 5000;
  /// Set on a cluster node: every batch checks it (see write_fence). Null: no check, one node.
  std::shared_ptr<write_fence> fence;
};

/// Connects, creates the schema and applies migrations, then starts the threads. Throws
/// std::runtime_error when the database cannot be reached or migrated (start-up).
std::unique_ptr<store> open_postgres_store(const postgres_options& options);

}  // namespace fenliu::store
