// The admin API over real HTTP, with real WebSocket agents and customers (issue #11, part
// "admin"): every endpoint, hot reload into routing, classification, the bot, quick phrases,
// shop tags and VIPs; validation naming the field with nothing applied; persistence across a
// restart on the same SQLite file; the audit log; the authorization matrix.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <thread>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

using router::stage;
namespace json = boost::json;

bool is_assigned(const v1::ServerEnvelope& e) { return e.has_assigned(); }
bool is_message(const v1::ServerEnvelope& e) { return e.has_message(); }

gateway::server_config admin_config(const std::filesystem::path& dir) {
  auto cfg = test_config(dir);
  cfg.shop.agents = {make_agent("pre-1", {stage::pre_sales}, 1),
                     make_agent("in-1", {stage::in_sale}, 3),
                     make_agent("after-1", {stage::after_sales}, 3, {{"refunds", 3}})};
  cfg.shop.keyword_rules = {{"退款", stage::after_sales, "refunds", 2}};
  cfg.shop.tools.customer_tags = {"老客户"};
  cfg.shop.routing.wrap_up_s = 0;
  return cfg;
}

struct api {
  const test_server& srv;
  std::string token;

  http_reply call(const std::string& method, const std::string& path,
                  const std::string& body = "") const {
    return http_request(srv.port(), method, path, body, "127.0.0.1",
                        token.empty() ? "" : "Bearer " + token,
                        body.empty() ? "" : "application/json");
  }
  http_reply get(const std::string& path) const { return call("GET", path); }
  http_reply post(const std::string& path, const std::string& body) const {
    return call("POST", path, body);
  }
  http_reply patch(const std::string& path, const std::string& body) const {
    return call("PATCH", path, body);
  }
  http_reply put(const std::string& path, const std::string& body) const {
    return call("PUT", path, body);
  }
  http_reply del(const std::string& path) const { return call("DELETE", path); }
};

api admin(const test_server& srv) { return {srv, srv.staff_token(gateway::role::admin, "boss")}; }

json::value body_of(const http_reply& r) { return json::parse(r.body); }

std::string field_of(const http_reply& r) {
  return std::string(body_of(r).as_object().at("field").as_string());
}

std::uint64_t start(ws_client& c, v1::Stage s, const std::string& text = "") {
  auto r = c.request(start_conversation(s, text));
  EXPECT_TRUE(r && r->has_conversation_started());
  return r ? r->conversation_started().conversation().conversation_id() : 0;
}

std::string assigned_agent(ws_client& customer) {
  auto a = customer.receive_until(is_assigned, std::chrono::seconds(5));
  return a ? a->assigned().conversation().agent_id() : "";
}

constexpr const char* new_agent = R"({"id":"pre-2","name":"新人","stages":["pre_sales"],)"
                                  R"("capacity":2,"skills":{"tea":3},"always_on":true})";

TEST(Admin, EverySectionIsListedAndReadsBackInTheConfigsForm) {
  temp_dir dir;
  test_server srv(admin_config(dir.path()));
  const auto a = admin(srv);
  auto list = a.get("/api/admin/sections");
  ASSERT_EQ(list.status, 200) << list.body;
  std::vector<std::string> names;
  const auto sections = body_of(list);
  for (const auto& s : sections.at("sections").as_array()) {
    names.emplace_back(s.at("name").as_string());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"agents", "routing", "keyword_rules", "faq",
                                             "quick_phrases", "tags", "vip_customers",
                                             "qa_checklist"}));
  auto agents = a.get("/api/admin/agents");
  ASSERT_EQ(agents.status, 200);
  ASSERT_EQ(body_of(agents).as_array().size(), 3u);
  EXPECT_EQ(body_of(agents).as_array()[2].at("skills").at("refunds").as_int64(), 3);
  auto one = a.get("/api/admin/agents/in-1");
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(body_of(one).at("capacity").as_int64(), 3);
  EXPECT_EQ(body_of(one).at("stages").as_array()[0].as_string(), "in_sale");
  auto routing = a.get("/api/admin/routing");
  ASSERT_EQ(routing.status, 200);
  EXPECT_EQ(body_of(routing).at("wrap_up_s").as_int64(), 0);
  EXPECT_EQ(body_of(routing).at("pre_sales").at("policy").as_string(), "fastest_fit");
  auto rules = a.get("/api/admin/keyword_rules/0");
  ASSERT_EQ(rules.status, 200);
  EXPECT_EQ(body_of(rules).at("keyword").as_string(), "退款");
  EXPECT_EQ(body_of(a.get("/api/admin/tags")), json::parse(R"(["老客户"])"));
  EXPECT_EQ(body_of(a.get("/api/admin/faq")), json::parse("[]"));
  EXPECT_EQ(body_of(a.get("/api/admin/quick_phrases")), json::parse("[]"));
  EXPECT_EQ(body_of(a.get("/api/admin/vip_customers")), json::parse("[]"));
  EXPECT_EQ(a.get("/api/admin/agents/nobody").status, 404);
  EXPECT_EQ(a.get("/api/admin/nothing").status, 404);
  EXPECT_EQ(a.get("/api/admin/routing/x").status, 404);
  EXPECT_EQ(a.call("OPTIONS", "/api/admin/agents").status, 405);
  EXPECT_EQ(a.patch("/api/admin/agents", "{}").status, 405) << "a list section has no merge";
  EXPECT_EQ(a.post("/api/admin/routing", "{}").status, 405);
  EXPECT_EQ(a.call("PATCH", "/api/admin/agents/in-1/disable", "{}").status, 405);
}

