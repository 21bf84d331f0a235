#pragma once
// The embedded back end: one SQLite file in WAL mode.
//
// Threads: writes go through one writer thread with group commit, reads through a separate
// reader thread (WAL lets them run beside the writer), WAL checkpoints run on a third thread,
// off the commit path.
//
// Durability (sqlite_options::synchronous_full): the ack (`done` of a write) runs only after
// the transaction holding the write has committed.
//  - NORMAL (default) in WAL mode: a committed write survives a crash or kill -9 of the process;
//    on power loss or an OS crash the last commits before the failure may be lost (the WAL is
//    synced only at checkpoints), but the database stays consistent (no torn transaction).
//  - FULL: the WAL is synced at every commit, so a committed write also survives power loss and
//    an OS crash (as far as the disk honours fsync). Costs one fsync per group commit.

#include <cstdint>
#include <memory>
#include <string>
#include <system_error>

#include "fenliu/store/store.hpp"

namespace fenliu::store {

struct sqlite_options : store_options {
  std::string path;               // the SQLite file; ":memory:" is not supported (WAL)
  bool synchronous_full = false;  // PRAGMA synchronous = FULL (else NORMAL)
  /// PRAGMA max_page_count on the writer connection; 0 = SQLite's default (unlimited in
  /// practice). Lets tests simulate a full disk (writes fail with SQLITE_FULL).
  std::int64_t max_page_count = 0;
  /// WAL pages (4 KiB each) that make the checkpointer thread copy the WAL into the database.
  /// Larger: a page rewritten by many batches is copied once per checkpoint instead of once per
  /// 1000 pages (SQLite's default), for a larger WAL file and a longer replay after a crash.
  int wal_checkpoint_pages = 8000;
};

class sqlite_store : public store {
 public:
  /// Changes PRAGMA max_page_count on the writer connection (0 = default). SQLite never sets it
  /// below the current size. A write like any other (queued, ordered, refused the same way);
  /// used by tests to give space back after a simulated full disk.
  virtual std::error_code set_max_page_count(std::int64_t pages, callback<bool> done = {}) = 0;
};

/// Opens (creating if needed) the SQLite store and applies migrations. Throws on failure
/// (start-up).
std::unique_ptr<sqlite_store> open_sqlite_store(const sqlite_options& options);

}  // namespace fenliu::store
