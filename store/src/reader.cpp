#include "reader.hpp"

#include <algorithm>
#include <utility>

#include "thread_name.hpp"

namespace fenliu::store::detail {

reader::reader(const store_options& options, std::unique_ptr<connection> db,
               std::function<time_ms()> clock)
    : queue_max_(std::max<std::size_t>(options.read_queue_max, 1)),
      db_(std::move(db)),
      statements_(*db_),
      context_{*db_, statements_, std::move(clock), options.retention_ms},
      thread_([this] {
        name_this_thread("fl-store-read");
        run();
      }) {}

reader::~reader() {
  shutdown();
}

std::error_code reader::submit(job& j) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      return make_error_code(errc::closed);
    }
    if (queue_.size() >= queue_max_) {
      return make_error_code(errc::queue_full);
    }
    queue_.push_back(std::move(j));
    if (queue_.size() > 1) {
      return {};  // the reader is busy and will see it
    }
  }
  wake_.notify_one();
  return {};
}

void reader::shutdown() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void reader::run() {
  for (;;) {
    job next;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) {
        return;
      }
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    // One snapshot per read, so e.g. last_seq and the messages agree with each other.
    {
      statement_scope begin(statements_.begin);
      begin->step();
    }
    next(context_);
    statement_scope commit(statements_.commit);
    commit->step();
  }
}

}  // namespace fenliu::store::detail
