#include "writer.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include "thread_name.hpp"

namespace fenliu::store::detail {
namespace {

// SQLite's default automatic checkpoint threshold (about 4 MiB of WAL).
constexpr int wal_checkpoint_pages = 1000;

}  // namespace

writer::writer(const sqlite_options& options, std::unique_ptr<connection> db,
               std::function<time_ms()> clock)
    : queue_max_(std::max<std::size_t>(options.write_queue_max, 1)),
      queue_bytes_max_(options.write_queue_bytes_max),
      batch_max_(std::max<std::size_t>(options.batch_max, 1)),
      batch_delay_(std::max(options.batch_delay_us, 0)),
      on_batch_committed_(options.on_batch_committed),
      complete_batches_with_(options.complete_batches_with),
      db_(std::move(db)),
      statements_(*db_),
      context_{*db_, statements_, std::move(clock), db_->query_int("PRAGMA max_page_count"), {}},
      checkpointer_(options.path, *db_, wal_checkpoint_pages) {
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
  std::size_t size = 0;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      return make_error_code(errc::closed);
    }
    if (queue_.size() >= queue_max_) {
      return make_error_code(errc::queue_full);
    }
    // An empty queue takes any one job, so a payload above the byte bound is not refused forever.
    if (queue_bytes_max_ > 0 && !queue_.empty() && queued_bytes_ + bytes > queue_bytes_max_) {
      return make_error_code(errc::queue_full);
    }
    queued_bytes_ += bytes;
    queue_.push_back(queued{std::move(job), bytes});
    size = queue_.size();
  }
  // The writer waits either for a first job or for a full batch; other pushes need no wake-up
  // (it re-checks the queue under the lock before every wait).
  if (size == 1 || size == batch_max_) {
    wake_.notify_one();
  }
  return {};
}

void writer::shutdown() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) {
    thread_.join();
  }
  // Only now: the hook it removes runs on the writer thread.
  checkpointer_.shutdown();
}

void writer::run() {
  batch jobs;
  jobs.reserve(batch_max_);
  while (next_batch(jobs)) {
    const auto started = std::chrono::steady_clock::now();
    const std::error_code batch_error = execute(jobs);
    if (!batch_error && on_batch_committed_) {
      on_batch_committed_(jobs.size(), std::chrono::duration_cast<std::chrono::microseconds>(
                                           std::chrono::steady_clock::now() - started));
    }
    // After the commit (or rollback), outside the lock: callbacks may submit again.
    if (complete_batches_with_) {
      auto done = std::make_shared<batch>(std::move(jobs));
      complete_batches_with_([done, batch_error] {
        for (auto& job : *done) {
          job->complete(batch_error);
        }
      });
      jobs = batch{};
      jobs.reserve(batch_max_);
      continue;
    }
    for (auto& job : jobs) {
      job->complete(batch_error);
    }
    jobs.clear();
  }
}

bool writer::next_batch(batch& out) {
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
  if (queue_.empty()) {
    return false;  // stopping, and everything was written
  }
  if (queue_.size() < batch_max_ && !stopping_ && batch_delay_.count() > 0) {
    // Group commit: give more writes a moment to join this transaction. The jobs stay in the
    // queue meanwhile, so they count against write_queue_max.
    wake_.wait_for(lock, batch_delay_, [this] { return queue_.size() >= batch_max_ || stopping_; });
  }
  const std::size_t n = std::min(queue_.size(), batch_max_);
  for (std::size_t i = 0; i < n; ++i) {
    queued_bytes_ -= queue_.front().bytes;
    out.push_back(std::move(queue_.front().job));
    queue_.pop_front();
  }
  return true;
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
