#pragma once
// Moves WAL checkpoints off the writer thread. SQLite's automatic checkpoint runs inside the
// commit that crosses the threshold, so one unlucky batch pays for copying the WAL into the
// database and syncing it (tens of ms on a slow disk): a p99 spike on acks. Here the writer's
// commit only signals, and this thread runs PASSIVE checkpoints on its own connection, which
// never block the writer or the readers.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "sqlite.hpp"

namespace fenliu::store::detail {

class checkpointer {
 public:
  /// Opens its own connection to `path` and installs a WAL hook on `writer_db`, which must
  /// outlive this object's shutdown(). Construct it before the writer thread uses `writer_db`
  /// and shut it down after that thread ended. `threshold_pages`: WAL size that triggers a
  /// checkpoint.
  checkpointer(const std::string& path, connection& writer_db, int threshold_pages);
  ~checkpointer();
  checkpointer(const checkpointer&) = delete;
  checkpointer& operator=(const checkpointer&) = delete;

  /// Stops the thread (after a checkpoint in progress). Idempotent.
  void shutdown();

 private:
  static int on_commit(void* self, sqlite3* db, const char* name, int wal_pages);
  void run();

  const int threshold_pages_;
  connection& writer_db_;
  std::unique_ptr<connection> db_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool wanted_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace fenliu::store::detail
