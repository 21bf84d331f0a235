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

namespace {

// Fails (division by zero, SQLSTATE 22012) when the node does not hold the lease at its epoch,
// so that in a pipeline the failure aborts the rest of the batch: BEGIN, this check, the
// batch's statements and COMMIT go to the server in one round trip, and a fenced batch stores
// nothing. The row lock (FOR SHARE) holds a takeover's UPDATE until this batch commits, and
// every batch after the takeover sees the new epoch.
constexpr query fence_check{
    "fence_check",
    "SELECT 1 / count(*) FROM (SELECT 1 FROM shop_leases WHERE shop_id = $1 AND owner = $2 "
    "AND epoch = $3 FOR SHARE) AS held"};
constexpr const char* fenced_sqlstate = "22012";

// Where the check's answer lands (a pipeline sink).
struct fence_outcome {
  bool fenced = false;
  static void on_result(void* target, result r) {
    auto* self = static_cast<fence_outcome*>(target);
    self->fenced = !r.ok() && r.sqlstate() == fenced_sqlstate;
  }
};

}  // namespace

std::error_code writer::execute(batch& jobs) {
  // A connection lost earlier (server restart, network, no answer within the timeout) is tried
  // again once per batch; while the server is away every batch fails, retryable.
  if (!db_->healthy() && !db_->reconnect()) {
    return write_failed();
  }
  write_fence::claim claim;
  if (fence_) {
    claim = fence_->current();
    if (claim.epoch == 0) {
      fence_->count_refusal();
      return make_error_code(errc::fenced);
    }
  }
  db_->clear_pipeline_failure();
  db_->send_command("BEGIN");
  fence_outcome fence;
  if (fence_) {
    db_->send(fence_check, params{}.bytes(claim.shop_id).bytes(claim.owner).i64(claim.epoch),
              &fence_outcome::on_result, &fence);
  }
  bool failed = false;
  for (auto& job : jobs) {
    if (job->execute(context_) == errc::write_failed) {
      failed = true;
      break;
    }
  }
  if (!failed) {
    db_->send_command("COMMIT");
  }
  // Every pipelined answer arrives here. A statement that failed aborted the transaction and
  // everything after it in the pipeline, COMMIT included.
  const bool drained = db_->drain();
  if (fence.fenced) {
    db_->rollback_open_transaction();
    fence_->count_refusal();
    return make_error_code(errc::fenced);
  }
  if (failed || !drained) {
    db_->rollback_open_transaction();
    return write_failed();
  }
  return {};
}

}  // namespace fenliu::store::pg
