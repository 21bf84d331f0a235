#pragma once
// The writer thread's loop, shared by the back ends: take a batch, run it as one transaction,
// report the commit, then complete its jobs with the outcome.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <system_error>
#include <vector>

#include "job_queue.hpp"
#include "write_job.hpp"

namespace fenliu::store::detail {

/// Runs until `queue` stops. `execute(batch&) -> std::error_code` runs the batch in one
/// transaction; `on_committed(jobs, took)` (optional) hears of each commit; with
/// `complete_with` the jobs are completed wherever it runs the handed function (one hand-over
/// per batch), otherwise here, after the commit and outside every lock: callbacks may submit.
template <class Context, class Execute>
void run_write_batches(job_queue<std::unique_ptr<basic_write_job<Context>>>& queue,
                       Execute execute,
                       const std::function<void(std::size_t, std::chrono::microseconds)>& on_committed,
                       const std::function<void(std::function<void()>)>& complete_with) {
  using batch = std::vector<std::unique_ptr<basic_write_job<Context>>>;
  batch jobs;
  jobs.reserve(queue.batch_max());
  while (queue.next_batch(jobs)) {
    const auto started = std::chrono::steady_clock::now();
    const std::error_code batch_error = execute(jobs);
    if (!batch_error && on_committed) {
      on_committed(jobs.size(), std::chrono::duration_cast<std::chrono::microseconds>(
                                    std::chrono::steady_clock::now() - started));
    }
    if (complete_with) {
      auto done = std::make_shared<batch>(std::move(jobs));
      complete_with([done, batch_error] {
        for (auto& job : *done) {
          job->complete(batch_error);
        }
      });
      jobs = batch{};
      jobs.reserve(queue.batch_max());
      continue;
    }
    for (auto& job : jobs) {
      job->complete(batch_error);
    }
    jobs.clear();
  }
}

}  // namespace fenliu::store::detail
