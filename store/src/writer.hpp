#pragma once
// The writer thread: a bounded queue of write jobs, executed in batches, one transaction per
// batch (group commit), callbacks after the commit.

#include <cstddef>
#include <functional>
#include <memory>
#include <system_error>
#include <thread>
#include <vector>

#include "checkpointer.hpp"
#include "fenliu/store/sqlite_store.hpp"
#include "job_queue.hpp"
#include "sqlite.hpp"
#include "write_job.hpp"
#include "write_ops.hpp"

namespace fenliu::store::detail {

using write_job = basic_write_job<write_context>;

class writer {
 public:
  /// Takes the (migrated, configured) writer connection, starts the checkpointer on it, then
  /// the thread.
  writer(const sqlite_options& options, std::unique_ptr<connection> db,
         std::function<time_ms()> clock);
  ~writer();
  writer(const writer&) = delete;
  writer& operator=(const writer&) = delete;

  /// Any thread. Queues `job`, which holds `bytes` of payload; errc::queue_full when
  /// write_queue_max jobs or write_queue_bytes_max bytes wait (not counting the batch being
  /// written), errc::closed after shutdown. Never blocks on the database.
  std::error_code submit(std::unique_ptr<write_job> job, std::size_t bytes = 0);
  /// Stops accepting, runs what is queued, commits, joins, stops the checkpointer. Idempotent.
  void shutdown();

 private:
  using batch = std::vector<std::unique_ptr<write_job>>;
  void run();
  std::error_code execute(batch& jobs);
  void rollback();

  job_queue<std::unique_ptr<write_job>> queue_;
  const std::function<void(std::size_t, std::chrono::microseconds)> on_batch_committed_;
  const std::function<void(std::function<void()>)> complete_batches_with_;
  std::unique_ptr<connection> db_;
  writer_statements statements_;
  write_context context_;
  // After db_: destroyed (unhooked from db_) before db_ closes, also when the constructor throws.
  checkpointer checkpointer_;

  std::thread thread_;
};

}  // namespace fenliu::store::detail
