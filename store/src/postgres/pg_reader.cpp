#include "pg_reader.hpp"

#include <utility>
#include <vector>

#include "thread_name.hpp"

namespace fenliu::store::pg {

reader::reader(const store_options& options, std::unique_ptr<connection> db,
               std::function<time_ms()> clock)
    : queue_(options.read_queue_max, 0, 1, std::chrono::microseconds{0}),
      db_(std::move(db)),
      context_{*db_, std::move(clock), options.retention_ms},
      thread_([this] {
        detail::name_this_thread("fl-pg-read");
        run();
      }) {}

reader::~reader() {
  shutdown();
}

std::error_code reader::submit(job& j) {
  return queue_.push(j);
}

void reader::shutdown() {
  queue_.stop();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void reader::run() {
  std::vector<job> next;
  while (queue_.next_batch(next)) {
    // A lost connection is tried again once per read; the read itself then answers io_error
    // from its first failed statement.
    if (!db_->healthy()) {
      db_->reconnect();
    }
    // One snapshot per read. BEGIN is pipelined: it travels with the read's first statement,
    // and COMMIT with the sync that ends the pipeline, so a one-statement read is two round
    // trips, not three. A failed statement aborts the rest; the read answers io_error from it.
    db_->clear_pipeline_failure();
    db_->send_command("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    next.front()(context_);
    db_->send_command("COMMIT");
    db_->drain();
    db_->rollback_open_transaction();  // the COMMIT was aborted with a failed statement
    next.clear();
  }
}

}  // namespace fenliu::store::pg
