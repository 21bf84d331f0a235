#pragma once
// The shared parts every session and handler uses. Owned by the server; outlives all sessions.

#include <atomic>
#include <cstdint>

#include "gateway/config/config.hpp"
#include "fenliu/router/service.hpp"
#include "fenliu/store/store.hpp"
#include "gateway/app/bot_desk.hpp"
#include "gateway/app/customer_records.hpp"
#include "gateway/app/hub.hpp"
#include "gateway/app/order_book.hpp"
#include "gateway/app/peak_switch.hpp"
#include "gateway/app/phrase_book.hpp"
#include "gateway/app/pending_starts.hpp"
#include "gateway/app/shop_state.hpp"
#include "gateway/metrics/registry.hpp"
#include "gateway/protocol/convert.hpp"
#include "gateway/protocol/decoder.hpp"

namespace boost::asio {
class io_context;
}

namespace fenliu::gateway {

class admin_desk;
class deadline_wheel;

struct services {
  /// The start-up configuration. The admin-able sections (agents, routing, keyword rules, FAQ,
  /// quick phrases, tags, VIP customers) change at run time: read those from `live`.
  const server_config& config;
  ::fenliu::store::store& store;
  ::fenliu::gateway::hub& hub;
  ::fenliu::router::service& router;
  order_book& orders;
  bot_desk& bot;
  peak_switch& peak;
  customer_records& customers;  // the records of buyers in open conversations
  phrase_book& phrases;
  shop_state& live;  // the shop's reloadable configuration (admin API)
  /// The I/O threads' context: work that must not run on a store or router thread (the bot's
  /// matching) is posted here.
  boost::asio::io_context& io;
  metrics::registry& metrics;  // what /metrics exposes; any thread updates it
  std::atomic<bool> shutting_down{false};
  std::atomic<int> connections{0};
  std::atomic<std::uint64_t> next_session_id{1};
  pending_starts starts{};  // customers' starts in flight (customer_handlers.cpp)
  admin_desk* admin = nullptr;
  /// The WebSocket sessions' shared deadline timer (gateway/net; set by the server).
  deadline_wheel* deadlines = nullptr;  // the admin API's state (set by the server before it serves)
  /// The router changed something the board shows since the last push (board.cpp).
  std::atomic<bool> board_dirty{true};
  std::atomic<std::int64_t> board_pushed_at{0};  // router time of the last pushed snapshot
  /// Alert ids: unique and increasing across restarts (seeded from the clock in µs).
  std::atomic<std::uint64_t> last_alert_id{0};

  frame_limits limits() const {
    return frame_limits{.max_text_chars = config.limits.max_text_chars};
  }
};

/// Unix milliseconds from the wall clock.
inline std::int64_t now_ms() { return router::service::system_now(); }

}  // namespace fenliu::gateway
