#pragma once
// How the config tests read a refusal: the loader's message for a bad document, and a check that
// it names the key at fault.

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "gateway/config/config.hpp"

namespace fenliu::gateway::testing {

/// The loader's message for `toml`, or "" when it was accepted.
inline std::string error_of(const std::string& toml) {
  try {
    parse_config(toml);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

/// `toml` is refused with a message that contains `fragment` (the key's path).
inline void expect_error(const std::string& toml, const std::string& fragment) {
  const std::string message = error_of(toml);
  EXPECT_NE(message, "") << "accepted:\n" << toml;
  EXPECT_NE(message.find(fragment), std::string::npos)
      << "message '" << message << "' lacks '" << fragment << "' for:\n"
      << toml;
}

}  // namespace fenliu::gateway::testing
