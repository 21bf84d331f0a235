// Retention over the real server and a real SQLite file: the purge loop deletes messages older
// than retention_days, resume past them answers resync, and a transcript shows what is left.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

// Moves the conversation's messages with seq <= up_to `days` into the past, as if they had been
// sent then. Runs while the server is stopped, on the server's own database file.
void age_messages(const std::filesystem::path& data_dir, std::uint64_t conversation,
                  std::uint64_t up_to, int days) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((data_dir / "fenliu.db").c_str(), &db), SQLITE_OK);
  const auto sql = "UPDATE messages SET created_at = created_at - " +
                   std::to_string(std::int64_t{days} * 86400000) +
                   " WHERE conversation_id = " + std::to_string(conversation) +
                   " AND seq <= " + std::to_string(up_to);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << err;
  EXPECT_EQ(sqlite3_changes(db), static_cast<int>(up_to));
  sqlite3_free(err);
  sqlite3_close(db);
}

std::vector<std::uint64_t> transcript_seqs(const test_server& srv, std::uint64_t conversation) {
  auto qa = srv.connect(srv.staff_token(gateway::role::qa, "qa-1"));
  v1::ClientEnvelope fetch;
  fetch.mutable_fetch_transcript()->set_conversation_id(conversation);
  auto t = qa.request(fetch);
  std::vector<std::uint64_t> seqs;
  if (t && t->has_transcript()) {
    for (const auto& m : t->transcript().messages()) {
      seqs.push_back(m.seq());
    }
  }
  return seqs;
}

TEST(Retention, PurgeDeletesMessagesPastRetentionAndResumeAnswersResync) {
  temp_dir dir;
  std::uint64_t id = 0;
  {
    test_server srv(test_config(dir.path()));
    auto agent = srv.connect_agent("pre-1");
    auto customer = srv.connect(srv.visitor_token("v-1"));
    auto started = customer.request(start_conversation(v1::STAGE_PRE_SALES));
    ASSERT_TRUE(started && started->has_conversation_started());
    id = started->conversation_started().conversation().conversation_id();
    for (int i = 1; i <= 3; ++i) {
      auto ack =
          customer.request(send_text(id, "c-" + std::to_string(i), "msg " + std::to_string(i)));
      ASSERT_TRUE(ack && ack->has_send_ack());
    }
  }
  age_messages(dir.path(), id, 2, 91);  // seq 1 and 2 are 91 days old; seq 3 is fresh

  auto cfg = test_config(dir.path());
  cfg.store.retention_days = 90;
  cfg.store.purge_interval_s = 1;
  test_server srv(cfg);
  // The first purge runs one interval after start; poll the transcript until it has run.
  std::vector<std::uint64_t> seqs;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  do {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    seqs = transcript_seqs(srv, id);
  } while (seqs.size() != 1 && std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(seqs, std::vector<std::uint64_t>{3}) << "only the fresh message survives the purge";

  auto customer = srv.connect(srv.visitor_token("v-1"));
  v1::ClientEnvelope resume;
  resume.mutable_resume()->set_conversation_id(id);
  resume.mutable_resume()->set_last_seq(0);
  customer.send(resume);
  auto result = customer.receive_until([](const auto& e) { return e.has_resume_result(); });
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->resume_result().resync());
  v1::ClientEnvelope resume_fresh;
  resume_fresh.mutable_resume()->set_conversation_id(id);
  resume_fresh.mutable_resume()->set_last_seq(2);
  customer.send(resume_fresh);
  std::vector<std::uint64_t> replayed;
  result = customer.receive_until([&](const auto& e) {
    if (e.has_message()) {
      replayed.push_back(e.message().message().seq());
    }
    return e.has_resume_result();
  });
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->resume_result().resync());
  EXPECT_EQ(replayed, std::vector<std::uint64_t>{3});
}

TEST(Retention, ZeroIntervalNeverPurges) {
  temp_dir dir;
  std::uint64_t id = 0;
  {
    test_server srv(test_config(dir.path()));
    auto customer = srv.connect(srv.visitor_token("v-1"));
    auto started = customer.request(start_conversation(v1::STAGE_PRE_SALES));
    ASSERT_TRUE(started && started->has_conversation_started());
    id = started->conversation_started().conversation().conversation_id();
    auto ack = customer.request(send_text(id, "c-1", "old"));
    ASSERT_TRUE(ack && ack->has_send_ack());
  }
  age_messages(dir.path(), id, 1, 91);
  auto cfg = test_config(dir.path());
  cfg.store.retention_days = 90;
  cfg.store.purge_interval_s = 0;
  test_server srv(cfg);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(transcript_seqs(srv, id), std::vector<std::uint64_t>{1});
}

}  // namespace
}  // namespace fenliu::testing
