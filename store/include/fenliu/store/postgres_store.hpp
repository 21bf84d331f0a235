#pragma once
// The shared back end: PostgreSQL (15), for many gateway nodes on one database.
//
// Threads: as the SQLite back end, one writer thread with group commit (one transaction per
// batch of writes, its acks after COMMIT) and one reader thread, each with its own connection.
// A connection lost to a restart or a network failure fails the batch it was writing with
// errc::write_failed (nothing of it stored, no seq used; retryable) and the reads with
// std::errc::io_error; the next batch or read connects again.
//
// Durability: the ack runs after COMMIT returned, so a committed write survives a crash of
// fenliu and, with the server's default synchronous_commit = on, a crash of PostgreSQL too.
//
// Data: every table of the SQLite back end lives in `schema` (created when missing), so
// several stores (tests, or deployments) can share one database.

#include <memory>
#include <string>

#include "fenliu/store/store.hpp"

namespace fenliu::store {

struct postgres_options : store_options {
  /// A libpq connection string ("host=127.0.0.1 port=5432 dbname=fenliu user=fenliu") or URI.
  std::string dsn;
  /// The schema that holds the tables.
  std::string schema = "fenliu";
};

/// Connects, creates the schema and applies migrations, then starts the threads. Throws
/// std::runtime_error when the database cannot be reached or migrated (start-up).
std::unique_ptr<store> open_postgres_store(const postgres_options& options);

}  // namespace fenliu::store
