#pragma once
// The envelopes' body cases by field number, read from the schema: the frame-type labels of the
// metrics.

#include <string>
#include <utility>
#include <vector>

namespace fenliu::gateway {

/// (field number, case name) of every ClientEnvelope body case ("send_message", ...).
std::vector<std::pair<int, std::string>> client_envelope_cases();
/// (field number, case name) of every ServerEnvelope body case ("send_ack", ...).
std::vector<std::pair<int, std::string>> server_envelope_cases();

}  // namespace fenliu::gateway
