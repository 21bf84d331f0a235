#include "gateway/net/origin.hpp"

#include <gtest/gtest.h>

namespace fenliu::gateway {
namespace {

TEST(Origin, SchemeHostAndPortMustMatchAnEntryExactly) {
  auth_config auth;
  auth.allowed_origins = {"http://127.0.0.1", "https://shop.example"};
  EXPECT_TRUE(origin_allowed("http://127.0.0.1", auth));
  // An entry without a port means the scheme's default port, not any port.
  EXPECT_FALSE(origin_allowed("http://127.0.0.1:8080", auth));
  EXPECT_TRUE(origin_allowed("https://shop.example", auth));
  EXPECT_FALSE(origin_allowed("http://127.0.0.1:", auth));
  EXPECT_FALSE(origin_allowed("http://127.0.0.1:80x", auth));
  EXPECT_FALSE(origin_allowed("http://127.0.0.1.evil.example", auth));
  EXPECT_FALSE(origin_allowed("https://127.0.0.1", auth));
  EXPECT_FALSE(origin_allowed("http://shop.example", auth));
  EXPECT_FALSE(origin_allowed("", auth));
}

TEST(Origin, AnEntryWithoutAPortAllowsOnlyTheDefaultPort) {
  auth_config auth;
  auth.allowed_origins = {"http://localhost", "https://shop.example"};
  EXPECT_TRUE(origin_allowed("http://localhost", auth));
  EXPECT_TRUE(origin_allowed("http://localhost:80", auth));
  EXPECT_FALSE(origin_allowed("http://localhost:9999", auth));
  EXPECT_FALSE(origin_allowed("http://localhost:8080", auth));
  EXPECT_FALSE(origin_allowed("http://localhost:443", auth));
  EXPECT_TRUE(origin_allowed("https://shop.example:443", auth));
  EXPECT_FALSE(origin_allowed("https://shop.example:80", auth));
  EXPECT_FALSE(origin_allowed("https://shop.example:8443", auth));
}

TEST(Origin, AnEntryWithAPortAllowsThatPortOnly) {
  auth_config auth;
  auth.allowed_origins = {"http://127.0.0.1:8080", "https://shop.example:443", "http://[::1]:8080"};
  EXPECT_TRUE(origin_allowed("http://127.0.0.1:8080", auth));
  EXPECT_FALSE(origin_allowed("http://127.0.0.1", auth));
  EXPECT_FALSE(origin_allowed("http://127.0.0.1:8081", auth));
  EXPECT_FALSE(origin_allowed("http://127.0.0.1:08080x", auth));
  EXPECT_TRUE(origin_allowed("https://shop.example", auth));  // 443 is https's default
  EXPECT_TRUE(origin_allowed("http://[::1]:8080", auth));
  EXPECT_FALSE(origin_allowed("http://[::1]", auth));
  EXPECT_FALSE(origin_allowed("http://[::1]:9999", auth));
}

TEST(Origin, SchemeAndHostCompareCaseInsensitivelyAndMalformedValuesMatchNothing) {
  auth_config auth;
  auth.allowed_origins = {"http://LocalHost:8080", "not an origin", "http://", "ftp://x"};
  EXPECT_TRUE(origin_allowed("HTTP://localhost:8080", auth));
  EXPECT_FALSE(origin_allowed("http://localhost:8080/", auth));
  EXPECT_FALSE(origin_allowed("http://localhost:8080/path", auth));
  EXPECT_FALSE(origin_allowed("http://user@localhost:8080", auth));
  EXPECT_FALSE(origin_allowed("http://localhost:99999", auth));
  EXPECT_FALSE(origin_allowed("not an origin", auth));
  EXPECT_FALSE(origin_allowed("http://", auth));
  EXPECT_FALSE(origin_allowed("ftp://x", auth));  // no default port known: needs an explicit one
  EXPECT_FALSE(origin_allowed("null", auth));
}

}  // namespace
}  // namespace fenliu::gateway
