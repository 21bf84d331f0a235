// The FAQ bot and complaint risk over real sockets: the bot answers first and is stored like
// any message, a buyer reaches a person by asking or with the button (routed with the bot
// exchange in the history and a summary for the agent), a near miss is not answered, and a
// risky message alerts supervisors and moves the chat to a complaint handler.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <thread>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

using gateway::role;

assist::faq_entry entry(std::string id, router::stage stage, std::vector<std::string> examples,
                        std::vector<std::string> keywords, std::string zh, std::string en) {
  assist::faq_entry e;
  e.id = std::move(id);
  e.stage = stage;
  e.examples = std::move(examples);
  e.keywords = std::move(keywords);
  e.answer_zh = std::move(zh);
  e.answer_en = std::move(en);
  return e;
}

gateway::server_config bot_config(const std::filesystem::path& dir) {
  auto cfg = test_config(dir);
  cfg.shop.routing.wrap_up_s = 0;
  cfg.shop.agents.push_back(make_agent("care-1", {router::stage::after_sales}, 3,
                                       {{"complaints", 3}, {"refunds", 2}}));
  cfg.shop.faq = {
      entry("shipping_time", router::stage::pre_sales, {"什么时候发货", "几天能发货", "多久发货"},
            {"发货"}, "下单后48小时内发货。", "We ship within 48 hours."),
      entry("invoice", router::stage::pre_sales, {"能开发票吗", "有发票吗", "怎么开发票"},
            {"发票"}, "可以开电子发票。", "We issue e-invoices."),
      entry("return_policy", router::stage::pre_sales, {"怎么退货", "支持七天无理由吗"},
            {"退货"}, "支持7天无理由退货。", "7-day no-reason returns."),
  };
  cfg.shop.faq[0].quick_replies = {"运费多少", "转人工"};
  for (auto& m : cfg.shop.bot.mode) {
    m = assist::bot_mode::bot_first;
  }
  cfg.shop.bot.mode[static_cast<int>(router::stage::after_sales)] = assist::bot_mode::human_first;
  cfg.shop.risk.reroute_skills = {"complaints"};
  return cfg;
}

bool is_bot_message(const v1::ServerEnvelope& e) {
  return e.has_message() && e.message().message().content().has_bot();
}

v1::ClientEnvelope request_human(std::uint64_t id) {
  v1::ClientEnvelope env;
  env.mutable_request_human()->set_conversation_id(id);
  return env;
}

struct bot_floor {
  temp_dir dir;
  test_server srv{bot_config(dir.path())};
  ws_client agent = srv.connect_agent("pre-1");
  ws_client customer = srv.connect(srv.visitor_token("v-1"));
  std::uint64_t id = 0;

  void start(const std::string& first_text) {
    auto started = customer.request(start_conversation(v1::STAGE_PRE_SALES, first_text));
    ASSERT_TRUE(started && started->has_conversation_started());
    id = started->conversation_started().conversation().conversation_id();
    EXPECT_EQ(started->conversation_started().conversation().state(),
              v1::CONVERSATION_STATE_BOT);
  }
};

TEST(Bot, ARestartWithoutFaqInTheConfigServesTheStoredEntries) {
  temp_dir dir;
  {
    test_server first{bot_config(dir.path())};  // stores the config's entries
  }
  auto cfg = bot_config(dir.path());
  cfg.shop.faq.clear();  // the bot modes stay bot_first
  test_server srv{std::move(cfg)};
  auto customer = srv.connect(srv.visitor_token("v-1"));
  auto started = customer.request(start_conversation(v1::STAGE_PRE_SALES, "多久能发货呀"));
  ASSERT_TRUE(started && started->has_conversation_started());
  EXPECT_EQ(started->conversation_started().conversation().state(), v1::CONVERSATION_STATE_BOT)
      << "the stored entries keep the bot first";
  auto answer = customer.receive_until(is_bot_message);
  ASSERT_TRUE(answer) << "the bot answers from the stored entries";
  const auto& bot = answer->message().message().content().bot();
  EXPECT_EQ(bot.faq_id(), "shipping_time");
  EXPECT_EQ(bot.text(), "下单后48小时内发货。");
  EXPECT_EQ(bot.text_en(), "We ship within 48 hours.");
  ASSERT_EQ(bot.quick_replies_size(), 2);
  EXPECT_EQ(bot.quick_replies(1), "转人工");
}

