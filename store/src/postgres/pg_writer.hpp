#pragma once
// The PostgreSQL back end's writer thread: the bounded queue of write jobs, executed in
// batches, one transaction per batch (group commit), callbacks after the commit.

#include <chrono>
#include <functional>
#include <memory>
#include <system_error>
#include <thread>
#include <vector>

#include "fenliu/store/store.hpp"
#include "job_queue.hpp"
#include "pg_context.hpp"
#include "fenliu/store/postgres_store.hpp"
#include "write_job.hpp"

namespace fenliu::store::pg {

using write_job = detail::basic_write_job<write_context>;

class writer {
 public:
  /// Takes the (migrated) writer connection, then starts the thread. With a `fence`, every
  /// batch first checks the node's lease inside its transaction (write_fence).
  writer(const store_options& options, std::unique_ptr<connection> db,
         std::function<time_ms()> clock, std::shared_ptr<write_fence> fence = {});
  ~writer();
  writer(const writer&) = delete;
  writer& operator=(const writer&) = delete;

  /// Any thread; as detail::job_queue::push.
  std::error_code submit(std::unique_ptr<write_job> job, std::size_t bytes = 0);
  /// Stops accepting, runs what is queued, commits, joins. Idempotent.
  void shutdown();

 private:
  using batch = std::vector<std::unique_ptr<write_job>>;
  void run();
  std::error_code execute(batch& jobs);

  detail::job_queue<std::unique_ptr<write_job>> queue_;
  const std::function<void(std::size_t, std::chrono::microseconds)> on_batch_committed_;
  const std::function<void(std::function<void()>)> complete_batches_with_;
  std::unique_ptr<connection> db_;
  write_context context_;
  const std::shared_ptr<write_fence> fence_;
  std::thread thread_;
};

}  // namespace fenliu::store::pg
