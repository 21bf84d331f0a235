#pragma once
// Command line of fenliu-load. Every scenario is bounded by counts and durations.

#include <cstdint>
#include <string>
#include <vector>

namespace fenliu::load {

struct options {
  std::string mode;                         // chat, relay, idle, echo
  std::string config = "bench/bench.toml";  // the server's config: secrets, shop id, agent ids
  std::string host = "127.0.0.1";
  std::uint16_t port = 18080;
  int server_pid = 0;  // for RSS and CPU from /proc; 0: not reported
  int threads = 1;     // one event loop per thread
  std::string out = "bench/out/load.json";
  std::string series;      // per-second CSV (relay, echo); empty: none
  std::string run_id;      // prefix of customer ids; default: from the clock
  double max_run_s = 300;  // hard stop for the whole run

  // chat
  int customers = 400;
  double arrival_per_s = 40;
  int messages = 5;       // customer messages per conversation, each answered by the agent
  double think_ms = 300;  // mean customer think time (exponential)
  double agent_think_ms = 0;
  int agents = 20;  // the first N agents of the config

  // relay and echo
  int conversations = 200;
  int window = 4;                   // unacked sends per connection
  std::vector<double> rates = {0};  // msgs/s per step; 0: as fast as the window allows
  double step_s = 8;
  double warmup_s = 1;  // left out of each step's figures
  int text_bytes = 16;

  // idle (and connection set-up rate)
  std::vector<int> idle_counts = {10000};
  double hold_s = 5;
  int connect_concurrency = 200;  // handshakes in flight
};

/// Parses `fenliu-load MODE --key value ...`; throws std::runtime_error with usage on error.
options parse_options(int argc, char** argv);

std::string usage();

}  // namespace fenliu::load
