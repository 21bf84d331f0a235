#include "gateway/relay/relay_host.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "fenliu/cluster/redis_bus.hpp"
#include "gateway/relay/relay_wire.hpp"

namespace fenliu::gateway::relay {
namespace {

namespace asio = boost::asio;
using steady = std::chrono::steady_clock;

constexpr int heartbeats_to_lose_owner = 3;

struct tunnel {
  std::weak_ptr<session_sink> session;
  tunnel_order up;
  tunnel_order down;
  bool broken = false;  // a down message was lost: it is closing; nothing more is delivered
};

}  // namespace

struct relay_host::impl : std::enable_shared_from_this<impl> {
  impl(asio::io_context& io, cluster::redis_bus& bus, relay_host_options o)
      : bus(bus),
        options(std::move(o)),
        up(up_channel(options.shop_id)),
        down(down_channel(options.shop_id, options.node_id)),
        timer(io) {}

  cluster::redis_bus& bus;
  const relay_host_options options;
  const std::string up;
  const std::string down;
  asio::steady_timer timer;

  mutable std::mutex mutex;  // guards the rest; publishes that must keep their order run under it
  std::unordered_map<std::uint64_t, tunnel> tunnels;
  std::int64_t epoch = 0;  // of the owner last heard
  std::string owner_http;  // the HTTP address its beats carry
  steady::time_point last_beat{};
  bool stopped = false;
  bool subscribed_once = false;

  bool owner_alive_locked() const {
    return epoch != 0 && steady::now() - last_beat < heartbeats_to_lose_owner * options.heartbeat;
  }

  /// Ends every session with 1001; the caller holds the lock. Returns them to close outside it.
  std::vector<std::shared_ptr<session_sink>> break_all_locked() {
    std::vector<std::shared_ptr<session_sink>> out;
    for (auto& [id, t] : tunnels) {
      if (!t.broken) {
        t.broken = true;
        if (auto s = t.session.lock()) {
          out.push_back(std::move(s));
        }
      }
    }
    return out;
  }

  static void close_all(const std::vector<std::shared_ptr<session_sink>>& sessions) {
    for (const auto& s : sessions) {
      s->close(close_code::going_away);
    }
  }

  void on_down(std::string_view bytes) {
    auto m = decode(bytes);
    if (!m || (m->kind != relay_kind::push && m->kind != relay_kind::end)) {
      return;
    }
    std::shared_ptr<session_sink> s;
    bool gap = false;
    {
      std::lock_guard lock(mutex);
      if (m->epoch != epoch) {
        return;  // a former owner (paused, fenced) or one not heard yet
      }
      auto it = tunnels.find(m->session);
      if (it == tunnels.end() || it->second.broken) {
        return;
      }
      s = it->second.session.lock();
      if (!s) {
        return;
      }
      if (!(m->kind == relay_kind::end && m->tseq == 0) && !it->second.down.accept(m->tseq)) {
        gap = true;
      }
      if (gap || m->kind == relay_kind::end) {
        it->second.broken = true;
      }
    }
    if (gap) {
      // A frame for this client was lost: what was queued before it is still written, then
      // 1001; the client resumes from its last_seq and the owner replays from the store.
      spdlog::info("relayed session {}: a message from the owner was lost; it resumes",
                   m->session);
      s->close(close_code::going_away);
    } else if (m->kind == relay_kind::end) {
      s->close(static_cast<close_code>(m->code));
    } else {
      s->deliver(std::make_shared<const std::string>(m->payload), m->cls);
    }
  }

  void on_beat(std::string_view bytes) {
    auto m = decode(bytes);
    if (!m || m->kind != relay_kind::beat || m->epoch <= 0) {
      return;
    }
    std::vector<std::shared_ptr<session_sink>> to_close;
    {
      std::lock_guard lock(mutex);
      if (m->epoch < epoch) {
        return;  // a former owner that has not noticed yet
      }
      if (m->epoch > epoch && epoch != 0) {
        // Another node took the shop over: the sessions relayed to the former owner are gone.
        spdlog::info("shop '{}' is now owned by '{}' (epoch {}): relayed sessions resume",
                     options.shop_id, m->node, m->epoch);
        to_close = break_all_locked();
      }
      epoch = m->epoch;
      owner_http = std::string(m->payload);
      last_beat = steady::now();
    }
    close_all(to_close);
  }

