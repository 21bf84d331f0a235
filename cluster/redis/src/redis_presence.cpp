#include "fenliu/cluster/redis_presence.hpp"

#include <utility>

#include "redis_connection.hpp"

namespace fenliu::cluster {

struct redis_presence::impl {
  impl(boost::asio::io_context& io, const redis_options& options, std::string p)
      : connection(std::make_shared<detail::redis_connection>(io, options)), prefix(std::move(p)) {}
  std::shared_ptr<detail::redis_connection> connection;
  std::string prefix;
};

namespace {

detail::reply_fn status_reply(redis_presence::done_fn done) {
  if (!done) {
    return {};
  }
  return [done = std::move(done)](const redisReply* r) {
    done(r != nullptr && r->type != REDIS_REPLY_ERROR);
  };
}

}  // namespace

redis_presence::redis_presence(boost::asio::io_context& io, redis_options options,
                               std::string prefix)
    : impl_(std::make_shared<impl>(io, options, std::move(prefix))) {}

redis_presence::~redis_presence() {
  stop();
}

void redis_presence::start() {
  impl_->connection->start();
}

void redis_presence::stop() {
  impl_->connection->stop();
}

bool redis_presence::heartbeat(const std::string& key, const std::string& value,
                               std::chrono::milliseconds ttl, done_fn done) {
  return impl_->connection->submit(
      {"SET", impl_->prefix + key, value, "PX", std::to_string(std::max<long long>(1, ttl.count()))},
      status_reply(std::move(done)));
}

bool redis_presence::remove(const std::string& key, done_fn done) {
  return impl_->connection->submit({"DEL", impl_->prefix + key}, status_reply(std::move(done)));
}

bool redis_presence::lookup(const std::vector<std::string>& keys, lookup_fn done) {
  if (keys.empty()) {
    done(true, {});
    return true;
  }
  std::vector<std::string> argv;
  argv.reserve(keys.size() + 1);
  argv.emplace_back("MGET");
  for (const auto& k : keys) {
    argv.push_back(impl_->prefix + k);
  }
  const std::size_t n = keys.size();
  return impl_->connection->submit(
      std::move(argv), [n, done = std::move(done)](const redisReply* r) {
        std::vector<std::optional<std::string>> values;
        if (r == nullptr || r->type != REDIS_REPLY_ARRAY || r->elements != n) {
          done(false, std::move(values));
          return;
        }
        values.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
          const redisReply* e = r->element[i];
          if (e->type == REDIS_REPLY_STRING) {
            values.emplace_back(std::string(e->str, e->len));
          } else {
            values.emplace_back(std::nullopt);
          }
        }
        done(true, std::move(values));
      });
}

}  // namespace fenliu::cluster
