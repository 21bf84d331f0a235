#include "pg_writer.hpp"

#include <utility>

#include "batch_loop.hpp"
#include "thread_name.hpp"

namespace fenliu::store::pg {

writer::writer(const store_options& options, std::unique_ptr<connection> db,
               std::function<time_ms()> clock, std::shared_ptr<write_fence> fence)
    : queue_(options.write_queue_max, options.write_queue_bytes_max, options.batch_max,
             std::chrono::microseconds(options.batch_delay_us)),
      on_batch_committed_(options.on_batch_committed),
      complete_batches_with_(options.complete_batches_with),
      db_(std::move(db)),
      context_{*db_, std::move(clock)},
      fence_(std::move(fence)) {
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
  detail::run_write_batches(
      queue_, [this](batch& jobs) { return execute(jobs); }, on_batch_committed_,
      complete_batches_with_);
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
  db_->clear_pipeline_failure();
  if (auto ec = check_fence()) {
    rollback();
    return ec;
  }
  for (auto& job : jobs) {
    if (job->execute(context_) == errc::write_failed) {
      rollback();
      return write_failed();
    }
  }
  // Pipelined statements (appends) answer here; one that failed aborted the transaction, and
  // COMMIT would only roll it back.
  if (!db_->drain()) {
    rollback();
    return write_failed();
  }
  if (!db_->exec("COMMIT")) {
    rollback();
    return write_failed();
  }
  return {};
}

// One statement per batch, not per write: the row lock (FOR SHARE) holds a takeover's UPDATE
// until this batch commits, and every batch after the takeover sees the new epoch.
std::error_code writer::check_fence() {
  if (!fence_) {
    return {};
  }
  static constexpr query check{
      "fence_check",
      "SELECT 1 FROM shop_leases WHERE shop_id = $1 AND owner = $2 AND epoch = $3 FOR SHARE"};
  const auto claim = fence_->current();
  if (claim.epoch == 0) {
    fence_->count_refusal();
    return make_error_code(errc::fenced);
  }
  const result r = db_->run(check, params{}.bytes(claim.shop_id).bytes(claim.owner).i64(claim.epoch));
  if (!r.ok()) {
    return write_failed();
  }
  if (r.rows() == 0) {
    fence_->count_refusal();
    return make_error_code(errc::fenced);
  }
  return {};
}

void writer::rollback() {
  if (db_->healthy() && db_->in_transaction()) {
    db_->exec("ROLLBACK");
  }
}

}  // namespace fenliu::store::pg
