#pragma once
// Fan-out between gateway nodes over Redis pub/sub: a node publishes a frame for a channel
// (a shop, a conversation, an identity) and every node subscribed to it gets the bytes.
//
// Two connections, because a subscribed Redis connection takes no other commands: one
// publishes, one subscribes. Both reconnect on their own; after every reconnect of the
// subscriber all channels are subscribed again and on_resubscribed() runs, which is where a
// node refills from the store whatever it may have missed (pub/sub drops messages published
// while a subscriber is away; seq numbers find the gap, clients dedupe by seq).
//
// No Asio in this header: the io_context is only named.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "fenliu/cluster/redis_options.hpp"

namespace boost::asio {
class io_context;
}

namespace fenliu::cluster {

struct redis_bus_stats {
  std::uint64_t published = 0;        // handed to the publishing connection
  std::uint64_t publish_dropped = 0;  // refused: the queue was full
  std::uint64_t received = 0;         // messages delivered to handlers
  std::uint64_t subscriber_connects = 0;
  bool publisher_connected = false;
  bool subscriber_connected = false;
};

class redis_bus {
 public:
  /// Runs on the bus's strand, one message at a time, in the order Redis delivered them.
  using handler = std::function<void(std::string_view channel, std::string_view payload)>;

  redis_bus(boost::asio::io_context& io, redis_options options);
  /// Stops first (see stop()).
  ~redis_bus();
  redis_bus(const redis_bus&) = delete;
  redis_bus& operator=(const redis_bus&) = delete;

  /// Connects both connections; they keep reconnecting until stop(). Any thread.
  void start();
  /// Disconnects for good and waits until the strand has let go; no handler runs after it.
  /// Call while the io_context runs (from any thread not running one of its other handlers)
  /// or after it stopped.
  void stop();

  /// Thread-safe, never blocks: queued for the publishing connection, and sent once it is
  /// connected. False when the queue (redis_options::pending_max) is full.
  bool publish(std::string channel, std::string payload);
  /// Thread-safe. One handler per channel (a second replaces the first); kept over reconnects.
  void subscribe(std::string channel, handler on_message);
  void unsubscribe(const std::string& channel);
  /// Runs on the strand after every (re)connect of the subscriber, once its SUBSCRIBE commands
  /// are sent (the first one included).
  void on_resubscribed(std::function<void()> fn);

  redis_bus_stats stats() const;

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace fenliu::cluster
