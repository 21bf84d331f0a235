#include "gateway/net/origin.hpp"

#include <gtest/gtest.h>

namespace fenliu::gateway {
namespace {

TEST(Origin, ExactOrAnyPortOfAnAllowedOriginOnly) {
  auth_config auth;
  auth.allowed_origins = {"http://127.0.0.1", "https://shop.example"};
  EXPECT_TRUE(origin_allowed("http://127.0.0.1", auth));
  EXPECT_TRUE(origin_allowed("http://127.0.0.1:8080", auth));
  EXPECT_TRUE(origin_allowed("https://shop.example", auth));
  EXPECT_FALSE(origin_allowed("http://127.0.0.1:", auth));
  EXPECT_FALSE(origin_allowed("http://127.0.0.1:80x", auth));
  EXPECT_FALSE(origin_allowed("http://127.0.0.1.evil.example", auth));
  EXPECT_FALSE(origin_allowed("https://127.0.0.1", auth));
  EXPECT_FALSE(origin_allowed("http://shop.example", auth));
  EXPECT_FALSE(origin_allowed("", auth));
}

}  // namespace
}  // namespace fenliu::gateway
