// [log]: every key reaches its field; bad values are refused naming their key.
#include <gtest/gtest.h>

#include "config_errors.hpp"
#include "gateway/config/config.hpp"

namespace fenliu::gateway {
namespace {

using testing::expect_error;

TEST(ConfigLog, DefaultsAndEveryKey) {
  const auto d = parse_config("");
  EXPECT_EQ(d.log.format, "text");
  EXPECT_EQ(d.log.level, "info");
  EXPECT_EQ(d.log.file, "");
  const auto c =
      parse_config("[log]\nformat = \"json\"\nlevel = \"debug\"\nfile = \"/var/log/fenliu.log\"\n");
  EXPECT_EQ(c.log.format, "json");
  EXPECT_EQ(c.log.level, "debug");
  EXPECT_EQ(c.log.file, "/var/log/fenliu.log");
}

TEST(ConfigLog, BadValuesNameTheirKey) {
  expect_error("[log]\nformat = \"xml\"\n", "log.format");
  expect_error("[log]\nformat = \"\"\n", "log.format");
  expect_error("[log]\nlevel = \"verbose\"\n", "log.level");
  expect_error("[log]\nlevel = 3\n", "log.level");
  expect_error("[log]\ncolour = true\n", "log.colour");
}

}  // namespace
}  // namespace fenliu::gateway
