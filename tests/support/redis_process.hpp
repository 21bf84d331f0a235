#pragma once
// Header-only helpers for tests that run servers as child processes on loopback: a free port
// picked by the kernel, and a redis-server (FENLIU_REDIS_SERVER) that a test can kill and
// start again on the same port. Used by cluster_tests and gateway_cluster_tests.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>

namespace fenliu::testing {

/// A port nothing listens on right now: the kernel picks one, then it is freed (processes
/// started later need their ports before they run).
inline std::uint16_t free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

/// True once a PING on a fresh connection to 127.0.0.1:port is answered +PONG.
inline bool redis_answers_ping(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  bool ok = false;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::write(fd, "PING\r\n", 6) == 6) {
    char buf[16] = {};
    ok = ::read(fd, buf, sizeof buf - 1) >= 5 && std::string(buf, 5) == "+PONG";
  }
  ::close(fd);
  return ok;
}

/// One redis-server on 127.0.0.1:port, no persistence, in a child process; start() again
/// after kill() restarts it on the same port.
class redis_process {
 public:
  explicit redis_process(int port) : port_(port) { start(); }
  ~redis_process() { kill(); }
  redis_process(const redis_process&) = delete;
  redis_process& operator=(const redis_process&) = delete;

  void start() {
    using namespace std::chrono_literals;
    pid_ = ::fork();
    if (pid_ == 0) {
      const std::string p = std::to_string(port_);
      const std::string dir = std::filesystem::temp_directory_path().string();
      ::execl(FENLIU_REDIS_SERVER, FENLIU_REDIS_SERVER, "--port", p.c_str(), "--bind",
              "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.c_str(), "--loglevel",
              "warning", "--logfile", "/dev/null", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 500 && !redis_answers_ping(port_); ++i) {
      std::this_thread::sleep_for(10ms);
    }
    ASSERT_TRUE(redis_answers_ping(port_)) << "redis-server did not start on " << port_;
  }
  void kill() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  int port() const { return port_; }

 private:
  int port_;
  pid_t pid_ = -1;
};

}  // namespace fenliu::testing
