#include "reader.hpp"

#include <algorithm>
#include <utility>

#include "thread_name.hpp"

namespace fenliu::store::detail {

reader::reader(const store_options& options, std::unique_ptr<connection> db,
               std::function<time_ms()> clock)
    : queue_(options.read_queue_max, 0, 1, std::chrono::microseconds{0}),
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
    // One snapshot per read, so e.g. last_seq and the messages agree with each other.
    {
      statement_scope begin(statements_.begin);
      begin->step();
    }
    next.front()(context_);
    {
      statement_scope commit(statements_.commit);
      commit->step();
    }
    next.clear();
  }
}

}  // namespace fenliu::store::detail
