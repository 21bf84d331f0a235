#pragma once
// The bounded queue in front of a store thread (every back end's writer and reader): callers on
// any thread push, the one store thread takes batches. Bounded by jobs and by payload bytes.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <system_error>
#include <utility>
#include <vector>

#include "fenliu/store/error.hpp"

namespace fenliu::store::detail {

template <class Job>
class job_queue {
 public:
  /// `max_jobs` and `max_bytes` (0: no byte bound) bound what waits; `batch_max` jobs are taken
  /// at most at once, after waiting up to `batch_delay` for that many.
  job_queue(std::size_t max_jobs, std::size_t max_bytes, std::size_t batch_max,
            std::chrono::microseconds batch_delay)
      : max_jobs_(std::max<std::size_t>(max_jobs, 1)),
        max_bytes_(max_bytes),
        batch_max_(std::max<std::size_t>(batch_max, 1)),
        batch_delay_(std::max(batch_delay, std::chrono::microseconds{0})) {}

  std::size_t batch_max() const noexcept { return batch_max_; }

  /// Any thread. Queues `job` (moved from only on success), which holds `bytes` of payload;
  /// errc::queue_full when max_jobs jobs or max_bytes bytes wait (not counting a batch taken),
  /// errc::closed after stop(). Never blocks on the store thread.
  std::error_code push(Job& job, std::size_t bytes = 0) {
    std::size_t size = 0;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) {
        return make_error_code(errc::closed);
      }
      if (queue_.size() >= max_jobs_) {
        return make_error_code(errc::queue_full);
      }
      // An empty queue takes any one job, so a payload above the byte bound is not refused
      // forever.
      if (max_bytes_ > 0 && !queue_.empty() && queued_bytes_ + bytes > max_bytes_) {
        return make_error_code(errc::queue_full);
      }
      queued_bytes_ += bytes;
      queue_.push_back(entry{std::move(job), bytes});
      size = queue_.size();
    }
    // The store thread waits either for a first job or for a full batch; other pushes need no
    // wake-up (it re-checks the queue under the lock before every wait).
    if (size == 1 || size == batch_max_) {
      wake_.notify_one();
    }
    return {};
  }

  /// The store thread: waits for jobs and moves up to batch_max of them into `out`; false once
  /// stopped and empty (everything queued before stop() is still handed out).
  bool next_batch(std::vector<Job>& out) {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) {
      return false;
    }
    if (queue_.size() < batch_max_ && !stopping_ && batch_delay_.count() > 0) {
      // Group commit: give more jobs a moment to join this batch. They stay in the queue
      // meanwhile, so they count against max_jobs.
      wake_.wait_for(lock, batch_delay_,
                     [this] { return queue_.size() >= batch_max_ || stopping_; });
    }
    const std::size_t n = std::min(queue_.size(), batch_max_);
    for (std::size_t i = 0; i < n; ++i) {
      queued_bytes_ -= queue_.front().bytes;
      out.push_back(std::move(queue_.front().job));
      queue_.pop_front();
    }
    return true;
  }

  /// Refuses further pushes and wakes the store thread. Idempotent.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
  }

 private:
  struct entry {
    Job job;
    std::size_t bytes = 0;
  };

  const std::size_t max_jobs_;
  const std::size_t max_bytes_;
  const std::size_t batch_max_;
  const std::chrono::microseconds batch_delay_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<entry> queue_;
  std::size_t queued_bytes_ = 0;
  bool stopping_ = false;
};

}  // namespace fenliu::store::detail