TEST(Admin, AnAgentAddedThroughTheApiTakesTheNextChat) {
  temp_dir dir;
  test_server srv(admin_config(dir.path()));
  auto pre1 = srv.connect_agent("pre-1");
  auto c1 = srv.connect(srv.visitor_token("v-1"));
  start(c1, v1::STAGE_PRE_SALES);
  EXPECT_EQ(assigned_agent(c1), "pre-1");  // capacity 1: pre-1 is full now

  auto added = admin(srv).post("/api/admin/agents", new_agent);
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(body_of(added).at("item").at("id").as_string(), "pre-2");
  EXPECT_GT(body_of(added).at("audit_id").to_number<std::int64_t>(), 1);
  auto pre2 = srv.connect_agent("pre-2");
  auto c2 = srv.connect(srv.visitor_token("v-2"));
  start(c2, v1::STAGE_PRE_SALES);
  EXPECT_EQ(assigned_agent(c2), "pre-2");
  EXPECT_EQ(admin(srv).post("/api/admin/agents", new_agent).status, 409);
}

TEST(Admin, ACapacityChangeTakesEffectAtOnce) {
  temp_dir dir;
  test_server srv(admin_config(dir.path()));
  auto pre1 = srv.connect_agent("pre-1");
  auto c1 = srv.connect(srv.visitor_token("v-1"));
  start(c1, v1::STAGE_PRE_SALES);
  EXPECT_EQ(assigned_agent(c1), "pre-1");
  auto c2 = srv.connect(srv.visitor_token("v-2"));
  start(c2, v1::STAGE_PRE_SALES);
  EXPECT_FALSE(c2.receive_until(is_assigned, std::chrono::milliseconds(300)));  // queued
  auto r = admin(srv).patch("/api/admin/agents/pre-1", R"({"capacity":2})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_of(r).at("item").at("capacity").as_int64(), 2);
  EXPECT_EQ(assigned_agent(c2), "pre-1") << "the queued chat goes to the freed slot";
}

TEST(Admin, RoutingAndAgentChangesLeaveAConversationInFlightAssigned) {
  temp_dir dir;
  test_server srv(admin_config(dir.path()));
  auto pre1 = srv.connect_agent("pre-1");
  auto c1 = srv.connect(srv.visitor_token("v-1"));
  const auto id = start(c1, v1::STAGE_PRE_SALES);
  EXPECT_EQ(assigned_agent(c1), "pre-1");
  ASSERT_TRUE(pre1.receive_until(is_assigned));
  const auto a = admin(srv);
  ASSERT_EQ(a.patch("/api/admin/routing",
                    R"({"wrap_up_s":5,"pre_sales":{"policy":"least_load","max_wait_s":200}})")
                .status,
            200);
  EXPECT_EQ(body_of(a.get("/api/admin/routing")).at("pre_sales").at("policy").as_string(),
            "least_load");
  ASSERT_EQ(a.patch("/api/admin/agents/pre-1", R"({"skills":{"tea":2}})").status, 200);
  // Disabled while serving: the chat stays with pre-1 until it ends; new ones go elsewhere.
  ASSERT_EQ(a.post("/api/admin/agents/pre-1/disable", "").status, 200);
  EXPECT_TRUE(body_of(a.get("/api/admin/agents/pre-1")).at("disabled").as_bool());

  auto ack = pre1.request(send_text(id, "a-1", "您好 hello"));
  ASSERT_TRUE(ack && ack->has_send_ack()) << "pre-1 still serves the chat";
  auto got = c1.receive_until(is_message);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->message().message().sender_id(), "pre-1");
  EXPECT_FALSE(c1.receive_until(is_assigned, std::chrono::milliseconds(300)))
      << "not re-assigned";

  ASSERT_EQ(a.post("/api/admin/agents", new_agent).status, 201);
  auto pre2 = srv.connect_agent("pre-2");
  auto c2 = srv.connect(srv.visitor_token("v-2"));
  start(c2, v1::STAGE_PRE_SALES);
  EXPECT_EQ(assigned_agent(c2), "pre-2");
  ASSERT_EQ(a.post("/api/admin/agents/pre-1/enable", "").status, 200);
  EXPECT_FALSE(body_of(a.get("/api/admin/agents/pre-1")).at("disabled").as_bool());
}

