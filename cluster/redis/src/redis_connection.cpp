#include "redis_connection.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <future>

namespace fenliu::cluster::detail {

namespace asio = boost::asio;

/// The adapter: hiredis asks for read and write interest through ev.addRead & co.; each wish
/// keeps one async_wait armed on the strand. The descriptor never owns the socket (hiredis
/// closes it); `ac` turns null when hiredis cleans up, and every pending wait then ends quietly.
struct redis_connection::watch {
  watch(asio::io_context& io, strand_type& s, redisAsyncContext* c, int fd)
      : strand(s), ac(c), descriptor(io, fd) {}

  strand_type& strand;
  redisAsyncContext* ac;
  asio::posix::stream_descriptor descriptor;
  bool want_read = false;
  bool want_write = false;
  bool reading = false;
  bool writing = false;
  std::shared_ptr<redis_connection> owner;  // kept while hiredis may call back

  static void arm_read(const std::shared_ptr<watch>& w) {
    if (w->ac == nullptr || !w->want_read || w->reading) {
      return;
    }
    w->reading = true;
    w->descriptor.async_wait(asio::posix::descriptor_base::wait_read,
                             asio::bind_executor(w->strand, [w](boost::system::error_code ec) {
                               w->reading = false;
                               if (ec || w->ac == nullptr || !w->want_read) {
                                 return;
                               }
                               redisAsyncHandleRead(w->ac);  // may clean up: ac turns null
                               arm_read(w);
                             }));
  }
  static void arm_write(const std::shared_ptr<watch>& w) {
    if (w->ac == nullptr || !w->want_write || w->writing) {
      return;
    }
    w->writing = true;
    w->descriptor.async_wait(asio::posix::descriptor_base::wait_write,
                             asio::bind_executor(w->strand, [w](boost::system::error_code ec) {
                               w->writing = false;
                               if (ec || w->ac == nullptr || !w->want_write) {
                                 return;
                               }
                               redisAsyncHandleWrite(w->ac);
                               arm_write(w);
                             }));
  }

  // hiredis' hooks: privdata is the watch; they run on the strand (inside hiredis calls).
  static std::shared_ptr<watch> self(void* privdata) {
    return static_cast<watch*>(privdata)->owner->watch_;
  }
  static void add_read(void* privdata) {
    auto w = self(privdata);
    w->want_read = true;
    arm_read(w);
  }
  static void del_read(void* privdata) { static_cast<watch*>(privdata)->want_read = false; }
  static void add_write(void* privdata) {
    auto w = self(privdata);
    w->want_write = true;
    arm_write(w);
  }
  static void del_write(void* privdata) { static_cast<watch*>(privdata)->want_write = false; }
  static void cleanup(void* privdata) {
    auto* w = static_cast<watch*>(privdata);
    w->ac = nullptr;
    w->want_read = w->want_write = false;
    boost::system::error_code ignored;
    w->descriptor.cancel(ignored);
    (void)w->descriptor.release();  // hiredis closes the socket itself
    // hiredis frees the context right after: the connection forgets it now. The pending waits
    // hold the watch; the connection lets go of it later, on the strand, not inside hiredis.
    w->owner->ac_ = nullptr;
    w->owner->connected_ = false;
    asio::post(w->strand, [owner = std::move(w->owner)] { owner->watch_.reset(); });
  }
};

redis_connection::redis_connection(asio::io_context& io, redis_options options)
    : io_(io),
      strand_(asio::make_strand(io)),
      options_(std::move(options)),
      retry_(strand_),
      backoff_(options_.reconnect_min) {}

// A live hiredis context holds the connection (through its watch), so this runs only after
// the context is gone: stop() ran, or the io_context was destroyed with the last handlers.
redis_connection::~redis_connection() = default;

void redis_connection::start() {
  asio::dispatch(strand_, [self = shared_from_this()] { self->connect(); });
}

void redis_connection::stop() {
  std::promise<void> done;
  auto finished = done.get_future();
  auto body = [self = shared_from_this(), &done] {
    self->stopped_ = true;
    self->retry_.cancel();
    {
      std::lock_guard lock(self->mutex_);
      self->waiting_.insert(self->waiting_.end(), std::make_move_iterator(self->incoming_.begin()),
                            std::make_move_iterator(self->incoming_.end()));
      self->incoming_.clear();
    }
    self->fail_all(self->waiting_);
    if (self->ac_ != nullptr) {
      redisAsyncContext* ac = self->ac_;
      self->ac_ = nullptr;
      self->connected_ = false;
      ac->onDisconnect = nullptr;
      ac->data = nullptr;
      redisAsyncFree(ac);  // pending replies hear nullptr
    }
    done.set_value();
  };
  if (io_.stopped()) {
    body();  // nothing runs the strand any more
  } else {
    asio::dispatch(strand_, std::move(body));
  }
  finished.wait();
}

bool redis_connection::submit(std::vector<std::string> argv, reply_fn done) {
  bool first = false;
  {
    std::lock_guard lock(mutex_);
    if (incoming_.size() >= options_.pending_max) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    first = incoming_.empty();
    incoming_.push_back(pending{std::move(argv), std::move(done)});
  }
  if (first) {  // one post per batch, not per command
    asio::post(strand_, [self = shared_from_this()] { self->flush(); });
  }
  return true;
}

void redis_connection::flush() {
  std::vector<pending> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(incoming_);
  }
  if (stopped_) {
    fail_all(batch);
    return;
  }
  for (auto& p : batch) {
    if (ac_ != nullptr && connected_) {
      send(p);
    } else if (waiting_.size() < options_.pending_max) {
      waiting_.push_back(std::move(p));
    } else {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      if (p.done) {
        p.done(nullptr);
      }
    }
  }
}

