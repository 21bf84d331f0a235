#pragma once
// The reader thread: its own connection (WAL readers never wait for the writer), a bounded
// queue of read jobs, one read transaction per job.

#include <functional>
#include <memory>
#include <system_error>
#include <thread>

#include "fenliu/store/store.hpp"
#include "job_queue.hpp"
#include "read_ops.hpp"
#include "sqlite.hpp"

namespace fenliu::store::detail {

class reader {
 public:
  using job = std::function<void(read_context&)>;

  reader(const store_options& options, std::unique_ptr<connection> db,
         std::function<time_ms()> clock);
  ~reader();
  reader(const reader&) = delete;
  reader& operator=(const reader&) = delete;

  /// Any thread. Queues `j` (moved from only on success); errc::queue_full when
  /// read_queue_max jobs wait, errc::closed after shutdown.
  std::error_code submit(job& j);
  /// Stops accepting, runs what is queued, joins. Idempotent.
  void shutdown();

 private:
  void run();

  job_queue<job> queue_;
  std::unique_ptr<connection> db_;
  reader_statements statements_;
  read_context context_;

  std::thread thread_;
};

}  // namespace fenliu::store::detail