TEST(Bot, AnswersFirstThenHandsOverWithHistoryAndSummary) {
  bot_floor f;
  f.start("亲，你们家一般下单后多久能发货呀");
  auto answer = f.customer.receive_until(is_bot_message);
  ASSERT_TRUE(answer) << "the bot answers the FAQ question";
  const auto& msg = answer->message().message();
  EXPECT_EQ(msg.sender_role(), v1::ROLE_BOT);
  EXPECT_EQ(msg.sender_id(), "bot");
  EXPECT_GT(msg.seq(), 1u) << "stored after the question, with its own seq";
  EXPECT_EQ(msg.content().bot().faq_id(), "shipping_time");
  EXPECT_EQ(msg.content().bot().text(), "下单后48小时内发货。");
  EXPECT_TRUE(msg.content().bot().offers_handover());
  ASSERT_EQ(msg.content().bot().quick_replies_size(), 2);
  // Nobody was offered the chat while the bot answers it.
  EXPECT_FALSE(f.agent.receive_until([](const auto& e) { return e.has_assigned(); }, 300ms));

  ASSERT_TRUE(f.customer.request(send_text(f.id, "c-2", "转人工")));
  auto assigned = f.agent.receive_until([](const auto& e) { return e.has_assigned(); });
  ASSERT_TRUE(assigned) << "asking for a person routes the chat at once";
  const auto& summary = assigned->assigned().handover();
  EXPECT_EQ(summary.reason(), "asked_for_person");
  ASSERT_EQ(summary.answered_faq_ids_size(), 1);
  EXPECT_EQ(summary.answered_faq_ids(0), "shipping_time");
  EXPECT_FALSE(summary.text().empty());

  // The agent reads the bot exchange in the history: question, answer, request, handover note.
  v1::ClientEnvelope history;
  history.mutable_fetch_history()->set_conversation_id(f.id);
  history.mutable_fetch_history()->set_limit(20);
  auto page = f.agent.request(history);
  ASSERT_TRUE(page && page->has_history());
  int bot_messages = 0;
  for (const auto& m : page->history().messages()) {
    bot_messages += m.content().has_bot() ? 1 : 0;
  }
  EXPECT_EQ(page->history().messages_size(), 4);
  EXPECT_EQ(bot_messages, 2);
  // The customer's Assigned carries no staff-only summary.
  auto mine = f.customer.receive_until([](const auto& e) { return e.has_assigned(); });
  ASSERT_TRUE(mine);
  EXPECT_FALSE(mine->assigned().has_handover());
}

TEST(Bot, ANearMissIsNotAnsweredAndTheButtonReachesAPerson) {
  bot_floor f;
  f.start("我不要发票，帮我备注一下");
  auto reply = f.customer.receive_until(is_bot_message);
  ASSERT_TRUE(reply);
  EXPECT_NE(reply->message().message().content().bot().faq_id(), "invoice")
      << "a negated question is not about invoices";
  auto ok = f.customer.request(request_human(f.id));
  ASSERT_TRUE(ok && ok->has_ok());
  auto assigned = f.agent.receive_until([](const auto& e) { return e.has_assigned(); });
  ASSERT_TRUE(assigned);
  EXPECT_EQ(assigned->assigned().handover().reason(), "button");
}

TEST(Bot, ARefundQuestionGoesToAfterSalesWithTheRefundSkill) {
  bot_floor f;
  auto care = f.srv.connect_agent("care-1");
  f.start("我申请的退款怎么还没到账");
  auto assigned = care.receive_until([](const auto& e) { return e.has_assigned(); });
  ASSERT_TRUE(assigned) << "the intent picks stage and skills for the handover";
  EXPECT_EQ(assigned->assigned().conversation().stage(), v1::STAGE_AFTER_SALES);
  EXPECT_EQ(assigned->assigned().handover().reason(), "refund_progress");
}

