#pragma once
// Helpers for store tests: a temporary directory per test and blocking wrappers around the
// asynchronous store interfaces (tests may wait; production callers never do).

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "fenliu/store/store.hpp"

namespace fenliu::store::test {

/// A fresh directory under the system temp dir, removed with everything in it at the end.
class temp_dir {
 public:
  temp_dir() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = info != nullptr ? std::string(info->test_suite_name()) + "." + info->name()
                                       : std::string("store");
    // Parameterised names hold '/' ("sqlite/store_suite.x/sqlite"): keep one directory level.
    std::replace(name.begin(), name.end(), '/', '_');
    path_ = std::filesystem::temp_directory_path() /
            ("fenliu_store_" + name + "_" + std::to_string(::getpid()) + "_" +
             std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  std::string path() const { return path_.string(); }
  std::string file(const std::string& name = "store.db") const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

template <class T>
struct outcome {
  std::error_code ec;
  T value{};
};

/// A callback and the future it fulfils.
template <class T>
struct waiter {
  std::shared_ptr<std::promise<outcome<T>>> promise = std::make_shared<std::promise<outcome<T>>>();
  std::future<outcome<T>> future = promise->get_future();

  callback<T> cb() {
    return [p = promise](std::error_code ec, T value) {
      p->set_value(outcome<T>{ec, std::move(value)});
    };
  }
  outcome<T> get() { return future.get(); }
};

inline outcome<append_result> append_sync(message_log& s, new_message m) {
  waiter<append_result> w;
  const auto ec = s.append(std::move(m), w.cb());
  if (ec) {
    return {ec, {}};
  }
  return w.get();
}

inline conversation_id create_sync(records& s, conversation_record rec) {
  waiter<conversation_id> w;
  EXPECT_FALSE(s.create_conversation(std::move(rec), w.cb()));
  auto r = w.get();
  EXPECT_FALSE(r.ec) << r.ec.message();
  return r.value;
}

inline conversation_record conversation(std::string customer, std::string shop = "shop-1") {
  conversation_record r;
  r.shop_id = std::move(shop);
  r.customer_id = std::move(customer);
  r.stage = stage_code::pre_sales;
  r.state = conversation_state::queued;
  r.created_at = 1000;
  r.queued_at = 1000;
  r.updated_at = 1000;
  return r;
}

inline new_message text(conversation_id c, std::string sender, std::string client_id,
                        std::string payload, time_ms at = 2000) {
  new_message m;
  m.conversation = c;
  m.role = sender_role::customer;
  m.sender_id = std::move(sender);
  m.client_msg_id = std::move(client_id);
  m.kind = message_kind::text;
  m.payload = std::move(payload);
  m.created_at = at;
  return m;
}

inline outcome<std::vector<stored_message>> read_after_sync(message_log& s, conversation_id c,
                                                            seq_t after, std::size_t limit = 0) {
  waiter<std::vector<stored_message>> w;
  s.read_after(c, after, limit, w.cb());
  return w.get();
}

inline outcome<std::vector<stored_message>> read_before_sync(message_log& s, conversation_id c,
                                                             seq_t before, std::size_t limit) {
  waiter<std::vector<stored_message>> w;
  s.read_before(c, before, limit, w.cb());
  return w.get();
}

template <class T, class Fn>
outcome<T> read_sync(Fn fn) {
  waiter<T> w;
  fn(w.cb());
  return w.get();
}

/// Options every test starts from: short batches and a fixed clock.
inline store_options test_options() {
  store_options o;
  o.batch_delay_us = 200;
  o.clock = [] { return time_ms{5000}; };
  return o;
}

/// A writer that never commits on its own: batches wait for batch_max jobs or for shutdown.
inline store_options held_writer(std::size_t batch_max) {
  auto o = test_options();
  o.batch_max = batch_max;
  o.batch_delay_us = 600'000'000;
  return o;
}

}  // namespace fenliu::store::test
