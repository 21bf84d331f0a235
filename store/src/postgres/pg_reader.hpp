#pragma once
// The PostgreSQL back end's reader thread: its own connection, a bounded queue of read jobs,
// one read-only REPEATABLE READ transaction (one snapshot) per job.

#include <functional>
#include <memory>
#include <system_error>
#include <thread>

#include "fenliu/store/store.hpp"
#include "job_queue.hpp"
#include "pg_context.hpp"

namespace fenliu::store::pg {

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

  detail::job_queue<job> queue_;
  std::unique_ptr<connection> db_;
  read_context context_;
  std::thread thread_;
};

}  // namespace fenliu::store::pg
