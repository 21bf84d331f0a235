#pragma once
// The writer thread: a bounded queue of write jobs, executed in batches, one transaction per
// batch (group commit), callbacks after the commit.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "checkpointer.hpp"
#include "fenliu/store/sqlite_store.hpp"
#include "sqlite.hpp"
#include "write_job.hpp"
#include "write_ops.hpp"

namespace fenliu::store::detail {

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
  bool next_batch(batch& out);
  std::error_code execute(batch& jobs);
  void rollback();

  struct queued {
    std::unique_ptr<write_job> job;
    std::size_t bytes = 0;
  };

  const std::size_t queue_max_;
  const std::size_t queue_bytes_max_;
  const std::size_t batch_max_;
  const std::chrono::microseconds batch_delay_;
  const std::function<void(std::size_t, std::chrono::microseconds)> on_batch_committed_;
  const std::function<void(std::function<void()>)> complete_batches_with_;
  std::unique_ptr<connection> db_;
  writer_statements statements_;
  write_context context_;
  // After db_: destroyed (unhooked from db_) before db_ closes, also when the constructor throws.
  checkpointer checkpointer_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<queued> queue_;
  std::size_t queued_bytes_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace fenliu::store::detail
