#pragma once
// What a WebSocket session needs of the process that runs it: the configuration, the metrics,
// the shared counters and deadline wheel, and the host its traffic goes to. The owner of a shop
// builds one around its services; a relay node (gateway/relay) around its relay host.

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "gateway/app/session_host.hpp"
#include "gateway/config/config.hpp"
#include "gateway/metrics/registry.hpp"
#include "gateway/protocol/decoder.hpp"

namespace fenliu::gateway {

class deadline_wheel;

struct session_context {
  const server_config& config;
  metrics::registry& metrics;
  std::atomic<bool>& shutting_down;
  std::atomic<int>& connections;
  std::atomic<std::uint64_t>& next_session_id;
  deadline_wheel& deadlines;
  session_host& host;
  /// On a relay node: where the shop's owner serves HTTP now ("host:port", empty: unknown), so
  /// that the shop's HTTP APIs are passed on to it. Unset on the owner.
  std::function<std::string()> owner_http_address = {};

  /// As services::limits(): the configured text length, the protocol's id length.
  frame_limits limits() const { return frame_limits{.max_text_chars = config.limits.max_text_chars}; }
};

}  // namespace fenliu::gateway
