#pragma once
// The backend's job templates, shared by the files that define its operations by concept
// (sqlite_backend.cpp, customer_record_ops.cpp, shop_data_ops.cpp, image_ops.cpp,
// receipts_ops.cpp): a write job for the writer's batch, a read job for the reader thread.

#include "sqlite_backend.hpp"
#include "write_job.hpp"

namespace fenliu::store::detail {

template <class T, class Fn>
std::error_code sqlite_backend::write(Fn fn, callback<T> done, std::size_t bytes) {
  return writer_->submit(make_write_job<write_context, T>(std::move(fn), std::move(done)), bytes);
}

template <class T, class Fn>
void sqlite_backend::read(Fn fn, callback<T> done) {
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

// Writes whose result is only "stored": `op(write_context&, const Row&)`.
template <class Row, class Op>
std::error_code sqlite_backend::write_row(Row row, Op op, callback<bool> done) {
  return write<bool>(
      [r = std::move(row), op](write_context& c, bool& ok) {
        auto ec = op(c, r);
        ok = !ec;
        return ec;
      },
      std::move(done));
}

}  // namespace fenliu::store::detail
