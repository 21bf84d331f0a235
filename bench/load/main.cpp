// fenliu-load: load generator over real WebSockets. See docs/bench.md.
//
//   fenliu-load chat|relay|idle|echo [--key value ...]    (fenliu-load --help lists the keys)
#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <thread>

#include "frames.hpp"
#include "options.hpp"
#include "proc_stats.hpp"
#include "report.hpp"
#include "runner.hpp"
#include "scenarios.hpp"

int main(int argc, char** argv) {
  using namespace fenliu::load;
  try {
    if (argc >= 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h")) {
      fmt::print("{}", usage());
      return 0;
    }
    const auto opts = parse_options(argc, argv);
    runner r(opts);
    std::string result;
    if (opts.mode == "chat") {
      result = run_chat(r);
    } else if (opts.mode == "relay") {
      result = run_relay(r);
    } else if (opts.mode == "echo") {
      result = run_echo(r);
    } else if (opts.mode == "idle") {
      result = run_idle(r);
    } else {
      fmt::print(stderr, "unknown mode '{}'\n{}", opts.mode, usage());
      return 2;
    }
    const auto report = json_object{}
                            .str("tool", "fenliu-load")
                            .integer("threads", opts.threads)
                            .integer("machine_cores", std::thread::hardware_concurrency())
                            .str("cpu_model", cpu_model())
                            .integer("server_pid", opts.server_pid)
                            .raw("result", result)
                            .dump();
    write_file(opts.out, report);
    fmt::print("report: {}\n", opts.out);
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "fenliu-load: {}\n", e.what());
    return 1;
  }
}
