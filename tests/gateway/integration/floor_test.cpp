// The floor over real sockets: the board pushes changes by itself, alerts are stored and
// listed again until acknowledged, QA samples by the rules and its scores reach the agent.
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

using gateway::role;

v1::ClientEnvelope subscribe() {
  v1::ClientEnvelope env;
  env.mutable_subscribe_board()->set_subscribe(true);
  return env;
}

bool board_push_with(const v1::ServerEnvelope& e, std::uint64_t id) {
  if (!e.has_board() || e.request_id() != 0) {
    return false;
  }
  for (const auto& c : e.board().conversations()) {
    if (c.conversation_id() == id) {
      return true;
    }
  }
  return false;
}

TEST(Floor, TheBoardPushesChangesWithLiveConversationsAndServiceLevel) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.limits.board_push_interval_ms = 50;
  test_server srv{cfg};
  auto agent = srv.connect_agent("pre-1");
  auto sup = srv.connect(srv.staff_token(role::supervisor, "sup-1"));
  auto first = sup.request(subscribe());
  ASSERT_TRUE(first && first->has_ok());
  ASSERT_TRUE(sup.receive_until([](const auto& e) { return e.has_board(); }));

  auto customer = srv.connect(srv.visitor_token("v-1"));
  auto started = customer.request(start_conversation(v1::STAGE_PRE_SALES));
  ASSERT_TRUE(started && started->has_conversation_started());
  const auto id = started->conversation_started().conversation().conversation_id();
  // No request: the board comes by itself once the router has assigned the chat.
  auto pushed = sup.receive_until([&](const auto& e) { return board_push_with(e, id); });
  ASSERT_TRUE(pushed) << "the board is pushed, not only sent at subscribe";
  const auto& board = pushed->board();
  EXPECT_EQ(board.service_level_target_s(), 30u);
  bool agent_lists_it = false;
  for (const auto& a : board.agents()) {
    if (a.agent_id() == "pre-1") {
      for (auto c : a.conversations()) {
        agent_lists_it = agent_lists_it || c == id;
      }
    }
  }
  EXPECT_TRUE(agent_lists_it) << "the agent's row lists its chats";
  bool stage_counted = false;
  for (const auto& s : board.stages()) {
    if (s.stage() == v1::STAGE_PRE_SALES) {
      stage_counted = s.arrivals() == 1 && s.waits_ended() == 1 && s.answered_in_target() == 1 &&
                      s.service_level() == 1.0;
    }
  }
  EXPECT_TRUE(stage_counted) << pushed->ShortDebugString();
}

TEST(Floor, AlertsAreStoredListedAfterAReloadUntilAcknowledged) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  // Nobody works after-sales: a chat there raises no_agent_on_shift at once.
  std::erase_if(cfg.shop.agents, [](const auto& a) { return a.id == "after-1"; });
  test_server srv{cfg};
  auto sup = srv.connect(srv.staff_token(role::supervisor, "sup-1"));
  ASSERT_TRUE(sup.request(subscribe()));
  auto customer = srv.connect(srv.visitor_token("v-1"));
  ASSERT_TRUE(customer.request(start_conversation(v1::STAGE_AFTER_SALES)));
  auto alert = sup.receive_until([](const auto& e) {
    return e.has_alert() && e.alert().kind() == "no_agent_on_shift";
  });
  ASSERT_TRUE(alert);
  EXPECT_EQ(alert->alert().stage(), v1::STAGE_AFTER_SALES);
  EXPECT_NE(alert->alert().alert_id(), 0u);
  EXPECT_GT(alert->alert().at_ms(), 0);
  EXPECT_NE(alert->alert().text().find("售后"), std::string::npos);
  const auto alert_id = alert->alert().alert_id();

  // A reloaded board (a new connection) gets the open alerts with its subscription.
  auto again = srv.connect(srv.staff_token(role::supervisor, "sup-2"));
  again.send(subscribe());
  auto listed = again.receive_until([](const auto& e) { return e.has_alerts(); });
  ASSERT_TRUE(listed);
  ASSERT_GE(listed->alerts().alerts_size(), 1);
  EXPECT_EQ(listed->alerts().alerts(0).alert_id(), alert_id);
  EXPECT_TRUE(listed->alerts().alerts(0).acknowledged_by().empty());

  // Acknowledged: every supervisor gets the update, the open list is empty, the full one keeps it.
  v1::ClientEnvelope ack;
  ack.mutable_ack_alert()->set_alert_id(alert_id);
  auto ok = again.request(ack);
  ASSERT_TRUE(ok && ok->has_ok()) << ok->ShortDebugString();
  auto updated = sup.receive_until([&](const auto& e) {
    return e.has_alert() && e.alert().alert_id() == alert_id && !e.alert().acknowledged_by().empty();
  });
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->alert().acknowledged_by(), "sup-2");
  v1::ClientEnvelope fetch;
  fetch.mutable_fetch_alerts();
  auto open = sup.request(fetch);
  ASSERT_TRUE(open && open->has_alerts());
  EXPECT_EQ(open->alerts().alerts_size(), 0);
  fetch.mutable_fetch_alerts()->set_include_acknowledged(true);
  auto all = sup.request(fetch);
  ASSERT_TRUE(all && all->has_alerts());
  ASSERT_EQ(all->alerts().alerts_size(), 1);
  EXPECT_EQ(all->alerts().alerts(0).acknowledged_by(), "sup-2");

  // Unknown ids and other roles are refused.
  ack.mutable_ack_alert()->set_alert_id(alert_id + 12345);
  auto missing = sup.request(ack);
  ASSERT_TRUE(missing && missing->has_error());
  EXPECT_EQ(missing->error().code(), v1::ERROR_CODE_NOT_FOUND);
  auto agent = srv.connect_agent("pre-1");
  auto refused = agent.request(fetch);
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);
}

