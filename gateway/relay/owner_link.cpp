#include "gateway/relay/owner_link.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>
#include <vector>

#include "fenliu/cluster/redis_bus.hpp"
#include "gateway/app/dispatcher.hpp"
#include "gateway/app/services.hpp"
#include "gateway/protocol/encode.hpp"
#include "gateway/relay/relay_wire.hpp"

namespace fenliu::gateway::relay {
namespace {

namespace asio = boost::asio;
using steady = std::chrono::steady_clock;

// A relay node whose roster has not come for this many heartbeats is gone.
constexpr int heartbeats_to_lose_node = 3;

}  // namespace

/// A client connected to another node, run here. Every call that reaches the client is one
/// message on the relay node's down channel, numbered in the order of the calls.
class remote_session final : public session_sink,
                             public std::enable_shared_from_this<remote_session> {
 public:
  remote_session(services& svc, cluster::redis_bus& bus, std::string down, std::string node,
                 std::uint64_t relay_id, identity who, std::int64_t epoch)
      : svc_(svc),
        epoch_(epoch),
        bus_(bus),
        down_(std::move(down)),
        node_(std::move(node)),
        relay_id_(relay_id),
        id_(svc.next_session_id.fetch_add(1)),
        who_(std::move(who)),
        strand_(asio::make_strand(svc.io)) {}

  send_status deliver(frame_ptr frame, delivery_class cls) override {
    std::lock_guard lock(mutex_);
    if (!open_) {
      return send_status::closing;
    }
    if (!welcomed_) {
      // Frames fanned out to it between attach and Welcome: the Welcome goes first.
      early_.emplace_back(std::move(frame), cls);
      return send_status::queued;
    }
    if (!push_locked(*frame, cls)) {
      open_ = false;  // the bus is backed up: the relay node sees the gap and ends it
      post_detach();
      return send_status::closing;
    }
    return send_status::queued;
  }

  void close(close_code code) override {
    {
      std::lock_guard lock(mutex_);
      if (!open_) {
        return;
      }
      open_ = false;
      relay_message m;
      m.kind = relay_kind::end;
      m.session = relay_id_;
      m.tseq = down_order_.next_out();  // after the pushes: the relay writes them, then closes
      m.code = static_cast<std::uint16_t>(code);
      m.epoch = epoch_;
      bus_.publish(down_, encode(m));
    }
    post_detach();
  }

  const identity& who() const noexcept override { return who_; }
  std::uint64_t session_id() const noexcept override { return id_; }

  const std::string& node() const { return node_; }
  std::uint64_t relay_id() const { return relay_id_; }
  tunnel_order& up_order() { return up_order_; }  // the bus's strand only

  /// On the session's strand: joins the hub and sends the Welcome, then what came before it.
  void open() {
    asio::post(strand_, [self = shared_from_this()] {
      if (!self->svc_.hub.attach(self)) {
        self->close(close_code::too_many_connections);
        return;
      }
      self->attached_ = true;
      auto welcome = on_session_attached(self->svc_, self);
      std::lock_guard lock(self->mutex_);
      if (!self->open_) {
        return;
      }
      self->welcomed_ = true;
      bool ok = self->push_locked(*welcome, delivery_class::durable);
      for (auto& [f, cls] : self->early_) {
        ok = ok && self->push_locked(*f, cls);
      }
      self->early_.clear();
      if (!ok) {
        self->open_ = false;
        self->post_detach();
      }
    });
  }

  /// One client frame, in the order the relay sent them.
  void handle(std::string bytes) {
    asio::post(strand_, [self = shared_from_this(), bytes = std::move(bytes)] {
      if (!self->attached_ || self->detached_) {
        return;
      }
      auto decoded = self->decoder_.decode(bytes, true, self->who_.role_, self->svc_.limits());
      if (auto* err = std::get_if<rejected_frame>(&decoded)) {
        // The relay node checked it already; a node of another version might not have.
        self->deliver(encode_error(err->request_id, err->code, std::move(err->detail)),
                      delivery_class::durable);
        return;
      }
      try {
        dispatch(self->svc_, self, std::get<decoded_frame>(std::move(decoded)), self->strand_);
      } catch (const std::exception& e) {
        spdlog::error("relayed session {}: handling a frame failed: {}", self->id_, e.what());
        self->close(close_code::internal);
      }
    });
  }

  /// The client is gone (its node said so, or went silent): leave the hub, say nothing.
  void gone() {
    {
      std::lock_guard lock(mutex_);
      open_ = false;
    }
    post_detach();
  }

 private:
  bool push_locked(const std::string& bytes, delivery_class cls) {
    relay_message m;
    m.kind = relay_kind::push;
    m.session = relay_id_;
    m.tseq = down_order_.next_out();
    m.cls = cls;
    m.epoch = epoch_;
    m.payload = bytes;
    return bus_.publish(down_, encode(m));
  }

  void post_detach() {
    asio::post(strand_, [self = shared_from_this()] {
      if (self->attached_ && !self->detached_) {
        self->detached_ = true;
        const bool last = self->svc_.hub.detach(*self);
        on_session_detached(self->svc_, *self, last);
      }
    });
  }

  services& svc_;
  const std::int64_t epoch_;
  cluster::redis_bus& bus_;
  const std::string down_;
  const std::string node_;
  const std::uint64_t relay_id_;
  const std::uint64_t id_;
  const identity who_;
  asio::strand<asio::io_context::executor_type> strand_;
  client_decoder decoder_;  // the strand only
  tunnel_order up_order_;   // the bus's strand only
  bool attached_ = false;   // the strand only
  bool detached_ = false;   // the strand only

  std::mutex mutex_;  // guards the rest: deliver() runs on any thread
  bool open_ = true;
  bool welcomed_ = false;
  tunnel_order down_order_;
  std::vector<std::pair<frame_ptr, delivery_class>> early_;
};

struct owner_link::impl : std::enable_shared_from_this<impl> {
  impl(services& svc, cluster::redis_bus& bus, owner_link_options o)
      : svc(svc), bus(bus), options(std::move(o)), timer(svc.io) {}

