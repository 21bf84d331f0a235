#pragma once
// Awaiting callback APIs (the store's, and pending_starts) from a handler coroutine. Include it
// in the app's .cpp files only: it brings in Asio's coroutine support.
//
// `async_callback<Args...>(start, token)` calls `start(resume)` at once with a copyable
// `resume(Args...)`; calling it (from any thread, e.g. a store thread) completes `token` on the
// executor associated with it. With `use_awaitable` inside a coroutine spawned on a session's
// strand, the coroutine therefore continues on that strand whatever thread called back.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>

#include "fenliu/store/store.hpp"

namespace fenliu::gateway {

namespace asio = boost::asio;

/// Completion token for a coroutine that inspects errors instead of catching them.
constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);

template <class... Args, class Start, class Token>
auto async_callback(Start start, Token&& token) {
  return asio::async_initiate<Token, void(Args...)>(
      [](auto handler, Start start) {
        using handler_type = decltype(handler);
        const auto ex = asio::get_associated_executor(handler);
        // Callback APIs take copyable std::functions; the handler is move-only and called once.
        auto shared = std::make_shared<handler_type>(std::move(handler));
        start([shared, ex](Args... args) {
          asio::post(ex, [shared, tuple = std::make_tuple(std::move(args)...)]() mutable {
            std::apply(std::move(*shared), std::move(tuple));
          });
        });
      },
      token, std::move(start));
}

/// A store operation: `start(callback)` submits it. A write's `start` returns the store's
/// refusal (queue_full, closed), which completes at once with that error and a default T; a
/// read's returns nothing (the store refuses reads through the callback).
template <class T, class Start, class Token>
auto async_store(Start start, Token&& token) {
  return async_callback<std::error_code, T>(
      [start = std::move(start)](auto resume) mutable {
        store::callback<T> done(resume);
        if constexpr (std::is_void_v<decltype(start(std::move(done)))>) {
          start(std::move(done));
        } else if (std::error_code refusal = start(std::move(done))) {
          resume(refusal, T{});
        }
      },
      std::forward<Token>(token));
}

/// True for the errors a write reports when the store did not take it (push back and retry).
inline bool refused(std::error_code ec) {
  return ec == store::errc::queue_full || ec == store::errc::closed;
}

}  // namespace fenliu::gateway
