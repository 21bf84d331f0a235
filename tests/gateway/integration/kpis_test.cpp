// KPIs over real sockets (part "kpis"): conversations served through the real server, then the
// KpiReport frame, GET /api/kpis as JSON and CSV, the auth matrix, each bad parameter once and
// the [kpi] limits at their edge.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fenliu/kpi/periods.hpp"
#include "test_server.hpp"

namespace fenliu::testing {
namespace {

namespace json = boost::json;

constexpr std::int64_t hour_ms = 3'600'000;

gateway::server_config kpi_config(const std::filesystem::path& dir) {
  auto cfg = test_config(dir);
  cfg.shop.routing.utc_offset_minutes = 480;  // the shop's days are UTC+8 days
  cfg.shop.routing.utc_offsets.clear();
  cfg.shop.routing.wrap_up_blocks_offers = false;  // the next buyer is offered at once
  cfg.shop.kpi.max_conversations = 2;
  cfg.shop.kpi.max_range_days = 3;
  return cfg;
}

bool is_assigned(const v1::ServerEnvelope& e) { return e.has_assigned(); }
bool is_message(const v1::ServerEnvelope& e) { return e.has_message(); }

// A buyer served by pre-1: asks, is answered, the agent closes, the buyer rates.
void served_and_rated(const test_server& srv, ws_client& agent, const std::string& visitor,
                      std::uint32_t stars) {
  auto buyer = srv.connect(srv.visitor_token(visitor));
  auto started = buyer.request(start_conversation(v1::STAGE_PRE_SALES));
  ASSERT_TRUE(started && started->has_conversation_started());
  const auto id = started->conversation_started().conversation().conversation_id();
  ASSERT_TRUE(agent.receive_until(is_assigned));
  ASSERT_TRUE(buyer.request(send_text(id, "c-1", "在吗 anyone?")));
  ASSERT_TRUE(agent.receive_until(is_message));
  ASSERT_TRUE(agent.request(send_text(id, "a-1", "在的 yes")));
  v1::ClientEnvelope close;
  close.mutable_close_conversation()->set_conversation_id(id);
  ASSERT_TRUE(agent.request(close));
  ASSERT_TRUE(buyer.receive_until([](const auto& e) { return e.has_conversation_closed(); }));
  v1::ClientEnvelope rate;
  rate.mutable_rate()->set_conversation_id(id);
  rate.mutable_rate()->set_stars(stars);
  auto ok = buyer.request(rate);  // answered after the rating's commit
  ASSERT_TRUE(ok && ok->has_ok()) << (ok ? ok->ShortDebugString() : "none");
}

struct seeded {
  explicit seeded(gateway::server_config cfg)
      : srv(std::move(cfg)), agent(srv.connect_agent("pre-1")) {
    served_and_rated(srv, agent, "v-1", 5);
    served_and_rated(srv, agent, "v-2", 1);
    now = unix_now_s() * 1000;
  }
  test_server srv;
  ws_client agent;
  std::int64_t now = 0;