  using key = std::pair<std::string, std::uint64_t>;  // (relay node, its session id)

  services& svc;
  cluster::redis_bus& bus;
  const owner_link_options options;
  asio::steady_timer timer;

  mutable std::mutex mutex;
  std::map<key, std::shared_ptr<remote_session>> sessions;
  std::unordered_map<std::string, steady::time_point> last_roster;  // per relay node
  bool stopped = false;
  bool subscribed_once = false;
  std::string http_address;  // set by start(), carried by every beat

  void on_message(std::string_view bytes) {
    auto m = decode(bytes);
    if (!m) {
      return;
    }
    switch (m->kind) {
      case relay_kind::open:
        on_open(*m);
        return;
      case relay_kind::frame:
        on_frame(*m);
        return;
      case relay_kind::close:
        if (auto s = take({m->node, m->session})) {
          s->gone();
        }
        return;
      case relay_kind::roster:
        on_roster(*m);
        return;
      default:
        return;
    }
  }

  void on_open(const relay_message& m) {
    if (m.who.shop_id != options.shop_id || m.tseq != 1) {
      return;
    }
    std::shared_ptr<remote_session> s;
    {
      std::lock_guard lock(mutex);
      if (stopped || sessions.contains({m.node, m.session})) {
        return;
      }
      s = std::make_shared<remote_session>(svc, bus, down_channel(options.shop_id, m.node),
                                           m.node, m.session, m.who, options.epoch);
      s->up_order().accept(1);
      sessions.emplace(key{m.node, m.session}, s);
      last_roster.try_emplace(m.node, steady::now());
    }
    s->open();
  }

  void on_frame(const relay_message& m) {
    std::shared_ptr<remote_session> s;
    {
      std::lock_guard lock(mutex);
      auto it = sessions.find({m.node, m.session});
      if (it == sessions.end()) {
        return;  // unknown here: the next roster ends it on its node
      }
      s = it->second;
    }
    if (!s->up_order().accept(m.tseq)) {
      // A client frame was lost on the way: end the session; the client resends on reconnect.
      take({m.node, m.session});
      s->close(close_code::going_away);
      return;
    }
    s->handle(std::string(m.payload));
  }

