#include "fenliu/cluster/redis_bus.hpp"

#include <boost/asio/post.hpp>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "redis_connection.hpp"

namespace fenliu::cluster {

namespace asio = boost::asio;

struct redis_bus::impl {
  impl(asio::io_context& io, const redis_options& options)
      : publisher(std::make_shared<detail::redis_connection>(io, options)),
        subscriber(std::make_shared<detail::redis_connection>(io, options)) {}

  std::shared_ptr<detail::redis_connection> publisher;
  std::shared_ptr<detail::redis_connection> subscriber;

  std::mutex mutex;  // guards handlers and resubscribed
  // Shared, so that a message takes a reference under the lock and runs the handler outside it.
  std::unordered_map<std::string, std::shared_ptr<const handler>> handlers;
  std::function<void()> resubscribed;
  std::atomic<std::uint64_t> published{0};
  std::atomic<std::uint64_t> received{0};

  // On the subscriber's strand.
  void subscribe_on_strand(const std::string& channel) {
    subscriber->send_raw({"SUBSCRIBE", channel}, &on_message, this);
  }

  void resubscribe_all() {
    std::vector<std::string> channels;
    std::function<void()> after;
    {
      std::lock_guard lock(mutex);
      channels.reserve(handlers.size());
      for (const auto& [channel, h] : handlers) {
        channels.push_back(channel);
      }
      after = resubscribed;
    }
    for (const auto& channel : channels) {
      subscribe_on_strand(channel);
    }
    if (after) {
      after();
    }
  }

  // hiredis calls this for every reply to a SUBSCRIBE: the confirmation, each message, and
  // nullptr when the connection goes.
  static void on_message(redisAsyncContext* /*ac*/, void* r, void* privdata) {
    const auto* reply = static_cast<const redisReply*>(r);
    if (reply == nullptr || reply->type != REDIS_REPLY_ARRAY || reply->elements != 3) {
      return;
    }
    const redisReply* kind = reply->element[0];
    const redisReply* channel = reply->element[1];
    const redisReply* payload = reply->element[2];
    if (kind->type != REDIS_REPLY_STRING || std::string_view(kind->str, kind->len) != "message" ||
        channel->type != REDIS_REPLY_STRING || payload->type != REDIS_REPLY_STRING) {
      return;
    }
    auto* self = static_cast<impl*>(privdata);
    const std::string_view name(channel->str, channel->len);
    std::shared_ptr<const handler> h;
    {
      std::lock_guard lock(self->mutex);
      // Heterogeneous lookup needs C++20 transparent hashing; a channel name is short.
      const auto it = self->handlers.find(std::string(name));
      if (it == self->handlers.end()) {
        return;  // unsubscribed while the message was on its way
      }
      h = it->second;
    }
    self->received.fetch_add(1, std::memory_order_relaxed);
    (*h)(name, std::string_view(payload->str, payload->len));
  }
};

redis_bus::redis_bus(asio::io_context& io, redis_options options)
    : impl_(std::make_shared<impl>(io, options)) {
  impl_->subscriber->on_connected([i = impl_.get()] { i->resubscribe_all(); });
}

redis_bus::~redis_bus() {
  stop();
}

void redis_bus::start() {
  impl_->publisher->start();
  impl_->subscriber->start();
}

void redis_bus::stop() {
  impl_->subscriber->stop();
  impl_->publisher->stop();
}

bool redis_bus::publish(std::string channel, std::string payload) {
  std::vector<std::string> argv;
  argv.reserve(3);
  argv.emplace_back("PUBLISH");
  argv.push_back(std::move(channel));
  argv.push_back(std::move(payload));
  if (!impl_->publisher->submit(std::move(argv))) {
    return false;
  }
  impl_->published.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void redis_bus::subscribe(std::string channel, handler on_message) {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->handlers[channel] = std::make_shared<const handler>(std::move(on_message));
  }
  // When not connected yet, the next connect subscribes every channel.
  asio::post(impl_->subscriber->strand(),
             [i = impl_, c = std::move(channel)] { i->subscribe_on_strand(c); });
}

void redis_bus::unsubscribe(const std::string& channel) {
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->handlers.erase(channel) == 0) {
      return;
    }
  }
  asio::post(impl_->subscriber->strand(), [i = impl_, c = channel] {
    i->subscriber->send_raw({"UNSUBSCRIBE", c}, nullptr, nullptr);
  });
}

void redis_bus::on_resubscribed(std::function<void()> fn) {
  std::lock_guard lock(impl_->mutex);
  impl_->resubscribed = std::move(fn);
}

redis_bus_stats redis_bus::stats() const {
  redis_bus_stats s;
  s.published = impl_->published.load(std::memory_order_relaxed);
  s.publish_dropped = impl_->publisher->dropped();
  s.received = impl_->received.load(std::memory_order_relaxed);
  s.subscriber_connects = impl_->subscriber->connects();
  s.publisher_connected = impl_->publisher->connected();
  s.subscriber_connected = impl_->subscriber->connected();
  return s;
}

}  // namespace fenliu::cluster
