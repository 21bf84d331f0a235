#include "gateway/periodic.hpp"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

namespace fenliu::gateway {

namespace asio = boost::asio;

struct periodic::impl : std::enable_shared_from_this<impl> {
  // The timer has its own strand, so stop() can cancel it from any thread without a race.
  impl(asio::io_context& io, std::chrono::milliseconds interval, std::function<void()> task)
      : interval(interval), task(std::move(task)), timer(asio::make_strand(io)) {}

  std::chrono::milliseconds interval;
  std::function<void()> task;
  asio::steady_timer timer;
  std::atomic<bool> stopped{false};

  void arm(std::chrono::milliseconds after) {
    timer.expires_after(after);
    timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec || self->stopped) {
        return;
      }
      self->task();
      self->arm(self->interval);
    });
  }
};

periodic::periodic(asio::io_context& io, std::chrono::milliseconds interval,
                   std::function<void()> task)
    : impl_(std::make_shared<impl>(io, interval, std::move(task))) {}

periodic::~periodic() {
  stop();
}

void periodic::start(bool run_now) {
  asio::post(impl_->timer.get_executor(), [i = impl_, run_now] {
    if (!i->stopped) {
      i->arm(run_now ? std::chrono::milliseconds(0) : i->interval);
    }
  });
}

void periodic::stop() {
  impl_->stopped = true;
  asio::post(impl_->timer.get_executor(), [i = impl_] { i->timer.cancel(); });
}

}  // namespace fenliu::gateway
