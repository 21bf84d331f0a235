#pragma once
// The PostgreSQL back end's job templates, shared by the files that define its operations:
// a write job for the writer's batch, a read job for the reader thread.
//
// `fn(write_context&, T& out) -> std::error_code` for writes (errc::write_failed rolls the
// batch back, any other code fails only this job), `fn(read_context&, T& out) ->
// std::error_code` for reads.

#include <future>
#include <system_error>
#include <utility>

#include "pg_backend.hpp"
#include "write_job.hpp"

namespace fenliu::store::pg {

/// A write job for `fn(write_context&) -> std::error_code` whose callback hears only whether
/// it worked.
template <class Fn>
auto bool_job(Fn fn) {
  return [fn = std::move(fn)](write_context& c, bool& ok) {
    const std::error_code ec = fn(c);
    ok = !ec;
    return ec;
  };
}

template <class T, class Fn>
std::error_code postgres_backend::write(Fn fn, callback<T> done, std::size_t bytes) {
  return writer_->submit(detail::make_write_job<write_context, T>(std::move(fn), std::move(done)),
                         bytes);
}

template <class T, class Fn>
void postgres_backend::read(Fn fn, callback<T> done) {
  reader::job job = [fn = std::move(fn), done](read_context& c) mutable {
    T out{};
    const std::error_code ec = fn(c, out);
    if (done) {
      done(ec, ec ? T{} : std::move(out));
    }
  };
  if (auto ec = reader_->submit(job); ec && done) {
    done(ec, T{});
  }
}

template <class T, class Fn>
T postgres_backend::read_blocking(Fn fn) {
  std::promise<T> result;
  auto future = result.get_future();
  read<T>(std::move(fn), [&result](std::error_code ec, T value) {
    if (ec) {
      result.set_exception(std::make_exception_ptr(std::system_error(ec)));
    } else {
      result.set_value(std::move(value));
    }
  });
  return future.get();
}

}  // namespace fenliu::store::pg
