#include "options.hpp"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <stdexcept>

namespace fenliu::load {
namespace {

template <class T>
std::vector<T> parse_list(const std::string& text) {
  std::vector<T> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto item =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) {
      out.push_back(static_cast<T>(std::stod(item)));
    }
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  return out;
}

}  // namespace

std::string usage() {
  return "usage: fenliu-load chat|relay|idle|echo [--key value ...]\n"
         "  common: --config FILE --host H --port P --server-pid PID --threads N --out FILE\n"
         "          --series FILE.csv --run-id ID --max-run-s S\n"
         "  chat:   --customers N --arrival-per-s R --messages N --think-ms T\n"
         "          --agent-think-ms T --agents N\n"
         "  relay:  --agents N --conversations N --window W --rates R1,R2,0 --step-s S\n"
         "          --warmup-s S --text-bytes B   (echo: the same, against a plain echo server)\n"
         "  idle:   --idle-counts 10000,50000 --hold-s S --connect-concurrency N\n";
}

options parse_options(int argc, char** argv) {
  options o;
  if (argc < 2) {
    throw std::runtime_error(usage());
  }
  o.mode = argv[1];
  using setter = std::function<void(const std::string&)>;
  const std::map<std::string, setter> setters = {
      {"config", [&](const std::string& v) { o.config = v; }},
      {"host", [&](const std::string& v) { o.host = v; }},
      {"port", [&](const std::string& v) { o.port = static_cast<std::uint16_t>(std::stoi(v)); }},
      {"server-pid", [&](const std::string& v) { o.server_pid = std::stoi(v); }},
      {"threads", [&](const std::string& v) { o.threads = std::max(1, std::stoi(v)); }},
      {"out", [&](const std::string& v) { o.out = v; }},
      {"series", [&](const std::string& v) { o.series = v; }},
      {"run-id", [&](const std::string& v) { o.run_id = v; }},
      {"max-run-s", [&](const std::string& v) { o.max_run_s = std::stod(v); }},
      {"customers", [&](const std::string& v) { o.customers = std::stoi(v); }},
      {"arrival-per-s", [&](const std::string& v) { o.arrival_per_s = std::stod(v); }},
      {"messages", [&](const std::string& v) { o.messages = std::max(1, std::stoi(v)); }},
      {"think-ms", [&](const std::string& v) { o.think_ms = std::stod(v); }},
      {"agent-think-ms", [&](const std::string& v) { o.agent_think_ms = std::stod(v); }},
      {"agents", [&](const std::string& v) { o.agents = std::max(1, std::stoi(v)); }},
      {"conversations", [&](const std::string& v) { o.conversations = std::stoi(v); }},
      {"window", [&](const std::string& v) { o.window = std::max(1, std::stoi(v)); }},
      {"rates", [&](const std::string& v) { o.rates = parse_list<double>(v); }},
      {"step-s", [&](const std::string& v) { o.step_s = std::stod(v); }},
      {"warmup-s", [&](const std::string& v) { o.warmup_s = std::stod(v); }},
      {"text-bytes", [&](const std::string& v) { o.text_bytes = std::stoi(v); }},
      {"idle-counts", [&](const std::string& v) { o.idle_counts = parse_list<int>(v); }},
      {"hold-s", [&](const std::string& v) { o.hold_s = std::stod(v); }},
      {"connect-concurrency",
       [&](const std::string& v) { o.connect_concurrency = std::max(1, std::stoi(v)); }},
  };
  for (int i = 2; i < argc; ++i) {
    const std::string key = argv[i];
    const auto it = key.starts_with("--") ? setters.find(key.substr(2)) : setters.end();
    if (it == setters.end() || i + 1 >= argc) {
      throw std::runtime_error(fmt::format("unexpected argument '{}'\n{}", key, usage()));
    }
    it->second(argv[++i]);
  }
  if (o.rates.empty()) {
    o.rates = {0};
  }
  return o;
}

}  // namespace fenliu::load