TEST(Admin, KeywordRulesFaqPhrasesTagsAndVipsApplyWithoutARestart) {
  temp_dir dir;
  test_server srv(admin_config(dir.path()));
  const auto a = admin(srv);
  auto after = srv.connect_agent("after-1");
  // A keyword rule: 发票 goes to after-sales.
  ASSERT_EQ(a.post("/api/admin/keyword_rules", R"({"keyword":"发票","stage":"after_sales"})")
                .status,
            201);
  auto c1 = srv.connect(srv.visitor_token("v-1"));
  start(c1, v1::STAGE_UNSPECIFIED, "我要开发票");
  EXPECT_EQ(assigned_agent(c1), "after-1");

  // Tags and quick phrases show in the agent's tools for the next chat.
  ASSERT_EQ(a.put("/api/admin/tags", R"(["老客户","批发"])").status, 200);
  ASSERT_EQ(a.post("/api/admin/quick_phrases",
                   R"({"id":"shop-fp","shortcut":"fp","text":"发票已开 invoice sent"})")
                .status,
            201);
  // A VIP: the customer's record is marked VIP.
  ASSERT_EQ(a.post("/api/admin/vip_customers", R"("v-2")").status, 201);
  auto c2 = srv.connect(srv.visitor_token("v-2"));
  const auto id2 = start(c2, v1::STAGE_AFTER_SALES);
  auto assigned = after.receive_until(
      [&](const auto& e) {
        return e.has_assigned() && e.assigned().conversation().conversation_id() == id2;
      },
      std::chrono::seconds(5));
  ASSERT_TRUE(assigned);
  const auto& p = assigned->assigned().profile();
  EXPECT_TRUE(p.vip());
  EXPECT_EQ((std::vector<std::string>{p.shop_tags().begin(), p.shop_tags().end()}),
            (std::vector<std::string>{"老客户", "批发"}));
  v1::ClientEnvelope fetch;
  fetch.mutable_fetch_quick_phrases()->set_conversation_id(id2);
  auto phrases = after.request(fetch);
  ASSERT_TRUE(phrases && phrases->has_quick_phrases());
  bool found = false;
  for (const auto& ph : phrases->quick_phrases().phrases()) {
    found = found || ph.shortcut() == "fp";
  }
  EXPECT_TRUE(found);

  // Taken off the list: the next chat's record is no VIP any more.
  ASSERT_EQ(a.post("/api/admin/vip_customers", R"("v-4")").status, 201);
  ASSERT_EQ(a.del("/api/admin/vip_customers/v-4").status, 200);
  auto c4 = srv.connect(srv.visitor_token("v-4"));
  const auto id4 = start(c4, v1::STAGE_AFTER_SALES);
  auto plain = after.receive_until(
      [&](const auto& e) {
        return e.has_assigned() && e.assigned().conversation().conversation_id() == id4;
      },
      std::chrono::seconds(5));
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->assigned().profile().vip());
  for (const auto& t : plain->assigned().profile().tags()) {
    EXPECT_NE(t, "VIP");
  }

  // An FAQ entry: the bot answers the next chat's question.
  ASSERT_EQ(a.post("/api/admin/faq", R"({"id":"invoice","stage":"pre_sales",)"
                                     R"("keywords":["发票"],"examples":["怎么开发票"],)"
                                     R"("answer_zh":"下单后在订单页申请发票。"})")
                .status,
            201);
  auto c3 = srv.connect(srv.visitor_token("v-3"));
  start(c3, v1::STAGE_PRE_SALES, "怎么开发票");
  auto bot = c3.receive_until([](const auto& e) {
    return e.has_message() && e.message().message().content().has_bot();
  });
  ASSERT_TRUE(bot) << "the bot answers from the new entry";
  EXPECT_EQ(a.del("/api/admin/faq/invoice").status, 200);
  EXPECT_EQ(body_of(a.get("/api/admin/faq")), json::parse("[]"));
}

