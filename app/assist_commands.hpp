#pragma once
// `fenliu bot match` and `fenliu risk score`: the FAQ matcher and the risk scorer on stdin,
// one buyer message per line, one JSON object per line on stdout. The same library calls the
// server makes, so shops tune their FAQ entries with them.

#include <iosfwd>
#include <map>
#include <string>

#include "gateway/config/config.hpp"

namespace fenliu::app {

/// Runs `fenliu <command> <subcommand>` ("bot match" or "risk score") with the options given
/// after it (--order ID for bot match). Returns the exit code; throws std::runtime_error on a
/// bad command or option.
int run_assist_command(const std::string& command, const std::string& subcommand,
                       const gateway::server_config& config,
                       const std::map<std::string, std::string>& options, std::istream& in,
                       std::ostream& out);

/// Whether `command` is one of the assist commands ("bot", "risk").
bool is_assist_command(const std::string& command);

}  // namespace fenliu::app
