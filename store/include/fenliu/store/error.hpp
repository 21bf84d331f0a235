#pragma once
// The store's error codes and the callback type every asynchronous operation takes.

#include <functional>
#include <system_error>

namespace fenliu::store {

enum class errc {
  ok = 0,
  queue_full = 1,    // the bounded write or read queue is full: push back (retryable)
  write_failed = 2,  // the transaction failed (disk full, I/O error): nothing stored (retryable)
  not_found = 3,
  closed = 4,  // the store is shutting down
  beyond_retention = 5,
  fenced = 6,  // the node's lease epoch is no longer the shop's (another node took over):
               // nothing of the batch stored; retryable, on the node that owns the shop now
};
const std::error_category& store_category() noexcept;
std::error_code make_error_code(errc e) noexcept;

/// Receives the outcome of an asynchronous operation: an error, or no error and the value.
template <class T>
using callback = std::function<void(std::error_code, T)>;

}  // namespace fenliu::store

template <>
struct std::is_error_code_enum<fenliu::store::errc> : std::true_type {};