// Today in the shop's zone (the test shop keeps the default UTC+08:00).
std::string shop_today() {
  const auto local = std::chrono::system_clock::now() + std::chrono::hours(8);
  const std::chrono::year_month_day d{std::chrono::floor<std::chrono::days>(local)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

TEST(Admin, ADateOverrideTakesAnAgentOffShiftAndBackWithoutARestart) {
  temp_dir dir;
  test_server srv(admin_config(dir.path()));
  const auto a = admin(srv);
  const auto today = shop_today();
  auto off = a.patch("/api/admin/agents/pre-1",
                     R"({"capacity":3,"always_on":false,"shifts":{"every_day":["00:00-24:00"]},)"
                     R"("overrides":{")" + today + R"(":[]}})");
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_TRUE(body_of(off).at("item").at("overrides").at(today).as_array().empty());
  // As stored: the form the API was given (the router reads every_day as all seven days).
  EXPECT_EQ(body_of(a.get("/api/admin/agents/pre-1")).at("shifts").at("every_day").as_array().size(),
            1u);
  auto pre1 = srv.connect_agent("pre-1");
  auto c1 = srv.connect(srv.visitor_token("v-1"));
  start(c1, v1::STAGE_PRE_SALES);
  EXPECT_FALSE(pre1.receive_until(is_assigned, std::chrono::milliseconds(400)))
      << "a day off: no chat";
  auto back = a.patch("/api/admin/agents/pre-1", R"({"overrides":{")" + today + R"(":null}})");
  ASSERT_EQ(back.status, 200) << back.body;
  auto c2 = srv.connect(srv.visitor_token("v-2"));
  start(c2, v1::STAGE_PRE_SALES);
  EXPECT_TRUE(pre1.receive_until(is_assigned, std::chrono::seconds(5))) << "on shift again";
}

struct wrong_case {
  const char* method;
  const char* path;
  const char* body;
  const char* field;
};

TEST(Admin, EveryFieldWrongOnceIsRefusedNamingItAndNothingChanges) {
  temp_dir dir;
  test_server srv(admin_config(dir.path()));
  const auto a = admin(srv);
  std::map<std::string, json::value> before;
  for (const auto* s : {"agents", "routing", "keyword_rules", "faq", "quick_phrases", "tags",
                        "vip_customers", "qa_checklist"}) {
    before[s] = body_of(a.get(std::string("/api/admin/") + s));
  }
  const std::vector<wrong_case> cases = {
      {"POST", "/api/admin/agents", R"({"name":"x","stages":["pre_sales"]})", "agents[3].id"},
      {"POST", "/api/admin/agents", R"({"id":"x","stages":["nowhere"]})", "agents[3].stages[0]"},
      {"POST", "/api/admin/agents", R"({"id":"x","stages":[]})", "agents[3].stages"},
      {"POST", "/api/admin/agents", R"({"id":"x","stages":["in_sale"],"capacity":0})",
       "agents[3].capacity"},
      {"POST", "/api/admin/agents", R"({"id":"x","stages":["in_sale"],"skills":{"tea":9}})",
       "agents[3].skills.tea"},
      {"POST", "/api/admin/agents",
       R"({"id":"x","stages":["in_sale"],"shifts":{"mon":["25:00-26:00"]}})",
       "agents[3].shifts.mon[0]"},
      {"POST", "/api/admin/agents", R"({"id":"x","stages":["in_sale"],"holidays":["2026-02-30"]})",
       "agents[3].holidays[0]"},
      {"POST", "/api/admin/agents",
       R"({"id":"x","stages":["in_sale"],"overrides":{"someday":["09:00-12:00"]}})",
       "agents[3].overrides.\"someday\""},
      {"POST", "/api/admin/agents", R"({"id":"x","stages":["in_sale"],"colour":"red"})",
       "agents[3].colour"},
      {"PATCH", "/api/admin/agents/in-1", R"({"name":""})", "agents[1].name"},
      {"PATCH", "/api/admin/agents/in-1", R"({"disabled":"yes"})", "agents[1].disabled"},
      {"PATCH", "/api/admin/agents/after-1", R"({"skills":null})", "keyword_rules[0].skill"},
      {"PATCH", "/api/admin/routing", R"({"wrap_up_s":-1})", "routing.wrap_up_s"},
      {"PATCH", "/api/admin/routing", R"({"in_sale":{"policy":"random"}})",
       "routing.in_sale.policy"},
      {"PATCH", "/api/admin/routing", R"({"pre_sales":{"overflow_stages":["pre_sales"]}})",
       "routing.pre_sales.overflow_stages"},
      {"PATCH", "/api/admin/routing", R"({"load_weights":{"awaiting_agent":500}})",
       "routing.load_weights.awaiting_agent"},
      {"PATCH", "/api/admin/routing", R"({"offer_timeout_s":null,"speeds":{"level_factor":[1]}})",
       "routing.speeds.level_factor"},
      {"POST", "/api/admin/keyword_rules", R"({"stage":"in_sale"})", "keyword_rules[1].keyword"},
      {"POST", "/api/admin/keyword_rules", R"({"keyword":"x"})", "keyword_rules[1].stage"},
      {"POST", "/api/admin/keyword_rules", R"({"keyword":"x","stage":"in_sale","level":7})",
       "keyword_rules[1].level"},
      {"POST", "/api/admin/keyword_rules", R"({"keyword":"x","stage":"in_sale","skill":"magic"})",
       "keyword_rules[1].skill"},
      {"POST", "/api/admin/faq", R"({"id":"f","stage":"pre_sales","keywords":["x"]})", "faq[0]"},
      {"POST", "/api/admin/faq", R"({"id":"order_status","stage":"pre_sales","keywords":["x"],)"
                                 R"("answer_zh":"y"})",
       "faq[0].id"},
      {"POST", "/api/admin/faq", R"({"id":"f","keywords":["x"],"answer_zh":"y"})", "faq[0].stage"},
      {"POST", "/api/admin/quick_phrases", R"({"shortcut":"a b","text":"x"})",
       "quick_phrases[0].shortcut"},
      {"POST", "/api/admin/quick_phrases", R"({"shortcut":"ab","text":"{nope}"})",
       "quick_phrases[0].text"},
      {"POST", "/api/admin/quick_phrases", R"({"shortcut":"ab","text":"x","group":7})",
       "quick_phrases[0].group"},
      {"PUT", "/api/admin/tags", R"(["一二三四五六七八九十一二三四五六七"])",
       "agent_tools.customer_tags"},
      {"PUT", "/api/admin/tags", R"({"a":1})", "agent_tools.customer_tags"},
      {"POST", "/api/admin/vip_customers", "7", "shop.vip_customers[0]"},
      {"PUT", "/api/admin/vip_customers", R"([null])", "shop.vip_customers[0]"},
      {"PUT", "/api/admin/routing", "{not json", "body"},
      {"POST", "/api/admin/qa_checklist", R"({"id":"speed","weight":0})", "qa.checklist[4].weight"},
      {"POST", "/api/admin/qa_checklist", R"({"id":"speed","max_score":0})",
       "qa.checklist[4].max_score"},
      {"PUT", "/api/admin/qa_checklist", "[]", "qa.checklist"},
  };
  for (const auto& c : cases) {
    auto r = a.call(c.method, c.path, c.body);
    EXPECT_EQ(r.status, 400) << c.method << " " << c.path << " " << c.body << ": " << r.body;
    if (r.status == 400) {
      EXPECT_EQ(field_of(r), c.field) << c.body << ": " << r.body;
      EXPECT_EQ(body_of(r).at("error").as_string(), "bad_request");
      EXPECT_FALSE(body_of(r).at("detail").as_string().empty());
    }
  }
  for (const auto& [name, value] : before) {
    EXPECT_EQ(body_of(a.get("/api/admin/" + name)), value) << name << " unchanged";
  }
  auto audit = body_of(a.get("/api/admin/audit?limit=100")).at("entries").as_array();
  ASSERT_EQ(audit.size(), 1u) << "only the seed: a refused change writes no audit row";
  // And the router still routes by the old configuration.
  auto after = srv.connect_agent("after-1");
  auto c = srv.connect(srv.visitor_token("v-1"));
  start(c, v1::STAGE_UNSPECIFIED, "我要退款");
  EXPECT_EQ(assigned_agent(c), "after-1");
}

TEST(Admin, AChangeTheStoreCannotTakeAnswers503AndChangesNothing) {
  temp_dir dir;
  auto cfg = admin_config(dir.path());
  cfg.store.max_page_count = 1;  // clamped to the size after start-up: no room to grow
  test_server srv(cfg);
  const auto a = admin(srv);
  const std::string big(300 * 1024, 'x');
  auto r = a.post("/api/admin/faq", R"({"id":"big","stage":"pre_sales","keywords":["x"],)"
                                    R"("answer_zh":")" + big + R"("})");
  EXPECT_EQ(r.status, 503) << r.body.substr(0, 200);
  EXPECT_EQ(body_of(r).at("error").as_string(), "store_unavailable");
  EXPECT_EQ(body_of(a.get("/api/admin/faq")), json::parse("[]"));
  // The next change starts from the state before the failed one.
  auto small = a.patch("/api/admin/agents/in-1", R"({"capacity":4})");
  ASSERT_EQ(small.status, 200) << small.body;
  EXPECT_EQ(body_of(a.get("/api/admin/faq")), json::parse("[]"));
  EXPECT_EQ(body_of(a.get("/api/admin/agents/in-1")).at("capacity").as_int64(), 4);
}

TEST(Admin, ChangesSurviveARestartAndTheEditedFileDoesNotUndoThem) {
  temp_dir dir;
  auto cfg = admin_config(dir.path());
  {
    test_server srv(cfg);
    const auto a = admin(srv);
    ASSERT_EQ(a.post("/api/admin/agents", new_agent).status, 201);
    ASSERT_EQ(a.patch("/api/admin/agents/in-1", R"({"capacity":7})").status, 200);
    ASSERT_EQ(a.del("/api/admin/keyword_rules/0").status, 200);
    ASSERT_EQ(a.patch("/api/admin/routing", R"({"sticky_days":2})").status, 200);
    srv.stop();
  }
  // The "file" changed meanwhile: the store's sections still win for the admin sections.
  cfg.shop.agents[1].capacity = 1;
  cfg.shop.keyword_rules.push_back({"换货", stage::after_sales, "", 1});
  test_server srv(cfg);
  const auto a = admin(srv);
  EXPECT_EQ(body_of(a.get("/api/admin/agents")).as_array().size(), 4u);
  EXPECT_EQ(body_of(a.get("/api/admin/agents/in-1")).at("capacity").as_int64(), 7);
  EXPECT_EQ(body_of(a.get("/api/admin/keyword_rules")), json::parse("[]"));
  EXPECT_EQ(body_of(a.get("/api/admin/routing")).at("sticky_days").as_int64(), 2);
  auto pre2 = srv.connect_agent("pre-2");
  auto c = srv.connect(srv.visitor_token("v-9"));
  start(c, v1::STAGE_PRE_SALES);
  EXPECT_EQ(assigned_agent(c), "pre-2") << "pre-2 is a router agent after the restart";
  auto log = body_of(a.get("/api/admin/audit")).at("entries").as_array();
  EXPECT_EQ(log.size(), 5u) << "the seed and four changes, once each";
}

TEST(Admin, EveryChangeIsAuditedWithWhoWhenAndWhat) {
  temp_dir dir;
  test_server srv(admin_config(dir.path()));
  const auto a = admin(srv);
  ASSERT_EQ(a.post("/api/admin/agents", new_agent).status, 201);
  ASSERT_EQ(a.patch("/api/admin/agents/pre-2", R"({"capacity":4})").status, 200);
  ASSERT_EQ(a.del("/api/admin/agents/pre-2").status, 200);
  auto r = a.get("/api/admin/audit?limit=3");
  ASSERT_EQ(r.status, 200) << r.body;
  auto log = body_of(r).at("entries").as_array();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].at("action").as_string(), "delete");
  EXPECT_EQ(log[0].at("target").as_string(), "agents/pre-2");
  EXPECT_EQ(log[0].at("detail").at("before").at("capacity").as_int64(), 4);
  EXPECT_TRUE(log[0].at("detail").at("after").is_null());
  EXPECT_EQ(log[1].at("action").as_string(), "update");
  EXPECT_EQ(log[1].at("detail").at("before").at("capacity").as_int64(), 2);
  EXPECT_EQ(log[1].at("detail").at("after").at("capacity").as_int64(), 4);
  EXPECT_EQ(log[2].at("action").as_string(), "create");
  EXPECT_EQ(log[2].at("detail").at("after").at("id").as_string(), "pre-2");
  for (const auto& e : log) {
    EXPECT_EQ(e.at("actor").as_string(), "boss");
    EXPECT_GT(e.at("at_ms").to_number<std::int64_t>(), 1'700'000'000'000);
  }
  EXPECT_GT(log[0].at("id").to_number<std::int64_t>(), log[1].at("id").to_number<std::int64_t>());
  auto all = body_of(a.get("/api/admin/audit")).at("entries").as_array();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[3].at("actor").as_string(), "config");
  EXPECT_EQ(all[3].at("action").as_string(), "seed");
  EXPECT_EQ(a.get("/api/admin/audit?limit=0").status, 400);
  EXPECT_EQ(field_of(a.get("/api/admin/audit?limit=1001")), "limit");
  EXPECT_EQ(a.get("/api/admin/audit?limit=1000").status, 200);
  EXPECT_EQ(a.post("/api/admin/audit", "{}").status, 405);
}

