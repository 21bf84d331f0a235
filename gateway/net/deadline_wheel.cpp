#include "gateway/net/deadline_wheel.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <mutex>
#include <vector>

namespace fenliu::gateway {
namespace {

// 512 slots of 50 ms span 25.6 s; a later deadline waits in its slot until its round comes.
constexpr std::size_t slot_count = 512;

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct entry {
  std::weak_ptr<deadline_client> client;
  std::int64_t at_ms;
};

}  // namespace

struct deadline_wheel::impl : std::enable_shared_from_this<impl> {
  impl(boost::asio::io_context& io, std::chrono::milliseconds tick)
      : timer(io), tick_ms(std::max<std::int64_t>(tick.count(), 1)), slots(slot_count) {
    next_tick = steady_ms() / tick_ms;
  }

  // The first tick that starts at or after `at_ms`: a deadline never fires early.
  std::int64_t tick_of(std::int64_t at_ms) const { return (at_ms + tick_ms - 1) / tick_ms; }

  void arm() {
    timer.expires_after(std::chrono::milliseconds(tick_ms));
    timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) {
        self->on_tick();
      }
    });
  }

  void on_tick() {
    const std::int64_t now = steady_ms();
    const std::int64_t now_tick = now / tick_ms;
    std::vector<std::weak_ptr<deadline_client>> due;
    {
      std::lock_guard lock(mutex);
      if (stopped) {
        return;
      }
      // A late tick (a busy I/O thread) catches up on every slot it missed, each slot once.
      const std::int64_t last = std::min(now_tick, next_tick + static_cast<std::int64_t>(slot_count) - 1);
      for (std::int64_t t = next_tick; t <= last; ++t) {
        auto& slot = slots[static_cast<std::size_t>(t) % slot_count];
        std::erase_if(slot, [&](entry& e) {
          if (tick_of(e.at_ms) > now_tick) {
            return false;  // a later round of the wheel
          }
          due.push_back(std::move(e.client));
          return true;
        });
      }
      count -= due.size();
      next_tick = now_tick + 1;
    }
    for (auto& weak : due) {
      if (auto client = weak.lock()) {
        client->on_deadline();
      }
    }
    arm();
  }

  boost::asio::steady_timer timer;
  const std::int64_t tick_ms;
  mutable std::mutex mutex;
  std::vector<std::vector<entry>> slots;
  std::int64_t next_tick = 0;  // the first tick not processed yet
  std::size_t count = 0;
  bool stopped = false;
};

deadline_wheel::deadline_wheel(boost::asio::io_context& io, std::chrono::milliseconds tick)
    : impl_(std::make_shared<impl>(io, tick)) {
  impl_->arm();
}

deadline_wheel::~deadline_wheel() {
  stop();
}

void deadline_wheel::schedule(std::weak_ptr<deadline_client> client, std::int64_t at_ms) {
  std::lock_guard lock(impl_->mutex);
  if (impl_->stopped) {
    return;
  }
  // Never into a slot already processed: a deadline in the past fires on the next tick.
  const std::int64_t tick = std::max(impl_->tick_of(at_ms), impl_->next_tick);
  impl_->slots[static_cast<std::size_t>(tick) % slot_count].push_back(
      entry{std::move(client), std::max(at_ms, tick * impl_->tick_ms)});
  ++impl_->count;
}

void deadline_wheel::stop() {
  std::lock_guard lock(impl_->mutex);
  if (impl_->stopped) {
    return;
  }
  impl_->stopped = true;
  impl_->slots.assign(slot_count, {});
  impl_->count = 0;
  // The timer is not touched here (it is not thread-safe): its next tick sees `stopped` and
  // does not arm again, and the wait's handler releases the last reference.
}

std::size_t deadline_wheel::pending() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->count;
}

}  // namespace fenliu::gateway
