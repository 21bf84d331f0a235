#include "proc_stats.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ws_connection.hpp"

namespace fenliu::load {
namespace {

std::int64_t rss_kb_from(const std::string& status_path) {
  std::ifstream in(status_path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("VmRSS:")) {
      return std::stoll(line.substr(6));
    }
  }
  return 0;
}

// utime and stime are fields 14 and 15; the command name (field 2) may hold spaces, so count
// from the closing parenthesis.
std::optional<double> cpu_s_from(const std::string& stat_path) {
  std::ifstream in(stat_path);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = all.rfind(')');
  if (close == std::string::npos) {
    return std::nullopt;
  }
  std::istringstream fields(all.substr(close + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 || i == 15) {
      ticks += std::stod(field);
    }
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::string comm_of(const std::string& stat_path) {
  std::ifstream in(stat_path);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto open = all.find('(');
  const auto close = all.rfind(')');
  return open == std::string::npos || close == std::string::npos
             ? std::string{}
             : all.substr(open + 1, close - open - 1);
}

}  // namespace

std::vector<thread_sample> sample_threads(int pid) {
  std::vector<thread_sample> out;
  if (pid <= 0) {
    return out;
  }
  std::error_code ec;
  const auto dir = "/proc/" + std::to_string(pid) + "/task";
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const auto stat = entry.path().string() + "/stat";
    if (const auto cpu = cpu_s_from(stat)) {
      out.push_back({std::stoi(entry.path().filename().string()), comm_of(stat), *cpu});
    }
  }
  return out;
}

std::string threads_json(const std::vector<thread_sample>& a, const std::vector<thread_sample>& b,
                         double wall_s) {
  std::vector<std::pair<double, const thread_sample*>> used;
  for (const auto& t : b) {
    double before = 0;
    for (const auto& s : a) {
      if (s.tid == t.tid) {
        before = s.cpu_s;
      }
    }
    used.emplace_back(wall_s > 0 ? (t.cpu_s - before) / wall_s : 0.0, &t);
  }
  std::sort(used.begin(), used.end(),
            [](const auto& x, const auto& y) { return x.first > y.first; });
  std::string out = "[";
  for (std::size_t i = 0; i < used.size(); ++i) {
    out +=
        fmt::format("{}{{\"tid\": {}, \"name\": \"{}\", \"cpu_cores\": {:.3f}}}",
                    i == 0 ? "" : ", ", used[i].second->tid, used[i].second->name, used[i].first);
  }
  return out + "]";
}

std::int64_t kernel_slab_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("Slab:")) {
      return std::stoll(line.substr(5)) * 1024;
    }
  }
  return 0;
}

std::optional<process_sample> sample_process(int pid) {
  if (pid <= 0) {
    return std::nullopt;
  }
  const auto base = "/proc/" + std::to_string(pid);
  const auto cpu = cpu_s_from(base + "/stat");
  if (!cpu) {
    return std::nullopt;
  }
  return process_sample{rss_kb_from(base + "/status"), *cpu, now_us()};
}

process_sample sample_self() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const double cpu = static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
                     static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
  return process_sample{rss_kb_from("/proc/self/status"), cpu, now_us()};
}

double cores_between(const process_sample& a, const process_sample& b) {
  const double wall = static_cast<double>(b.at_us - a.at_us) / 1e6;
  return wall <= 0 ? 0.0 : (b.cpu_s - a.cpu_s) / wall;
}

std::uint64_t raise_fd_limit(std::uint64_t wanted) {
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  if (lim.rlim_cur < wanted) {
    lim.rlim_cur = std::min<rlim_t>(wanted, lim.rlim_max);
    setrlimit(RLIMIT_NOFILE, &lim);
    getrlimit(RLIMIT_NOFILE, &lim);
  }
  return lim.rlim_cur;
}

std::uint64_t fd_limit_of(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/limits");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("Max open files")) {
      std::istringstream fields(line.substr(14));
      std::string soft;
      fields >> soft;
      return soft == "unlimited" ? UINT64_MAX : std::stoull(soft);
    }
  }
  return 0;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("model name")) {
      const auto colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(colon + 2);
    }
  }
  return "unknown";
}

}  // namespace fenliu::load
