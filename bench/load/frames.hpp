#pragma once
// Client envelopes the scenarios send, and the timestamp trick for latency: every client_msg_id
// starts with the sender's now_us(), so whoever receives the message (another connection of
// this process, same clock) computes the latency in microseconds. client_time_ms carries the
// wall clock in milliseconds as the protocol intends; it is only checked for plausibility.

#include <cstdint>
#include <string>
#include <string_view>

#include "fenliu/v1/fenliu.pb.h"

namespace fenliu::load {

std::int64_t wall_ms();

std::string encode(const v1::ClientEnvelope& env);
std::string start_conversation(std::uint64_t request_id);
std::string set_online(std::uint64_t request_id);
std::string close_conversation(std::uint64_t request_id, std::uint64_t conversation);
std::string accept_offer(std::uint64_t request_id, std::uint64_t conversation);

/// A text SendMessage whose client_msg_id is "<sent_us>.<tag>.<seq>".
std::string send_text(std::uint64_t request_id, std::uint64_t conversation, std::string_view tag,
                      std::uint64_t seq, std::int64_t sent_us, const std::string& text);

/// The send time encoded at the front of a client_msg_id; -1 if it has none.
std::int64_t sent_us_of(std::string_view client_msg_id);

}  // namespace fenliu::load
