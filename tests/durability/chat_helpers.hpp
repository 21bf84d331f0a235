#pragma once
// Small blocking helpers for the socket-level durability tests (in-process server, real
// sockets): a customer and an agent in one conversation, sends that wait for their answer,
// resumes that collect the replay.

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "test_server.hpp"

namespace fenliu::durability {

struct welcomed {
  testing::ws_client client;
  v1::Welcome welcome;
};

/// Connects and returns the client with its Welcome (test_server::connect drops it).
inline welcomed connect_welcomed(const testing::test_server& srv, const std::string& token) {
  welcomed w;
  testing::connect_options options;
  options.port = srv.port();
  options.token = token;
  const auto result = w.client.connect(options);
  EXPECT_TRUE(result.ok) << result.http_status << " " << result.error;
  auto first = w.client.receive();
  EXPECT_TRUE(first && first->has_welcome());
  if (first && first->has_welcome()) {
    w.welcome = first->welcome();
  }
  return w;
}

/// The customer starts a pre-sales conversation and both sides wait for the assignment.
inline std::uint64_t start_assigned(testing::ws_client& customer, testing::ws_client& agent) {
  auto started = customer.request(testing::start_conversation(v1::STAGE_PRE_SALES));
  EXPECT_TRUE(started && started->has_conversation_started());
  if (!started || !started->has_conversation_started()) {
    return 0;
  }
  const auto id = started->conversation_started().conversation().conversation_id();
  EXPECT_TRUE(agent.receive_until([](const auto& e) { return e.has_assigned(); }));
  return id;
}

/// Sends a text and returns the server's answer to it (SendAck or Error).
inline std::optional<v1::ServerEnvelope> send_text(testing::ws_client& c, std::uint64_t id,
                                                   const std::string& client_msg_id,
                                                   const std::string& text) {
  return c.request(testing::send_text(id, client_msg_id, text), std::chrono::seconds(10));
}

/// Sends and expects an ack; returns its seq (0 on failure, which also fails the test).
inline std::uint64_t send_acked(testing::ws_client& c, std::uint64_t id,
                                const std::string& client_msg_id, const std::string& text) {
  auto reply = send_text(c, id, client_msg_id, text);
  EXPECT_TRUE(reply && reply->has_send_ack()) << client_msg_id << ": "
                                              << (reply ? reply->DebugString() : "no reply");
  return reply && reply->has_send_ack() ? reply->send_ack().seq() : 0;
}

struct resume_outcome {
  std::vector<v1::ChatMessage> replayed;  // message frames before the ResumeResult, in order
  std::optional<v1::ResumeResult> result;
};

/// Sends Resume and collects every message frame up to the ResumeResult.
inline resume_outcome resume(testing::ws_client& c, std::uint64_t id, std::uint64_t last_seq) {
  v1::ClientEnvelope env;
  env.mutable_resume()->set_conversation_id(id);
  env.mutable_resume()->set_last_seq(last_seq);
  env.set_request_id(900000 + last_seq);
  c.send(env);
  resume_outcome out;
  auto done = c.receive_until([&](const v1::ServerEnvelope& e) {
    if (e.has_message() && e.message().message().conversation_id() == id) {
      out.replayed.push_back(e.message().message());
    }
    return e.has_resume_result() || (e.has_error() && e.request_id() == env.request_id());
  });
  EXPECT_TRUE(done && done->has_resume_result()) << (done ? done->DebugString() : "no reply");
  if (done && done->has_resume_result()) {
    out.result = done->resume_result();
  }
  return out;
}

inline std::vector<std::uint64_t> seqs_of(const std::vector<v1::ChatMessage>& msgs) {
  std::vector<std::uint64_t> out;
  for (const auto& m : msgs) {
    out.push_back(m.seq());
  }
  return out;
}

inline std::vector<std::uint64_t> range(std::uint64_t from, std::uint64_t to) {
  std::vector<std::uint64_t> out;
  for (auto s = from; s <= to; ++s) {
    out.push_back(s);
  }
  return out;
}

/// The next chat message frame of conversation `id` (other frames are skipped).
inline std::optional<v1::ChatMessage> next_message(testing::ws_client& c, std::uint64_t id) {
  auto e = c.receive_until([id](const v1::ServerEnvelope& f) {
    return f.has_message() && f.message().message().conversation_id() == id;
  });
  if (!e) {
    return std::nullopt;
  }
  return e->message().message();
}

}  // namespace fenliu::durability
