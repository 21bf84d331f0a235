#pragma once
// A unit of work for a back end's writer thread: runs inside the batch transaction, completes
// after it. `Context` is the back end's: what an operation may use (connection, clock).

#include <functional>
#include <memory>
#include <system_error>
#include <utility>

#include "fenliu/store/error.hpp"

namespace fenliu::store::detail {

template <class Context>
class basic_write_job {
 public:
  virtual ~basic_write_job() = default;
  /// Runs inside the batch transaction on the writer thread. errc::write_failed means a
  /// database error: the batch rolls back. Any other code is this job's own outcome (it changed
  /// nothing) and the batch goes on.
  virtual std::error_code execute(Context& ctx) = 0;
  /// Runs after the batch committed (batch_error empty) or rolled back (write_failed), or when
  /// the store closes before the job ran (closed). Calls the caller's callback, if any.
  virtual void complete(std::error_code batch_error) = 0;
};

/// A job whose work is `fn(Context&, T& result) -> std::error_code`.
template <class Context, class T, class Fn>
class function_job final : public basic_write_job<Context> {
 public:
  function_job(Fn fn, callback<T> done) : fn_(std::move(fn)), done_(std::move(done)) {}

  std::error_code execute(Context& ctx) override {
    result_ = T{};
    status_ = fn_(ctx, result_);
    return status_;
  }

  void complete(std::error_code batch_error) override {
    if (!done_) {
      return;
    }
    if (batch_error) {
      done_(batch_error, T{});
    } else if (status_) {
      done_(status_, T{});
    } else {
      done_(std::error_code{}, std::move(result_));
    }
  }

 private:
  Fn fn_;
  callback<T> done_;
  T result_{};
  std::error_code status_;
};

template <class Context, class T, class Fn>
std::unique_ptr<basic_write_job<Context>> make_write_job(Fn fn, callback<T> done) {
  return std::make_unique<function_job<Context, T, Fn>>(std::move(fn), std::move(done));
}

}  // namespace fenliu::store::detail