TEST(Bot, ARiskyMessageAlertsSupervisorsAndMovesTheChat) {
  bot_floor f;
  auto care = f.srv.connect_agent("care-1");
  auto supervisor = f.srv.connect(f.srv.staff_token(role::supervisor, "sup-1"));
  f.start("转人工");
  ASSERT_TRUE(f.agent.receive_until([](const auto& e) { return e.has_assigned(); }));
  ASSERT_TRUE(f.customer.request(send_text(f.id, "c-2", "东西是坏的，再不处理我就给差评，投诉到12315！")));
  auto alert = supervisor.receive_until([](const auto& e) { return e.has_alert(); });
  ASSERT_TRUE(alert) << "a connected supervisor hears of it at once";
  EXPECT_EQ(alert->alert().kind(), "complaint_risk");
  EXPECT_EQ(alert->alert().conversation_id(), f.id);
  EXPECT_GE(alert->alert().triggers_size(), 1);
  auto moved = care.receive_until([](const auto& e) { return e.has_assigned(); });
  ASSERT_TRUE(moved) << "re-routed to an after-sales agent who handles complaints";
  EXPECT_EQ(moved->assigned().conversation().conversation_id(), f.id);

  // Decision records are written behind the routing (no ack): ask until it is there.
  v1::ClientEnvelope why;
  why.mutable_fetch_decisions()->set_conversation_id(f.id);
  bool recorded = false;
  for (int attempt = 0; attempt < 50 && !recorded; ++attempt) {
    auto records = supervisor.request(why);
    ASSERT_TRUE(records && records->has_decisions());
    for (const auto& r : records->decisions().records()) {
      recorded = recorded || r.rule() == "complaint_risk";
    }
    if (!recorded) {
      std::this_thread::sleep_for(50ms);
    }
  }
  EXPECT_TRUE(recorded) << "the action leaves a decision record like every routing rule";
}

TEST(Bot, HumanFirstStagesAndShopsWithoutFaqRouteAtOnce) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));  // no FAQ entries: no bot
  auto agent = srv.connect_agent("pre-1");
  auto customer = srv.connect(srv.visitor_token("v-1"));
  auto started = customer.request(start_conversation(v1::STAGE_PRE_SALES, "多久发货"));
  ASSERT_TRUE(started && started->has_conversation_started());
  EXPECT_EQ(started->conversation_started().conversation().state(),
            v1::CONVERSATION_STATE_QUEUED);
  EXPECT_TRUE(agent.receive_until([](const auto& e) { return e.has_assigned(); }));
}

TEST(Bot, TheUnansweredQuestionsReportGroupsWhatTheBotCouldNotAnswer) {
  bot_floor f;
  f.start("你们店老板是谁啊");
  auto reply = f.customer.receive_until(is_bot_message);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->message().message().content().bot().outcome(), "unanswered");
  auto other = f.srv.connect(f.srv.visitor_token("v-2"));
  auto started = other.request(start_conversation(v1::STAGE_PRE_SALES, "你们的老板是谁"));
  ASSERT_TRUE(started);
  ASSERT_TRUE(other.receive_until(is_bot_message));

  const auto port = f.srv.port();
  const auto bearer = "Bearer " + f.srv.staff_token(role::supervisor, "sup-1");
  const auto agent = "Bearer " + f.srv.staff_token(role::agent, "pre-1");
  EXPECT_EQ(http_request(port, "GET", "/api/bot/unanswered").status, 401);
  EXPECT_EQ(http_request(port, "GET", "/api/bot/unanswered", "", "127.0.0.1", agent).status, 403);
  auto bad = http_request(port, "GET", "/api/bot/unanswered?from=yesterday", "", "127.0.0.1",
                          bearer);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(boost::json::parse(bad.body).at("field").as_string(), "from");
  EXPECT_EQ(http_request(port, "GET", "/api/bot/unanswered?stage=moon", "", "127.0.0.1", bearer)
                .status,
            400);

  // Both questions are in the store; the report groups them as one question asked twice.
  boost::json::array groups;
  for (int attempt = 0; attempt < 50; ++attempt) {
    auto ok = http_request(port, "GET", "/api/bot/unanswered?stage=pre_sales", "", "127.0.0.1",
                           bearer);
    ASSERT_EQ(ok.status, 200) << ok.body;
    groups = boost::json::parse(ok.body).at("groups").as_array();
    if (!groups.empty() && groups[0].at("count").as_int64() == 2) {
      break;
    }
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].at("count").as_int64(), 2);
  EXPECT_EQ(groups[0].at("stage").as_string(), "pre_sales");
  EXPECT_EQ(groups[0].at("examples").as_array().size(), 2u);
}

}  // namespace
}  // namespace fenliu::testing
