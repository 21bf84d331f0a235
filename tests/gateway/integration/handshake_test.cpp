// Upgrade-time checks: tokens, Origin, connections per identity.
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

using gateway::role;

connect_result try_connect(const test_server& srv, const std::string& token,
                           const std::string& origin = "") {
  ws_client client;
  connect_options o;
  o.port = srv.port();
  o.token = token;
  o.origin = origin;
  return client.connect(o);
}

TEST(Handshake, EachRoleWithAGoodTokenIsWelcomedWithItsRole) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));
  struct row {
    std::string token;
    v1::Role expected;
    std::string identity;
  };
  const row rows[] = {
      {srv.visitor_token("v-1"), v1::ROLE_CUSTOMER, "v-1"},
      {srv.staff_token(role::agent, "pre-1"), v1::ROLE_AGENT, "pre-1"},
      {srv.staff_token(role::supervisor, "boss"), v1::ROLE_SUPERVISOR, "boss"},
      {srv.staff_token(role::qa, "qa-1"), v1::ROLE_QA, "qa-1"},
  };
  for (const auto& r : rows) {
    ws_client client;
    connect_options o;
    o.port = srv.port();
    o.token = r.token;
    ASSERT_TRUE(client.connect(o).ok);
    auto welcome = client.receive();
    ASSERT_TRUE(welcome && welcome->has_welcome());
    EXPECT_EQ(welcome->welcome().role(), r.expected);
    EXPECT_EQ(welcome->welcome().identity(), r.identity);
    EXPECT_EQ(welcome->welcome().shop_id(), "demo-shop");
    EXPECT_EQ(welcome->welcome().max_message_bytes(), srv.config().limits.max_message_bytes);
  }
}

TEST(Handshake, BadTokensAreRefusedWith401BeforeTheUpgrade) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));
  const auto& auth = srv.config().auth;
  const auto now = unix_now_s();
  auto other_key = auth;
  other_key.jwt_secret = "someone-else";
  auto good = srv.staff_token(role::agent, "pre-1");
  auto tampered = good;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  const std::string tokens[] = {
      "",
      "garbage",
      gateway::mint_staff_token(auth, role::agent, "pre-1", "demo-shop", now - 7200, 60),  // expired
      gateway::mint_staff_token(other_key, role::agent, "pre-1", "demo-shop", now, 3600),  // forged
      gateway::mint_staff_token(auth, role::agent, "pre-1", "other-shop", now, 3600),
      tampered,
      gateway::mint_visitor_token(auth, "v-1", "demo-shop", now - 2 * auth.visitor_token_ttl_s),
      // Valid, but for the HTTP APIs only (shop data): refused like the unusable ones.
      gateway::mint_staff_token(auth, role::admin, "shop-system", "demo-shop", now, 3600),
  };
  for (const auto& t : tokens) {
    auto r = try_connect(srv, t);
    EXPECT_FALSE(r.ok) << t;
    EXPECT_EQ(r.http_status, 401) << t;
  }
}

TEST(Handshake, WrongOriginIsRefusedWith403AndAllowedOriginsPass) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));
  const auto token = srv.visitor_token("v-1");
  EXPECT_EQ(try_connect(srv, token, "http://evil.example").http_status, 403);
  EXPECT_EQ(try_connect(srv, token, "http://127.0.0.1.evil.example").http_status, 403);
  EXPECT_EQ(try_connect(srv, token, "http://127.0.0.1:abc").http_status, 403);
  EXPECT_TRUE(try_connect(srv, token, "http://127.0.0.1:8080").ok);
  EXPECT_TRUE(try_connect(srv, token, "http://localhost").ok);
}

TEST(Handshake, AnOriginEntryWithoutAPortAllowsOnlyTheDefaultPort) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.auth.allowed_origins = {"http://localhost"};
  test_server srv(cfg);
  const auto token = srv.visitor_token("v-1");
  EXPECT_TRUE(try_connect(srv, token, "http://localhost").ok);
  EXPECT_TRUE(try_connect(srv, token, "http://localhost:80").ok);
  EXPECT_EQ(try_connect(srv, token, "http://localhost:9999").http_status, 403);
  EXPECT_EQ(try_connect(srv, token, "https://localhost").http_status, 403);
}

TEST(Handshake, MissingOriginFollowsTheConfiguration) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.auth.allow_missing_origin = false;
  test_server srv(cfg);
  EXPECT_EQ(try_connect(srv, srv.visitor_token("v-1")).http_status, 403);
}

TEST(Handshake, ConnectionsPerIdentityAreLimitedAtTheExactBound) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.limits.connections_per_identity = 2;
  test_server srv(cfg);
  const auto token = srv.visitor_token("v-1");
  auto first = srv.connect(token);
  auto second = srv.connect(token);
  ws_client third;
  connect_options o;
  o.port = srv.port();
  o.token = token;
  ASSERT_TRUE(third.connect(o).ok);
  EXPECT_EQ(third.wait_for_close(), v1::CLOSE_CODE_TOO_MANY_CONNECTIONS);
  // The first two keep working, and another identity is unaffected.
  EXPECT_TRUE(first.request(ping()));
  EXPECT_TRUE(second.request(ping()));
  auto other = srv.connect(srv.visitor_token("v-2"));
  EXPECT_TRUE(other.request(ping()));
}

TEST(Handshake, AStalledHandshakeIsClosedAfterTheHandshakeTimeout) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.limits.handshake_timeout_ms = 300;
  test_server srv(cfg);
  EXPECT_TRUE(server_closes_stalled_connection(srv.port(), "GET /ws HTTP/1.1\r\nHost: x\r\n",
                                               std::chrono::seconds(5)));
  // A prompt client is unaffected.
  auto c = srv.connect(srv.visitor_token("v-1"));
  EXPECT_TRUE(c.request(ping()));
}

TEST(Handshake, WebSocketOnAnotherPathIs404) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));
  ws_client client;
  connect_options o;
  o.port = srv.port();
  o.token = srv.visitor_token("v-1");
  o.path = "/elsewhere";
  EXPECT_EQ(client.connect(o).http_status, 404);
}

}  // namespace
}  // namespace fenliu::testing
