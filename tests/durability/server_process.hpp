#pragma once
// The real `fenliu` binary as a child process: start on a loopback port, kill -9, restart on the
// same data directory, stop gracefully. POSIX only (fork/exec, signals).

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

namespace fenliu::durability {

/// A loopback port that was free a moment ago (bound to port 0, then closed). Another process
/// may take it before the server binds: callers retry with a new one.
std::uint16_t free_loopback_port();

class server_process {
 public:
  /// `log` collects the server's stdout and stderr over every start (appended).
  server_process(std::filesystem::path binary, std::filesystem::path config,
                 std::filesystem::path data_dir, std::filesystem::path log);
  ~server_process();  // kills a still running server with SIGKILL
  server_process(const server_process&) = delete;
  server_process& operator=(const server_process&) = delete;

  /// Starts the server on `port` (updated when a fresh port had to be picked) and waits until
  /// it accepts TCP connections. Tries up to `attempts` ports. False if it never came up.
  bool start(std::atomic<std::uint16_t>& port, std::chrono::seconds timeout, int attempts = 5);
  /// SIGKILL and reap: the crash.
  void kill9();
  /// SIGTERM and wait for a graceful exit (SIGKILL after `timeout`). Returns the exit status,
  /// or -1 when it had to be killed.
  int terminate(std::chrono::seconds timeout);
  bool running() const { return pid_ > 0; }
  /// The last `bytes` of the log, for failure messages.
  std::string log_tail(std::size_t bytes = 4000) const;

 private:
  bool start_once(std::uint16_t port, std::chrono::seconds timeout);

  std::filesystem::path binary_;
  std::filesystem::path config_;
  std::filesystem::path data_dir_;
  std::filesystem::path log_;
  pid_t pid_ = -1;
};

}  // namespace fenliu::durability
