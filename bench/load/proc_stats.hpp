#pragma once
// Figures about a process read from /proc: resident memory and CPU time. The server's pid is
// passed in, so the load generator can report what the server spent at each load step.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fenliu::load {

struct process_sample {
  std::int64_t rss_kb = 0;  // VmRSS
  double cpu_s = 0.0;       // utime + stime
  std::int64_t at_us = 0;   // now_us() when sampled
};

/// CPU seconds of each thread of a process, by thread id (name = the thread's comm).
struct thread_sample {
  int tid = 0;
  std::string name;
  double cpu_s = 0.0;
};
std::vector<thread_sample> sample_threads(int pid);

/// Threads' CPU cores between two samples, busiest first: [{"tid", "name", "cpu_cores"}].
std::string threads_json(const std::vector<thread_sample>& a, const std::vector<thread_sample>& b,
                         double wall_s);

/// Slab memory of the kernel (/proc/meminfo "Slab:"), bytes; sockets live there.
std::int64_t kernel_slab_bytes();

/// Samples /proc/<pid>; nullopt when the process is gone or pid is 0.
std::optional<process_sample> sample_process(int pid);
/// The calling process itself.
process_sample sample_self();

/// CPU cores used between two samples (cpu seconds per wall second).
double cores_between(const process_sample& a, const process_sample& b);

/// Raises RLIMIT_NOFILE to at least `wanted` (bounded by the hard limit); returns the new soft
/// limit.
std::uint64_t raise_fd_limit(std::uint64_t wanted);

/// The soft "Max open files" of another process, or 0 if unreadable.
std::uint64_t fd_limit_of(int pid);

/// `model name` from /proc/cpuinfo.
std::string cpu_model();

}  // namespace fenliu::load
