#include "writer.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include "batch_loop.hpp"
#include "thread_name.hpp"

namespace fenliu::store::detail {
writer::writer(const sqlite_options& options, std::unique_ptr<connection> db,
               std::function<time_ms()> clock)
    : queue_(options.write_queue_max, options.write_queue_bytes_max, options.batch_max,
             std::chrono::microseconds(options.batch_delay_us)),
      on_batch_committed_(options.on_batch_committed),
      complete_batches_with_(options.complete_batches_with),
      db_(std::move(db)),
      statements_(*db_),
      context_{*db_, statements_, std::move(clock), db_->query_int("PRAGMA max_page_count"), {}},
      checkpointer_(options.path, *db_, options.wal_checkpoint_pages) {
  if (options.max_page_count > 0) {
    set_max_page_count(context_, options.max_page_count);
  }
  thread_ = std::thread([this] {
    name_this_thread("fl-store-write");
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
  // Only now: the hook it removes runs on the writer thread.
  checkpointer_.shutdown();
}

void writer::run() {
  detail::run_write_batches(
      queue_, [this](batch& jobs) { return execute(jobs); }, on_batch_committed_,
      complete_batches_with_);
}

std::error_code writer::execute(batch& jobs) {
  const auto failed = make_error_code(errc::write_failed);
  {
    statement_scope begin(statements_.begin);
    if (begin->step() != SQLITE_DONE) {
      // A transaction left open by a failed rollback would fail every later batch: end it.
      rollback();
      return failed;
    }
  }
  for (auto& job : jobs) {
    if (job->execute(context_) == errc::write_failed) {
      rollback();
      return failed;
    }
  }
  if (save_batch_seqs(context_)) {
    rollback();
    return failed;
  }
  int rc = SQLITE_OK;
  {
    statement_scope commit(statements_.commit);
    rc = commit->step();
  }
  if (rc != SQLITE_DONE) {
    rollback();
    return failed;
  }
  context_.seqs.commit();
  return {};
}

void writer::rollback() {
  context_.seqs.rollback();  // the batch's seqs were never committed: hand them out again
  // A failed COMMIT may already have ended the transaction (e.g. SQLITE_FULL on some paths).
  if (sqlite3_get_autocommit(db_->get()) == 0) {
    statement_scope rollback(statements_.rollback);
    rollback->step();
  }
}

}  // namespace fenliu::store::detail
