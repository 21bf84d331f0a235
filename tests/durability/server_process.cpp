#include "server_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace fenliu::durability {
namespace {

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

bool accepts_connections(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    return false;
  }
  const auto addr = loopback(port);
  const bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// Reaps the child if it has exited; true when it is gone.
bool reap(pid_t pid, bool block) {
  int status = 0;
  return ::waitpid(pid, &status, block ? 0 : WNOHANG) == pid;
}

}  // namespace

std::uint16_t free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    return 0;
  }
  auto addr = loopback(0);
  socklen_t len = sizeof addr;
  std::uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

server_process::server_process(std::filesystem::path binary, std::filesystem::path config,
                               std::filesystem::path data_dir, std::filesystem::path log)
    : binary_(std::move(binary)),
      config_(std::move(config)),
      data_dir_(std::move(data_dir)),
      log_(std::move(log)) {}

server_process::~server_process() {
  if (running()) {
    kill9();
  }
}

bool server_process::start(std::atomic<std::uint16_t>& port, std::chrono::seconds timeout,
                           int attempts) {
  for (int i = 0; i < attempts; ++i) {
    if (port.load() == 0) {
      port = free_loopback_port();
    }
    if (start_once(port.load(), timeout)) {
      return true;
    }
    port = 0;  // taken by someone else, or the start failed: try a fresh port
  }
  return false;
}

bool server_process::start_once(std::uint16_t port, std::chrono::seconds timeout) {
  const std::string listen = "127.0.0.1:" + std::to_string(port);
  std::vector<std::string> args = {binary_.string(), "--config",   config_.string(),
                                   "--listen",       listen,       "--data-dir",
                                   data_dir_.string()};
  const pid_t pid = ::fork();
  if (pid < 0) {
    return false;
  }
  if (pid == 0) {
    const int fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
      ::close(fd);
    }
    std::vector<char*> argv;
    for (auto& a : args) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  pid_ = pid;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (reap(pid_, false)) {
      pid_ = -1;  // exited: bad port or bad start
      return false;
    }
    if (accepts_connections(port)) {
      // Someone else's listener would also accept: make sure ours is still alive.
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (!reap(pid_, false)) {
        return true;
      }
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill9();
  return false;
}

void server_process::kill9() {
  if (pid_ <= 0) {
    return;
  }
  ::kill(pid_, SIGKILL);
  reap(pid_, true);
  pid_ = -1;
}

int server_process::terminate(std::chrono::seconds timeout) {
  if (pid_ <= 0) {
    return -1;
  }
  ::kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill9();
  return -1;
}

std::string server_process::log_tail(std::size_t bytes) const {
  std::ifstream in(log_, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string all = ss.str();
  return all.size() > bytes ? all.substr(all.size() - bytes) : all;
}

}  // namespace fenliu::durability