  void on_roster(const relay_message& m) {
    const std::set<std::uint64_t> listed(m.sessions.begin(), m.sessions.end());
    std::vector<std::shared_ptr<remote_session>> gone;
    std::vector<std::uint64_t> unknown;
    {
      std::lock_guard lock(mutex);
      if (stopped) {
        return;
      }
      last_roster[m.node] = steady::now();
      for (auto it = sessions.lower_bound({m.node, 0});
           it != sessions.end() && it->first.first == m.node;) {
        if (!listed.contains(it->first.second)) {
          gone.push_back(it->second);  // its close was lost
          it = sessions.erase(it);
        } else {
          ++it;
        }
      }
      for (auto id : listed) {
        if (!sessions.contains({m.node, id})) {
          unknown.push_back(id);  // its open was lost, or went to a former owner
        }
      }
    }
    for (auto& s : gone) {
      s->gone();
    }
    for (auto id : unknown) {
      relay_message end;
      end.kind = relay_kind::end;
      end.session = id;
      end.tseq = 0;  // out of band: whatever came before
      end.code = static_cast<std::uint16_t>(close_code::going_away);
      end.epoch = options.epoch;
      bus.publish(down_channel(options.shop_id, m.node), encode(end));
    }
  }

  std::shared_ptr<remote_session> take(const key& k) {
    std::lock_guard lock(mutex);
    auto it = sessions.find(k);
    if (it == sessions.end()) {
      return nullptr;
    }
    auto s = std::move(it->second);
    sessions.erase(it);
    return s;
  }

  /// Every heartbeat: say who owns the shop, and drop relay nodes that went silent.
  void tick() {
    {
      std::lock_guard lock(mutex);
      if (stopped) {
        return;
      }
    }
    relay_message beat;
    beat.kind = relay_kind::beat;
    beat.node = options.node_id;
    beat.epoch = options.epoch;
    beat.payload = http_address;
    bus.publish(beat_channel(options.shop_id), encode(beat));
    std::vector<std::shared_ptr<remote_session>> gone;
    {
      std::lock_guard lock(mutex);
      if (stopped) {
        return;
      }
      const auto cutoff = steady::now() - heartbeats_to_lose_node * options.heartbeat;
      for (auto n = last_roster.begin(); n != last_roster.end();) {
        if (n->second >= cutoff) {
          ++n;
          continue;
        }
        spdlog::warn("relay node '{}' went silent: its sessions are dropped", n->first);
        for (auto it = sessions.lower_bound({n->first, 0});
             it != sessions.end() && it->first.first == n->first;) {
          gone.push_back(it->second);
          it = sessions.erase(it);
        }
        n = last_roster.erase(n);
      }
    }
    for (auto& s : gone) {
      s->gone();
    }
    timer.expires_after(options.heartbeat);
    timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) {
        self->tick();
      }
    });
  }

  /// The subscriber reconnected: client frames may have been lost meanwhile. End every relayed
  /// session; the clients reconnect and resume.
  void on_resubscribed() {
    std::vector<std::shared_ptr<remote_session>> all;
    {
      std::lock_guard lock(mutex);
      if (!subscribed_once) {
        subscribed_once = true;
        return;
      }
      for (auto& [k, s] : sessions) {
        all.push_back(s);
      }
      sessions.clear();
    }
    if (!all.empty()) {
      spdlog::warn("Redis reconnected: {} relayed session(s) end and resume", all.size());
    }
    for (auto& s : all) {
      s->close(close_code::going_away);
    }
  }
};

owner_link::owner_link(services& svc, cluster::redis_bus& bus, owner_link_options options)
    : impl_(std::make_shared<impl>(svc, bus, std::move(options))) {}

owner_link::~owner_link() {
  stop();
}

void owner_link::start(std::string http_address) {
  impl_->http_address = std::move(http_address);  // before the first beat, read only by beats
  std::weak_ptr<impl> weak = impl_;
  impl_->bus.on_resubscribed([weak] {
    if (auto i = weak.lock()) {
      i->on_resubscribed();
    }
  });
  impl_->bus.subscribe(up_channel(impl_->options.shop_id),
                       [weak](std::string_view, std::string_view payload) {
                         if (auto i = weak.lock()) {
                           i->on_message(payload);
                         }
                       });
  asio::post(impl_->timer.get_executor(), [i = impl_] { i->tick(); });
}

void owner_link::stop() {
  std::vector<std::shared_ptr<remote_session>> all;
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stopped) {
      return;
    }
    impl_->stopped = true;
    for (auto& [k, s] : impl_->sessions) {
      all.push_back(s);
    }
    impl_->sessions.clear();
  }
  impl_->bus.unsubscribe(up_channel(impl_->options.shop_id));
  for (auto& s : all) {
    s->close(close_code::going_away);
  }
  asio::post(impl_->timer.get_executor(), [i = impl_] { i->timer.cancel(); });
}

std::size_t owner_link::session_count() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->sessions.size();
}

}  // namespace fenliu::gateway::relay