  http_reply get(const std::string& query, const std::string& token) const {
    return http_request(srv.port(), "GET", "/api/kpis" + query, "", "127.0.0.1",
                        token.empty() ? "" : "Bearer " + token);
  }
  std::string supervisor() const { return srv.staff_token(gateway::role::supervisor, "sup-1"); }
  std::string around_now() const {
    return "?from=" + std::to_string(now - hour_ms) + "&to=" + std::to_string(now + hour_ms);
  }
};

json::object body_of(const http_reply& r) { return json::parse(r.body).as_object(); }

ws_client connect_role(const test_server& srv, gateway::role r, const std::string& subject) {
  ws_client c;
  connect_options o;
  o.port = srv.port();
  o.token = srv.staff_token(r, subject);
  EXPECT_TRUE(c.connect(o).ok);
  auto welcome = c.receive();
  EXPECT_TRUE(welcome && welcome->has_welcome());
  return c;
}

v1::ClientEnvelope fetch_kpis(std::int64_t from, std::int64_t to, const std::string& by,
                              const std::string& period = "") {
  v1::ClientEnvelope env;
  auto* k = env.mutable_fetch_kpis();
  k->set_from_ms(from);
  k->set_to_ms(to);
  k->set_group_by(by);
  k->set_period(period);
  return env;
}

TEST(Kpis, FrameReportsPerAgent) {
  temp_dir dir;
  seeded f(kpi_config(dir.path()));
  auto sup = connect_role(f.srv, gateway::role::supervisor, "sup-1");
  auto reply = sup.request(fetch_kpis(f.now - hour_ms, f.now + hour_ms, "agent"));
  ASSERT_TRUE(reply && reply->has_kpi_report()) << (reply ? reply->ShortDebugString() : "none");
  const auto& k = reply->kpi_report();
  EXPECT_EQ(k.group_by(), "agent");
  EXPECT_EQ(k.period(), "all");
  EXPECT_EQ(k.utc_offset_minutes(), 480);
  EXPECT_EQ(k.service_level_target_s(), 30u);
  EXPECT_EQ(k.conversations(), 2u);
  ASSERT_EQ(k.rows_size(), 1);
  const auto& r = k.rows(0);
  EXPECT_EQ(r.group(), "pre-1");
  EXPECT_EQ(r.conversations(), 2u);
  EXPECT_EQ(r.first_responses(), 2u);
  EXPECT_TRUE(r.has_first_response_avg_ms());
  EXPECT_GE(r.first_response_avg_ms(), 0.0);
  EXPECT_EQ(r.rated(), 2u);
  EXPECT_EQ(r.satisfied(), 1u);
  EXPECT_EQ(r.unsatisfied(), 1u);
  EXPECT_DOUBLE_EQ(r.satisfied_share(), 0.5);
  EXPECT_EQ(r.person_served(), 2u);
  EXPECT_EQ(r.transferred(), 0u);
  EXPECT_EQ(r.ended(), 2u);
  EXPECT_EQ(r.pre_sales(), 2u);
  EXPECT_EQ(r.converted(), 0u);
  EXPECT_FALSE(r.has_qa_average());  // no review: no data, not 0
  EXPECT_FALSE(r.has_bot_containment());

  // Per local day: one row for each shop day of the range (UTC+8 midnights).
  auto days = sup.request(fetch_kpis(f.now - 30 * hour_ms, f.now + hour_ms, "shop", "day"));
  ASSERT_TRUE(days && days->has_kpi_report());
  ASSERT_GE(days->kpi_report().rows_size(), 2);
  std::uint64_t total = 0;
  for (const auto& row : days->kpi_report().rows()) {
    EXPECT_EQ((row.period_from_ms() + 480 * 60'000) % (24 * hour_ms), 0) << row.period();
    total += row.conversations();
  }
  EXPECT_EQ(total, 2u);
}

TEST(Kpis, FrameIsForSupervisorsAndChecksItsFields) {
  temp_dir dir;
  seeded f(kpi_config(dir.path()));
  for (auto r : {gateway::role::agent, gateway::role::qa}) {
    auto c = connect_role(f.srv, r, r == gateway::role::agent ? "pre-1" : "qa-1");
    auto refused = c.request(fetch_kpis(f.now - hour_ms, f.now + hour_ms, "agent"));
    ASSERT_TRUE(refused && refused->has_error());
    EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);
  }
  auto buyer = f.srv.connect(f.srv.visitor_token("v-9"));
  auto refused = buyer.request(fetch_kpis(f.now - hour_ms, f.now + hour_ms, "agent"));
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);

  auto sup = connect_role(f.srv, gateway::role::supervisor, "sup-1");
  auto invalid = [&](v1::ClientEnvelope env) {
    auto e = sup.request(std::move(env));
    EXPECT_TRUE(e && e->has_error() && e->error().code() == v1::ERROR_CODE_INVALID_ARGUMENT)
        << (e ? e->ShortDebugString() : "none");
  };
  invalid(fetch_kpis(f.now - hour_ms, f.now + hour_ms, "team"));
  invalid(fetch_kpis(f.now - hour_ms, f.now + hour_ms, "agent", "month"));
  invalid(fetch_kpis(f.now, f.now, "agent"));
  invalid(fetch_kpis(f.now - 72 * hour_ms - 1, f.now, "agent"));  // max_range_days 3, + 1 ms
  auto edge = sup.request(fetch_kpis(f.now - 72 * hour_ms, f.now, "agent"));
  EXPECT_TRUE(edge && edge->has_kpi_report());
}

TEST(Kpis, HttpJsonAndCsv) {
  temp_dir dir;
  seeded f(kpi_config(dir.path()));
  auto res = f.get(f.around_now() + "&group_by=agent", f.supervisor());
  ASSERT_EQ(res.status, 200) << res.body;
  auto body = body_of(res);
  EXPECT_EQ(body.at("group_by").as_string(), "agent");
  EXPECT_EQ(body.at("period").as_string(), "all");
  EXPECT_EQ(body.at("conversations").as_int64(), 2);
  EXPECT_EQ(body.at("utc_offset_minutes").as_int64(), 480);
  const auto& rows = body.at("rows").as_array();
  ASSERT_EQ(rows.size(), 1u);
  const auto& row = rows[0].as_object();
  EXPECT_EQ(row.at("group").as_string(), "pre-1");
  EXPECT_EQ(row.at("conversations").as_int64(), 2);
  EXPECT_EQ(row.at("rated").as_int64(), 2);
  EXPECT_DOUBLE_EQ(row.at("satisfied_share").as_double(), 0.5);
  EXPECT_DOUBLE_EQ(row.at("unsatisfied_share").as_double(), 0.5);
  EXPECT_TRUE(row.at("qa_average").is_null());
  EXPECT_TRUE(row.at("first_response_p90_ms").is_int64());

  // Local dates: from today's UTC+8 midnight to the end of today.
  const std::int64_t local_now = f.now + 480 * 60'000;
  const std::int64_t midnight = local_now - local_now % (24 * hour_ms) - 480 * 60'000;
  const auto today = kpi::local_clock({}, 480).date_of(f.now);
  auto by_date = body_of(f.get("?from=" + today + "&to=" + today, f.supervisor()));
  EXPECT_EQ(by_date.at("from").as_int64(), midnight);
  EXPECT_EQ(by_date.at("to").as_int64(), midnight + 24 * hour_ms);
  EXPECT_EQ(by_date.at("from_local").as_string(), today + "T00:00:00");
  auto by_time = body_of(f.get("?from=" + today + "T08:30&to=" + today + "T09:00:15",
                               f.supervisor()));
  EXPECT_EQ(by_time.at("from").as_int64(), midnight + 8 * hour_ms + 30 * 60'000);
  EXPECT_EQ(by_time.at("to").as_int64(), midnight + 9 * hour_ms + 15'000);

  auto csv = f.get(f.around_now() + "&group_by=agent&format=csv", f.supervisor());
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  const auto first_line = csv.body.substr(0, csv.body.find("\r\n"));
  EXPECT_TRUE(first_line.starts_with("period,period_from,period_to,group,name,conversations,"))
      << first_line;
  EXPECT_NE(first_line.find(",satisfied_share,"), std::string::npos);
  const auto second = csv.body.substr(first_line.size() + 2);
  EXPECT_NE(second.find(",\"pre-1\",\"pre-1\",2,"), std::string::npos) << second;
  EXPECT_NE(second.find(",0.5,0.5,"), std::string::npos) << second;
  EXPECT_NE(second.find(",,"), std::string::npos) << "no data: an empty cell";
}

TEST(Kpis, HttpAuthMatrix) {
  temp_dir dir;
  seeded f(kpi_config(dir.path()));
  const auto q = f.around_now();
  EXPECT_EQ(f.get(q, "").status, 401);
  auto bad = f.get(q, "not-a-token");
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(body_of(bad).at("error").as_string(), "unauthorized");
  EXPECT_EQ(body_of(bad).at("field").as_string(), "Authorization");
  const auto other = gateway::mint_staff_token(f.srv.config().auth, gateway::role::supervisor,
                                               "sup", "other-shop", unix_now_s(), 600);
  EXPECT_EQ(f.get(q, other).status, 403);
  for (auto r : {gateway::role::agent, gateway::role::qa}) {
    auto refused = f.get(q, f.srv.staff_token(r, "x"));
    EXPECT_EQ(refused.status, 403) << to_string(r);
    EXPECT_EQ(body_of(refused).at("error").as_string(), "forbidden");
  }
  EXPECT_EQ(f.get(q, f.srv.visitor_token("v-1")).status, 403);  // a buyer's valid token
  EXPECT_EQ(f.get(q, f.supervisor()).status, 200);
  EXPECT_EQ(f.get(q, f.srv.staff_token(gateway::role::admin, "shop-system")).status, 200);
  auto post = http_request(f.srv.port(), "POST", "/api/kpis", "", "127.0.0.1",
                           "Bearer " + f.supervisor());
  EXPECT_EQ(post.status, 405);
}

TEST(Kpis, HttpNamesEveryBadParameter) {
  temp_dir dir;
  seeded f(kpi_config(dir.path()));
  const auto from = std::to_string(f.now - hour_ms);
  const auto to = std::to_string(f.now + hour_ms);
  auto field = [&](const std::string& query) {
    auto r = f.get(query, f.supervisor());
    EXPECT_EQ(r.status, 400) << query << " " << r.body;
    auto b = body_of(r);
    EXPECT_EQ(b.at("error").as_string(), "bad_request");
    EXPECT_FALSE(b.at("detail").as_string().empty());
    return std::string(b.at("field").as_string());
  };
  EXPECT_EQ(field("?from=yesterday&to=" + to), "from");
  EXPECT_EQ(field("?from=" + from + "&to=2026-02-30"), "to");
  EXPECT_EQ(field("?from=2026-03-01T24:00&to=" + to), "from");
  EXPECT_EQ(field("?from=" + from + "&to=9223372036854775807"), "to");  // past year 9999
  EXPECT_EQ(field("?from=" + from + "&to=" + to + "&group_by=team"), "group_by");
  EXPECT_EQ(field("?from=" + from + "&to=" + to + "&period=month"), "period");
  EXPECT_EQ(field("?from=" + from + "&to=" + to + "&format=xml"), "format");
  EXPECT_EQ(field("?from=" + from + "&to=" + to + "&shop=x"), "shop");
  EXPECT_EQ(field("?from=" + from + "&from=" + from + "&to=" + to), "from");
  EXPECT_EQ(field("?from=" + to + "&to=" + from), "to");
  // [kpi] max_range_days = 3: three days exactly pass, a millisecond more does not.
  const auto start = std::to_string(f.now + hour_ms - 72 * hour_ms);
  EXPECT_EQ(f.get("?from=" + start + "&to=" + to, f.supervisor()).status, 200);
  EXPECT_EQ(field("?from=" + std::to_string(f.now + hour_ms - 72 * hour_ms - 1) + "&to=" + to),
            "to");
}

TEST(Kpis, MaxConversationsAtItsEdge) {
  temp_dir dir;
  seeded f(kpi_config(dir.path()));  // two conversations, max_conversations 2
  EXPECT_EQ(f.get(f.around_now(), f.supervisor()).status, 200);
  served_and_rated(f.srv, f.agent, "v-3", 4);
  auto over = f.get(f.around_now(), f.supervisor());
  EXPECT_EQ(over.status, 400);
  EXPECT_EQ(body_of(over).at("field").as_string(), "to");
  auto sup = connect_role(f.srv, gateway::role::supervisor, "sup-1");
  auto e = sup.request(fetch_kpis(f.now - hour_ms, f.now + hour_ms, "shop"));
  ASSERT_TRUE(e && e->has_error());
  EXPECT_EQ(e->error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace fenliu::testing