void redis_connection::send(pending& p) {
  std::vector<const char*> args;
  std::vector<std::size_t> lengths;
  args.reserve(p.argv.size());
  lengths.reserve(p.argv.size());
  for (const auto& a : p.argv) {
    args.push_back(a.data());
    lengths.push_back(a.size());
  }
  auto* fn = p.done ? new reply_fn(std::move(p.done)) : nullptr;
  const int rc = redisAsyncCommandArgv(ac_, fn ? &on_reply : nullptr, fn,
                                       static_cast<int>(args.size()), args.data(), lengths.data());
  if (rc != REDIS_OK && fn != nullptr) {
    (*fn)(nullptr);
    delete fn;
  }
}

bool redis_connection::send_raw(const std::vector<std::string>& argv, redisCallbackFn* fn,
                                void* privdata) {
  if (ac_ == nullptr || !connected_) {
    return false;
  }
  std::vector<const char*> args;
  std::vector<std::size_t> lengths;
  for (const auto& a : argv) {
    args.push_back(a.data());
    lengths.push_back(a.size());
  }
  return redisAsyncCommandArgv(ac_, fn, privdata, static_cast<int>(args.size()), args.data(),
                               lengths.data()) == REDIS_OK;
}

void redis_connection::fail_all(std::vector<pending>& list) {
  for (auto& p : list) {
    if (p.done) {
      p.done(nullptr);
    }
  }
  list.clear();
}

void redis_connection::connect() {
  if (stopped_ || ac_ != nullptr) {
    return;
  }
  redisAsyncContext* ac = redisAsyncConnect(options_.host.c_str(), options_.port);
  if (ac == nullptr || ac->err != 0) {
    if (ac != nullptr) {
      redisAsyncFree(ac);
    }
    schedule_reconnect();
    return;
  }
  ac_ = ac;
  ac->data = this;
  watch_ = std::make_shared<watch>(io_, strand_, ac, ac->c.fd);
  watch_->owner = shared_from_this();
  ac->ev.data = watch_.get();
  ac->ev.addRead = &watch::add_read;
  ac->ev.delRead = &watch::del_read;
  ac->ev.addWrite = &watch::add_write;
  ac->ev.delWrite = &watch::del_write;
  ac->ev.cleanup = &watch::cleanup;
  redisAsyncSetConnectCallback(ac, &on_connect);
  redisAsyncSetDisconnectCallback(ac, &on_disconnect);
  // hiredis 0.14 finishes a non-blocking connect on the first writable event.
  watch::add_write(watch_.get());
}

void redis_connection::schedule_reconnect() {
  if (stopped_) {
    return;
  }
  retry_.expires_after(backoff_);
  backoff_ = std::min(backoff_ * 2, options_.reconnect_max);
  retry_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec) {
      self->connect();
    }
  });
}

void redis_connection::on_connect(const redisAsyncContext* ac, int status) {
  auto* self = static_cast<redis_connection*>(ac->data);
  if (self == nullptr) {
    return;
  }
  if (status != REDIS_OK) {
    // hiredis frees the context after this callback, without calling on_disconnect.
    self->ac_ = nullptr;
    self->connected_ = false;
    self->schedule_reconnect();
    return;
  }
  self->connected_ = true;
  self->connects_.fetch_add(1, std::memory_order_relaxed);
  self->backoff_ = self->options_.reconnect_min;
  if (self->on_connected_) {
    self->on_connected_();
  }
  std::vector<pending> waiting;
  waiting.swap(self->waiting_);
  for (auto& p : waiting) {
    self->send(p);
  }
  self->flush();
}

void redis_connection::on_disconnect(const redisAsyncContext* ac, int /*status*/) {
  auto* self = static_cast<redis_connection*>(ac->data);
  if (self == nullptr) {
    return;
  }
  // hiredis frees the context after this callback.
  self->ac_ = nullptr;
  self->connected_ = false;
  self->schedule_reconnect();
}

void redis_connection::on_reply(redisAsyncContext* /*ac*/, void* reply, void* privdata) {
  auto* fn = static_cast<reply_fn*>(privdata);
  (*fn)(static_cast<const redisReply*>(reply));
  delete fn;
}

}  // namespace fenliu::cluster::detail
