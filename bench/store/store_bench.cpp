// Store benchmark: messages persisted per second with group commit, and the latency a message
// spends between append() and its ack callback, at synchronous NORMAL and FULL.
//
//   fenliu_store_bench [output.json]     (default bench/out/store.json)
//
// Two phases per mode, on a fresh database per mode in a temp dir:
//  - throughput: 8 producers append 100k messages to 300 conversations as fast as the store
//    takes them, each with up to 4096 messages in flight (blocked on a window that reopens at
//    half, rather than polling on queue_full, so the producers leave the writer its core on a
//    2-core machine);
//    rate = messages / (last ack - first append).
//  - latency: the same producers with at most 8 messages each in flight (64 in total), the
//    load of a busy but not saturated server; p50/p99 of append -> callback.
// The throughput phase's latency percentiles are printed too (they are queueing time).

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fenliu/store/sqlite_store.hpp"

namespace {

namespace fs = std::filesystem;
namespace st = fenliu::store;
using clock_type = std::chrono::steady_clock;

constexpr int producers = 8;
constexpr int conversations = 300;
constexpr int throughput_messages = 100'000;
constexpr int latency_messages = 20'000;
constexpr int in_flight_per_producer = 8;
constexpr int saturating_in_flight_per_producer = 4096;

struct phase_result {
  double msgs_per_s = 0;
  double p50_us = 0;
  double p99_us = 0;
  double cpu_us_per_msg = 0;  // whole process (producers included): stable under machine load
  int failures = 0;
};

double process_cpu_us() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const auto us = [](const timeval& t) { return t.tv_sec * 1e6 + static_cast<double>(t.tv_usec); };
  return us(u.ru_utime) + us(u.ru_stime);
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) {
    return 0;
  }
  const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

std::vector<st::conversation_id> create_conversations(st::records& s) {
  std::vector<std::future<st::conversation_id>> pending;
  std::vector<std::shared_ptr<std::promise<st::conversation_id>>> promises;
  for (int i = 0; i < conversations; ++i) {
    auto p = std::make_shared<std::promise<st::conversation_id>>();
    pending.push_back(p->get_future());
    st::conversation_record rec;
    rec.shop_id = "shop-1";
    rec.customer_id = fmt::format("buyer-{}", i);
    rec.queued_at = i;
    s.create_conversation(rec, [p](std::error_code, st::conversation_id id) { p->set_value(id); });
  }
  std::vector<st::conversation_id> ids;
  for (auto& f : pending) {
    ids.push_back(f.get());
  }
  return ids;
}

// One producer's messages in flight. The writer's callback wakes the producer only when the
// count falls to `wake_at`, so a saturating producer is woken once per many acks instead of
// once per ack (each wake-up is CPU taken from the writer on a 2-core machine).
class in_flight_window {
 public:
  in_flight_window(int window, int wake_at) : window_(window), wake_at_(wake_at) {}

  void acquire() {
    std::unique_lock lock(mutex_);
    more_.wait(lock, [this] { return count_ < window_; });
    ++count_;
  }
  void release() {
    bool wake = false;
    {
      std::lock_guard lock(mutex_);
      --count_;
      wake = count_ == wake_at_ || count_ == 0;
    }
    if (wake) {
      more_.notify_one();
    }
  }
  void drain() {
    std::unique_lock lock(mutex_);
    more_.wait(lock, [this] { return count_ == 0; });
  }

 private:
  const int window_;
  const int wake_at_;
  std::mutex mutex_;
  std::condition_variable more_;
  int count_ = 0;
};

