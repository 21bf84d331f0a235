// Resume past limits.resume_batch_max over real sockets: each ResumeResult says whether more
// follows, and a client that resumes again from to_seq while `more` is set ends level.
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

constexpr std::uint32_t batch = 3;

struct replay {
  std::vector<std::uint64_t> seqs;
  v1::ResumeResult result;
};

replay resume_once(ws_client& client, std::uint64_t id, std::uint64_t last_seq) {
  v1::ClientEnvelope env;
  env.mutable_resume()->set_conversation_id(id);
  env.mutable_resume()->set_last_seq(last_seq);
  client.send(env);
  replay out;
  auto done = client.receive_until([&](const auto& e) {
    if (e.has_message()) {
      out.seqs.push_back(e.message().message().seq());
    }
    return e.has_resume_result();
  });
  EXPECT_TRUE(done);
  if (done) {
    out.result = done->resume_result();
  }
  return out;
}

// A conversation holding `count` messages from the customer.
std::uint64_t chat_with(ws_client& customer, int count) {
  auto started = customer.request(start_conversation(v1::STAGE_PRE_SALES));
  EXPECT_TRUE(started && started->has_conversation_started());
  const auto id = started ? started->conversation_started().conversation().conversation_id() : 0;
  for (int i = 1; i <= count; ++i) {
    auto ack = customer.request(send_text(id, "m-" + std::to_string(i), "message"));
    EXPECT_TRUE(ack && ack->has_send_ack());
  }
  return id;
}

gateway::server_config small_batches(const std::filesystem::path& dir) {
  auto cfg = test_config(dir);
  cfg.limits.resume_batch_max = batch;
  return cfg;
}

TEST(ResumeBatch, EachBatchSaysWhetherMoreFollowsUntilTheClientIsLevel) {
  temp_dir dir;
  test_server srv(small_batches(dir.path()));
  auto customer = srv.connect(srv.visitor_token("v-batch"));
  const auto id = chat_with(customer, 8);

  auto again = srv.connect(srv.visitor_token("v-batch"));
  auto first = resume_once(again, id, 0);
  EXPECT_EQ(first.seqs, (std::vector<std::uint64_t>{1, 2, 3}));
  EXPECT_TRUE(first.result.more());
  EXPECT_FALSE(first.result.resync());
  EXPECT_EQ(first.result.from_seq(), 1u);
  EXPECT_EQ(first.result.to_seq(), 3u);

  // The client's loop: resume from the last seq it got while the server says more.
  std::vector<std::uint64_t> all = first.seqs;
  auto last = first.result;
  int rounds = 1;
  while (last.more() && rounds < 10) {
    auto next = resume_once(again, id, last.to_seq());
    all.insert(all.end(), next.seqs.begin(), next.seqs.end());
    last = next.result;
    ++rounds;
  }
  EXPECT_EQ(rounds, 3);
  EXPECT_EQ(all, (std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_FALSE(last.more());
  EXPECT_EQ(last.to_seq(), last.conversation().last_seq());
}

TEST(ResumeBatch, AnExactlyFullLastBatchSaysNoMore) {
  temp_dir dir;
  test_server srv(small_batches(dir.path()));
  auto customer = srv.connect(srv.visitor_token("v-exact"));
  const auto id = chat_with(customer, 2 * batch);

  auto first = resume_once(customer, id, 0);
  EXPECT_EQ(first.seqs.size(), batch);
  EXPECT_TRUE(first.result.more());
  auto second = resume_once(customer, id, first.result.to_seq());
  EXPECT_EQ(second.seqs, (std::vector<std::uint64_t>{4, 5, 6}));
  EXPECT_FALSE(second.result.more());
  // Level already: nothing replayed, nothing more.
  auto level = resume_once(customer, id, second.result.to_seq());
  EXPECT_TRUE(level.seqs.empty());
  EXPECT_FALSE(level.result.more());
  EXPECT_EQ(level.result.to_seq(), 2u * batch);
}

}  // namespace
}  // namespace fenliu::testing