std::uint64_t closed_chat(test_server& srv, ws_client& agent, const std::string& visitor,
                          std::uint32_t stars) {
  auto customer = srv.connect(srv.visitor_token(visitor));
  auto started = customer.request(start_conversation(v1::STAGE_PRE_SALES));
  EXPECT_TRUE(started && started->has_conversation_started());
  const auto id = started->conversation_started().conversation().conversation_id();
  EXPECT_TRUE(agent.receive_until([&](const auto& e) {
    return e.has_assigned() && e.assigned().conversation().conversation_id() == id;
  }));
  v1::ClientEnvelope close;
  close.mutable_close_conversation()->set_conversation_id(id);
  EXPECT_TRUE(agent.request(close));
  EXPECT_TRUE(customer.receive_until([](const auto& e) { return e.has_conversation_closed(); }));
  if (stars > 0) {
    v1::ClientEnvelope rate;
    rate.mutable_rate()->set_conversation_id(id);
    rate.mutable_rate()->set_stars(stars);
    auto rated = customer.request(rate);
    EXPECT_TRUE(rated && rated->has_ok()) << (rated ? rated->ShortDebugString() : "no answer");
  }
  return id;
}

TEST(Floor, QaSamplesByTheRulesAndTheScoredAgentSeesTheReview) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.shop.routing.wrap_up_s = 0;
  cfg.shop.qa.sample_share = 0.5;  // of 4 chats of the day 2: the unhappy one and 1 by share
  test_server srv{cfg};
  auto agent = srv.connect_agent("pre-1");
  auto qa = srv.connect(srv.staff_token(role::qa, "qa-1"));
  std::vector<std::uint64_t> ids;
  ids.push_back(closed_chat(srv, agent, "v-1", 5));
  ids.push_back(closed_chat(srv, agent, "v-2", 1));  // unsatisfied: always sampled
  ids.push_back(closed_chat(srv, agent, "v-3", 0));
  ids.push_back(closed_chat(srv, agent, "v-4", 4));

  // The sample refreshes by itself as conversations close; ask until the last rating is in.
  std::optional<v1::ServerEnvelope> sample;
  for (int attempt = 0; attempt < 100; ++attempt) {
    v1::ClientEnvelope fetch;
    fetch.mutable_fetch_qa_sample()->set_limit(50);
    sample = qa.request(fetch);
    ASSERT_TRUE(sample && sample->has_qa_sample());
    const auto& s = sample->qa_sample();
    bool has_unhappy = false;
    for (int i = 0; i < s.reasons_size(); ++i) {
      has_unhappy = has_unhappy || s.reasons(i) == "unsatisfied";
    }
    if (has_unhappy) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const auto& s = sample->qa_sample();
  ASSERT_EQ(s.conversations_size(), 2) << sample->ShortDebugString();
  ASSERT_EQ(s.reasons_size(), 2);
  int unhappy = 0;
  int share = 0;
  for (int i = 0; i < s.conversations_size(); ++i) {
    if (s.reasons(i) == "unsatisfied") {
      ++unhappy;
      EXPECT_EQ(s.conversations(i).conversation_id(), ids[1]);
      EXPECT_EQ(s.rating_stars(i), 1u);
    } else {
      EXPECT_EQ(s.reasons(i), "share");
      ++share;
    }
  }
  EXPECT_EQ(unhappy, 1);
  EXPECT_EQ(share, 1);

  v1::ClientEnvelope checklist;
  checklist.mutable_fetch_qa_checklist();
  auto items = qa.request(checklist);
  ASSERT_TRUE(items && items->has_qa_checklist());
  ASSERT_EQ(items->qa_checklist().items_size(), 4);
  EXPECT_EQ(items->qa_checklist().items(1).id(), "accuracy");
  EXPECT_EQ(items->qa_checklist().items(1).weight(), 2u);
  EXPECT_EQ(items->qa_checklist().items(1).max_score(), 5u);

  auto review_of = [&](std::vector<std::pair<std::string, std::uint32_t>> scores) {
    v1::ClientEnvelope review;
    review.mutable_submit_qa_review()->set_conversation_id(ids[1]);
    for (const auto& [item, score] : scores) {
      auto* sc = review.mutable_submit_qa_review()->add_scores();
      sc->set_item(item);
      sc->set_score(score);
    }
    review.mutable_submit_qa_review()->set_comment("语气生硬");
    return qa.request(review);
  };
  // Outside the scale, an unknown item or a missing one: refused, nothing stored.
  for (const auto& bad : std::vector<std::vector<std::pair<std::string, std::uint32_t>>>{
           {{"greeting", 6}, {"accuracy", 5}, {"tone", 3}, {"resolution", 5}},
           {{"greeting", 5}, {"accuracy", 5}, {"tone", 3}, {"speed", 5}},
           {{"greeting", 5}, {"accuracy", 5}, {"tone", 3}}}) {
    auto refused = review_of(bad);
    ASSERT_TRUE(refused && refused->has_error());
    EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
  }
  auto saved = review_of({{"greeting", 5}, {"accuracy", 0}, {"tone", 5}, {"resolution", 5}});
  ASSERT_TRUE(saved && saved->has_qa_review_saved()) << saved->ShortDebugString();
  // (1 + 0 + 1 + 2) / 6 = 67 %.
  EXPECT_EQ(saved->qa_review_saved().total_score(), 67u);
  EXPECT_EQ(saved->qa_review_saved().review().agent_id(), "pre-1");

  auto pushed = agent.receive_until([](const auto& e) { return e.has_qa_review_saved(); });
  ASSERT_TRUE(pushed) << "the scored agent sees the review";
  EXPECT_EQ(pushed->qa_review_saved().review().comment(), "语气生硬");
  v1::ClientEnvelope mine;
  mine.mutable_fetch_qa_reviews();
  auto own = agent.request(mine);
  ASSERT_TRUE(own && own->has_qa_reviews());
  ASSERT_EQ(own->qa_reviews().reviews_size(), 1);
  EXPECT_EQ(own->qa_reviews().reviews(0).total_score(), 67u);
  ASSERT_EQ(own->qa_reviews().reviews(0).scores_size(), 4);
  // Another agent asking for pre-1's reviews gets only their own: none.
  auto other = srv.connect_agent("in-1");
  mine.mutable_fetch_qa_reviews()->set_agent_id("pre-1");
  auto theirs = other.request(mine);
  ASSERT_TRUE(theirs && theirs->has_qa_reviews());
  EXPECT_EQ(theirs->qa_reviews().reviews_size(), 0);
  // A supervisor reads them.
  auto sup = srv.connect(srv.staff_token(role::supervisor, "sup-1"));
  auto supervised = sup.request(mine);
  ASSERT_TRUE(supervised && supervised->has_qa_reviews());
  EXPECT_EQ(supervised->qa_reviews().reviews_size(), 1);
}

}  // namespace
}  // namespace fenliu::testing
