#pragma once
// The scenarios. Each runs to completion on the runner's workers (bounded by counts and
// durations), prints a short human summary on stdout and returns its JSON report.

#include <string>

#include "runner.hpp"

namespace fenliu::load {

/// Customers arrive as a Poisson process, chat with think times, agents answer every message.
std::string run_chat(runner& r);
/// Every conversation assigned up front; messages both ways at stepped rates.
std::string run_relay(runner& r);
/// The relay load against a plain WebSocket echo server: round trip instead of relay.
std::string run_echo(runner& r);
/// Opens and holds idle connections: set-up rate and server memory per connection.
std::string run_idle(runner& r);

}  // namespace fenliu::load
