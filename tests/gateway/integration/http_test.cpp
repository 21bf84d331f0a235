// Plain HTTP on the same port: health, readiness, tokens, static files, 404.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

TEST(Http, HealthReadinessAndNotFound) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));
  EXPECT_EQ(http_request(srv.port(), "GET", "/healthz").status, 200);
  EXPECT_EQ(http_request(srv.port(), "GET", "/readyz").status, 200);
  EXPECT_EQ(http_request(srv.port(), "GET", "/no/such/thing").status, 404);
  EXPECT_EQ(http_request(srv.port(), "GET", "/../CMakeLists.txt").status, 404);
  EXPECT_EQ(http_request(srv.port(), "GET", "/.git/config").status, 404);
}

TEST(Http, StaticFilesAreServedFromTheWebRoot) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));
  auto index = http_request(srv.port(), "GET", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.content_type.find("text/html"), std::string::npos);
  EXPECT_NE(index.body.find("fenliu"), std::string::npos);
}

TEST(Http, VisitorTokenEndpointIssuesAUsableTokenAndKeepsTheVisitor) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));
  auto reply = http_request(srv.port(), "POST", "/api/visitor-token");
  ASSERT_EQ(reply.status, 200);
  auto json = boost::json::parse(reply.body).as_object();
  const std::string token(json["token"].as_string());
  const std::string visitor(json["visitor_id"].as_string());
  auto client = srv.connect(token);
  EXPECT_TRUE(client.is_open());
  // Renewing with the old token keeps the visitor id (the widget keeps its conversation).
  auto renewed = http_request(srv.port(), "POST", "/api/visitor-token",
                              boost::json::serialize(boost::json::object{{"token", token}}));
  auto json2 = boost::json::parse(renewed.body).as_object();
  EXPECT_EQ(std::string(json2["visitor_id"].as_string()), visitor);
  // A new visitor gets a different id.
  auto other = boost::json::parse(http_request(srv.port(), "POST", "/api/visitor-token").body);
  EXPECT_NE(std::string(other.as_object()["visitor_id"].as_string()), visitor);
}

TEST(Http, DevTokensAreMintedOnlyWhenEnabled) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  {
    test_server srv(cfg);
    auto reply = http_request(srv.port(), "GET", "/api/dev/tokens");
    ASSERT_EQ(reply.status, 200);
    auto json = boost::json::parse(reply.body).as_object();
    const std::string token(json["agents"].as_object()["pre-1"].as_string());
    auto agent = srv.connect(token);
    EXPECT_TRUE(agent.is_open());
  }
  cfg.auth.dev_tokens_endpoint = false;
  test_server srv(cfg);
  EXPECT_EQ(http_request(srv.port(), "GET", "/api/dev/tokens").status, 404);
}

}  // namespace
}  // namespace fenliu::testing