  void tick() {
    std::vector<std::shared_ptr<session_sink>> to_close;
    {
      std::lock_guard lock(mutex);
      if (stopped) {
        return;
      }
      relay_message roster;
      roster.kind = relay_kind::roster;
      roster.node = options.node_id;
      roster.sessions.reserve(tunnels.size());
      for (const auto& [id, t] : tunnels) {
        roster.sessions.push_back(id);
      }
      bus.publish(up, encode(roster));
      if (!tunnels.empty() && !owner_alive_locked()) {
        to_close = break_all_locked();  // the owner went silent: it died or lost Redis
      }
    }
    if (!to_close.empty()) {
      spdlog::warn("no beat from the owner of shop '{}': {} relayed session(s) resume",
                   options.shop_id, to_close.size());
    }
    close_all(to_close);
    timer.expires_after(options.heartbeat);
    timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) {
        self->tick();
      }
    });
  }

  void on_resubscribed() {
    std::vector<std::shared_ptr<session_sink>> to_close;
    {
      std::lock_guard lock(mutex);
      if (!subscribed_once) {
        subscribed_once = true;
        return;
      }
      // Down messages may have been published while this node was away.
      to_close = break_all_locked();
      last_beat = {};  // not available until the owner is heard again
    }
    if (!to_close.empty()) {
      spdlog::warn("Redis reconnected: {} relayed session(s) resume", to_close.size());
    }
    close_all(to_close);
  }
};

relay_host::relay_host(asio::io_context& io, cluster::redis_bus& bus, relay_host_options options)
    : impl_(std::make_shared<impl>(io, bus, std::move(options))) {}

relay_host::~relay_host() {
  stop();
}

void relay_host::start() {
  std::weak_ptr<impl> weak = impl_;
  impl_->bus.on_resubscribed([weak] {
    if (auto i = weak.lock()) {
      i->on_resubscribed();
    }
  });
  impl_->bus.subscribe(impl_->down, [weak](std::string_view, std::string_view payload) {
    if (auto i = weak.lock()) {
      i->on_down(payload);
    }
  });
  impl_->bus.subscribe(beat_channel(impl_->options.shop_id),
                       [weak](std::string_view, std::string_view payload) {
                         if (auto i = weak.lock()) {
                           i->on_beat(payload);
                         }
                       });
  asio::post(impl_->timer.get_executor(), [i = impl_] { i->tick(); });
}

void relay_host::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stopped) {
      return;
    }
    impl_->stopped = true;
  }
  impl_->bus.unsubscribe(impl_->down);
  impl_->bus.unsubscribe(beat_channel(impl_->options.shop_id));
  asio::post(impl_->timer.get_executor(), [i = impl_] { i->timer.cancel(); });
}

void relay_host::end_all() {
  std::vector<std::shared_ptr<session_sink>> to_close;
  {
    std::lock_guard lock(impl_->mutex);
    to_close = impl_->break_all_locked();
  }
  impl::close_all(to_close);
}

bool relay_host::owner_alive() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->owner_alive_locked();
}

std::string relay_host::owner_http_address() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->owner_alive_locked() ? impl_->owner_http : std::string{};
}

std::size_t relay_host::session_count() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->tunnels.size();
}

attach_result relay_host::attach(const std::shared_ptr<session_sink>& session) {
  auto& i = *impl_;
  std::lock_guard lock(i.mutex);
  if (i.stopped || !i.owner_alive_locked()) {
    return attach_result::unavailable;
  }
  auto [it, fresh] = i.tunnels.try_emplace(session->session_id());
  it->second.session = session;
  relay_message m;
  m.kind = relay_kind::open;
  m.node = i.options.node_id;
  m.session = session->session_id();
  m.tseq = it->second.up.next_out();
  m.who = session->who();
  if (!i.bus.publish(i.up, encode(m))) {
    i.tunnels.erase(it);
    return attach_result::unavailable;
  }
  return attach_result::attached;
}

frame_ptr relay_host::welcome(const std::shared_ptr<session_sink>&) {
  return nullptr;  // the owner's Welcome is the first push
}

void relay_host::handle(const std::shared_ptr<session_sink>& session, std::string_view bytes,
                        decoded_frame, const boost::asio::any_io_executor&) {
  auto& i = *impl_;
  bool lost = false;
  {
    std::lock_guard lock(i.mutex);
    auto it = i.tunnels.find(session->session_id());
    if (it == i.tunnels.end() || it->second.broken) {
      return;
    }
    relay_message m;
    m.kind = relay_kind::frame;
    m.node = i.options.node_id;
    m.session = session->session_id();
    m.tseq = it->second.up.next_out();
    m.payload = bytes;
    if (!i.bus.publish(i.up, encode(m))) {
      it->second.broken = true;
      lost = true;
    }
  }
  if (lost) {
    session->close(close_code::going_away);
  }
}

void relay_host::detach(const session_sink& session) {
  auto& i = *impl_;
  std::lock_guard lock(i.mutex);
  auto it = i.tunnels.find(session.session_id());
  if (it == i.tunnels.end()) {
    return;
  }
  relay_message m;
  m.kind = relay_kind::close;
  m.node = i.options.node_id;
  m.session = session.session_id();
  m.tseq = it->second.up.next_out();
  i.tunnels.erase(it);
  i.bus.publish(i.up, encode(m));
}

}  // namespace fenliu::gateway::relay