TEST(Admin, ConcurrentChangesAreAllKeptOneAfterTheOther) {
  temp_dir dir;
  test_server srv(admin_config(dir.path()));
  constexpr int n = 8;
  std::vector<std::thread> threads;
  std::vector<int> statuses(n);
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      statuses[i] = admin(srv)
                        .post("/api/admin/agents",
                              R"({"id":"hire-)" + std::to_string(i) +
                                  R"(","stages":["in_sale"],"capacity":2})")
                        .status;
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(statuses, std::vector<int>(n, 201));
  const auto agents = body_of(admin(srv).get("/api/admin/agents"));
  EXPECT_EQ(agents.as_array().size(), 3u + n) << "no change lost another";
  const auto log = body_of(admin(srv).get("/api/admin/audit")).at("entries");
  EXPECT_EQ(log.as_array().size(), 1u + n);
}

TEST(Admin, OnlyAnAdminOfThisShopMayReadOrChange) {
  temp_dir dir;
  auto cfg = admin_config(dir.path());
  test_server srv(cfg);
  auto other_cfg = cfg;
  other_cfg.shop.id = "other-shop";
  const auto other = gateway::mint_staff_token(other_cfg.auth, gateway::role::admin, "boss",
                                               "other-shop", unix_now_s(), 3600);
  struct who {
    std::string token;
    int status;
  };
  const std::vector<who> matrix = {
      {"", 401},
      {"not-a-token", 401},
      {other, 403},
      {srv.visitor_token("v-1"), 403},  // a customer
      {srv.staff_token(gateway::role::agent, "in-1"), 403},
      {srv.staff_token(gateway::role::supervisor, "sup"), 403},
      {srv.staff_token(gateway::role::qa, "qa-1"), 403},
  };
  const std::vector<std::pair<std::string, std::string>> requests = {
      {"GET", "/api/admin/sections"},  {"GET", "/api/admin/agents"},
      {"GET", "/api/admin/agents/in-1"}, {"PATCH", "/api/admin/agents/in-1"},
      {"POST", "/api/admin/agents"},   {"PUT", "/api/admin/routing"},
      {"DELETE", "/api/admin/agents/in-1"}, {"POST", "/api/admin/agents/in-1/disable"},
      {"GET", "/api/admin/audit"},
  };
  for (const auto& w : matrix) {
    for (const auto& [method, path] : requests) {
      api a{srv, w.token};
      auto r = a.call(method, path, method == "GET" || method == "DELETE" ? "" : "{}");
      EXPECT_EQ(r.status, w.status) << method << " " << path << " " << r.body;
      EXPECT_EQ(field_of(r), "Authorization");
    }
  }
  EXPECT_EQ(body_of(admin(srv).get("/api/admin/agents/in-1")).at("capacity").as_int64(), 3);
  EXPECT_EQ(admin(srv).get("/api/admin/agents").status, 200);
  EXPECT_EQ(admin(srv).patch("/api/admin/agents/in-1", R"({"capacity":4})").status, 200);
  EXPECT_EQ(admin(srv).del("/api/admin/agents/in-1").status, 200);
}

}  // namespace
}  // namespace fenliu::testing