// Runs `total` appends from `producers` threads, each with at most `window` messages in
// flight. Returns rate and latency percentiles.
phase_result run_phase(st::message_log& s, const std::vector<st::conversation_id>& ids, int total,
                       int window, const std::string& tag) {
  std::vector<double> latency_us(static_cast<std::size_t>(total));
  std::atomic<int> completed{0};
  std::atomic<int> failures{0};
  std::promise<clock_type::time_point> all_done;
  auto all_done_future = all_done.get_future();
  const std::string payload(96, 'x');
  const auto start = clock_type::now();
  const double cpu_start = process_cpu_us();

  auto producer = [&](int p) {
    in_flight_window slots(window, window > 64 ? window / 2 : window - 1);
    const int per = total / producers;
    for (int i = 0; i < per; ++i) {
      const int index = p * per + i;
      slots.acquire();
      st::new_message m;
      m.conversation = ids[static_cast<std::size_t>(index % conversations)];
      m.sender_id = fmt::format("buyer-{}", p);
      m.client_msg_id = fmt::format("{}-{}", tag, index);
      m.payload = payload;
      m.created_at = 1;
      const auto t0 = clock_type::now();
      auto done = [&, t0, index](std::error_code ec, st::append_result) {
        const auto t1 = clock_type::now();
        latency_us[static_cast<std::size_t>(index)] =
            std::chrono::duration<double, std::micro>(t1 - t0).count();
        if (ec) {
          ++failures;
        }
        slots.release();
        if (++completed == total) {
          all_done.set_value(t1);
        }
      };
      while (s.append(m, done) == st::errc::queue_full) {
        // Back off like a pushed-back client would; spinning would steal the writer's core.
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    }
    // The window lives on this stack: wait until every callback released its slot.
    slots.drain();
  };
  std::vector<std::thread> threads;
  for (int p = 0; p < producers; ++p) {
    threads.emplace_back(producer, p);
  }
  for (auto& t : threads) {
    t.join();
  }
  const auto end = all_done_future.get();
  phase_result r;
  r.msgs_per_s = total / std::chrono::duration<double>(end - start).count();
  r.cpu_us_per_msg = (process_cpu_us() - cpu_start) / total;
  r.p50_us = percentile(latency_us, 0.50);
  r.p99_us = percentile(latency_us, 0.99);
  r.failures = failures.load();
  return r;
}

struct mode_result {
  phase_result throughput;
  phase_result latency;
};

mode_result run_mode(bool full, const fs::path& dir) {
  const auto file = dir / (full ? "full.db" : "normal.db");
  st::sqlite_options opts;
  opts.path = file.string();
  opts.synchronous_full = full;
  mode_result r;
  {
    auto s = st::open_sqlite_store(opts);
    const auto ids = create_conversations(*s);
    r.throughput = run_phase(*s, ids, throughput_messages, saturating_in_flight_per_producer, "t");
    r.latency = run_phase(*s, ids, latency_messages, in_flight_per_producer, "l");
    s->shutdown();
  }
  const char* name = full ? "FULL  " : "NORMAL";
  fmt::print(
      "synchronous={}  {:>9.0f} msg/s, {:.1f} us CPU/msg  (saturated p50 {:>8.0f} us, p99 {:>8.0f} "
      "us)\n",
      name, r.throughput.msgs_per_s, r.throughput.cpu_us_per_msg, r.throughput.p50_us,
      r.throughput.p99_us);
  fmt::print(
      "synchronous={}  latency with {} in flight: p50 {:.0f} us, p99 {:.0f} us "
      "({:.0f} msg/s)\n",
      name, producers * in_flight_per_producer, r.latency.p50_us, r.latency.p99_us,
      r.latency.msgs_per_s);
  if (r.throughput.failures + r.latency.failures > 0) {
    fmt::print("  {} appends failed\n", r.throughput.failures + r.latency.failures);
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const fs::path out = argc > 1 ? fs::path(argv[1]) : fs::path("bench/out/store.json");
  const fs::path dir = fs::temp_directory_path() / fmt::format("fenliu_store_bench_{}", ::getpid());
  fs::create_directories(dir);
  fmt::print(
      "store bench: {} producers, {} conversations, {} messages (throughput), "
      "{} messages (latency), dir {}\n",
      producers, conversations, throughput_messages, latency_messages, dir.string());
  const auto normal = run_mode(false, dir);
  const auto full = run_mode(true, dir);
  fs::remove_all(dir);

  if (out.has_parent_path()) {
    fs::create_directories(out.parent_path());
  }
  std::ofstream json(out);
  json << fmt::format(
      "{{\n"
      "  \"store.commits_msgs_per_s\": {:.0f},\n"
      "  \"store.commits_msgs_per_s_full\": {:.0f},\n"
      "  \"store.latency_us.p50\": {:.1f},\n"
      "  \"store.latency_us.p99\": {:.1f},\n"
      "  \"store.latency_us_full.p50\": {:.1f},\n"
      "  \"store.latency_us_full.p99\": {:.1f},\n"
      "  \"store.saturated_latency_us.p50\": {:.1f},\n"
      "  \"store.saturated_latency_us.p99\": {:.1f},\n"
      "  \"store.saturated_latency_us_full.p50\": {:.1f},\n"
      "  \"store.saturated_latency_us_full.p99\": {:.1f},\n"
      "  \"store.cpu_us_per_msg\": {:.2f},\n"
      "  \"store.cpu_us_per_msg_full\": {:.2f}\n"
      "}}\n",
      normal.throughput.msgs_per_s, full.throughput.msgs_per_s, normal.latency.p50_us,
      normal.latency.p99_us, full.latency.p50_us, full.latency.p99_us, normal.throughput.p50_us,
      normal.throughput.p99_us, full.throughput.p50_us, full.throughput.p99_us,
      normal.throughput.cpu_us_per_msg, full.throughput.cpu_us_per_msg);
  if (!json) {
    fmt::print(stderr, "cannot write {}\n", out.string());
    return 1;
  }
  fmt::print("wrote {}\n", out.string());
  const bool failed = normal.throughput.failures + normal.latency.failures +
                          full.throughput.failures + full.latency.failures >
                      0;
  return failed ? 1 : 0;
}
