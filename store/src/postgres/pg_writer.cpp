#include "pg_writer.hpp"

#include <utility>

#include "thread_name.hpp"

namespace fenliu::store::pg {

writer::writer(const store_options& options, std::unique_ptr<connection> db,
               std::function<time_ms()> clock)
    : queue_(options.write_queue_max, options.write_queue_bytes_max, options.batch_max,
             std::chrono::microseconds(options.batch_delay_us)),
      on_batch_committed_(options.on_batch_committed),
      complete_batches_with_(options.complete_batches_with),
      db_(std::move(db)),
      context_{*db_, std::move(clock)} {
  thread_ = std::thread([this] {
    detail::name_this_thread("fl-pg-write");
    run();
  });
}

writer::~writer() {
  shutdown();
}

std::error_code writer::submit(std::unique_ptr<write_job> job, std::size_t bytes) {
  return queue_.push(job, bytes);
}

void writer::shutdown() {
  queue_.stop();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void writer::run() {
  batch jobs;
  jobs.reserve(queue_.batch_max());
  while (queue_.next_batch(jobs)) {
    const auto started = std::chrono::steady_clock::now();
    const std::error_code batch_error = execute(jobs);
    if (!batch_error && on_batch_committed_) {
      on_batch_committed_(jobs.size(), std::chrono::duration_cast<std::chrono::microseconds>(
                                           std::chrono::steady_clock::now() - started));
    }
    if (complete_batches_with_) {
      auto done = std::make_shared<batch>(std::move(jobs));
      complete_batches_with_([done, batch_error] {
        for (auto& job : *done) {
          job->complete(batch_error);
        }
      });
      jobs = batch{};
      jobs.reserve(queue_.batch_max());
      continue;
    }
    for (auto& job : jobs) {
      job->complete(batch_error);
    }
    jobs.clear();
  }
}

std::error_code writer::execute(batch& jobs) {
  // A connection lost earlier (server restart, network) is tried again once per batch; while
  // the server is away every batch fails at once, retryable, and nothing waits on a timeout.
  if (!db_->healthy() && !db_->reconnect()) {
    return write_failed();
  }
  if (!db_->exec("BEGIN")) {
    rollback();
    return write_failed();
  }
  for (auto& job : jobs) {
    if (job->execute(context_) == errc::write_failed) {
      rollback();
      return write_failed();
    }
  }
  if (!db_->exec("COMMIT")) {
    rollback();
    return write_failed();
  }
  return {};
}

void writer::rollback() {
  if (db_->healthy() && db_->in_transaction()) {
    db_->exec("ROLLBACK");
  }
}

}  // namespace fenliu::store::pg
