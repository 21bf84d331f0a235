// The committed golden vectors against the C++ protobuf code: the server's frames serialize to
// exactly the committed bytes, and the committed client frames (which golden.test.mjs shows the
// pages' generated code produces) parse to exactly the envelopes the server expects.
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "golden_messages.hpp"

namespace fenliu::golden {
namespace {

using vectors = std::map<std::string, std::string>;  // name -> bytes

std::string unhex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return out;
}

vectors load(const char* section) {
  std::ifstream in(FENLIU_GOLDEN_VECTORS);
  std::stringstream text;
  text << in.rdbuf();
  vectors out;
  const auto doc = boost::json::parse(text.str());
  for (const auto& [name, value] : doc.at(section).as_object()) {
    out[std::string(name)] = unhex(value.as_string());
  }
  return out;
}

template <class List>
std::vector<std::string> names(const List& list) {
  std::vector<std::string> out;
  for (const auto& n : list) {
    out.push_back(n.name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> names(const vectors& v) {
  std::vector<std::string> out;
  for (const auto& [name, bytes] : v) {
    out.push_back(name);
  }
  return out;
}

std::string regenerate_hint() {
  return "if the change is intended: build/tests/protocol_golden/fenliu_golden_gen > "
         "tests/protocol_golden/vectors.json, and update golden.test.mjs to match";
}

TEST(GoldenVectors, TheFileHoldsExactlyTheFramesBuiltHere) {
  EXPECT_EQ(names(load("server")), names(server_envelopes())) << regenerate_hint();
  EXPECT_EQ(names(load("client")), names(client_envelopes())) << regenerate_hint();
}

TEST(GoldenVectors, ServerFramesSerializeToTheCommittedBytes) {
  const auto committed = load("server");
  for (const auto& [name, envelope] : server_envelopes()) {
    ASSERT_TRUE(committed.contains(name)) << name;
    EXPECT_EQ(envelope.SerializeAsString(), committed.at(name))
        << name << ": " << regenerate_hint();
  }
}

TEST(GoldenVectors, CommittedClientFramesParseToTheExpectedEnvelopes) {
  const auto committed = load("client");
  for (const auto& [name, expected] : client_envelopes()) {
    ASSERT_TRUE(committed.contains(name)) << name;
    v1::ClientEnvelope parsed;
    ASSERT_TRUE(parsed.ParseFromString(committed.at(name))) << name;
    std::string diff;
    google::protobuf::util::MessageDifferencer differ;
    differ.ReportDifferencesToString(&diff);
    EXPECT_TRUE(differ.Compare(expected, parsed)) << name << ":\n" << diff;
    EXPECT_TRUE(parsed.GetReflection()->GetUnknownFields(parsed).empty()) << name;
    EXPECT_EQ(parsed.SerializeAsString(), committed.at(name)) << name;
  }
}

// A few fields spelled out, so that a reader sees what the comparison above covers.
TEST(GoldenVectors, ClientFramesCarryWhatThePagesMeant) {
  const auto committed = load("client");
  v1::ClientEnvelope e;
  ASSERT_TRUE(e.ParseFromString(committed.at("send_message")));
  EXPECT_EQ(e.request_id(), 21U);
  EXPECT_EQ(e.send_message().conversation_id(), 9007199254740991ULL);
  EXPECT_EQ(e.send_message().content().text(), "你好 héllo 👋");
  EXPECT_EQ(e.send_message().client_time_ms(), 1790000000123);

  ASSERT_TRUE(e.ParseFromString(committed.at("ping")));
  EXPECT_EQ(e.ping().client_time_ms(), -5);

  ASSERT_TRUE(e.ParseFromString(committed.at("transfer_to_agent")));
  EXPECT_EQ(e.transfer().target().target_case(), v1::TransferTarget::kAgentId);
  EXPECT_EQ(e.transfer().target().agent_id(), "a-zhao");

  ASSERT_TRUE(e.ParseFromString(committed.at("subscribe_board_empty")));
  EXPECT_EQ(e.body_case(), v1::ClientEnvelope::kSubscribeBoard);

  ASSERT_TRUE(e.ParseFromString(committed.at("typing")));
  EXPECT_EQ(e.request_id(), 0U);
  EXPECT_TRUE(e.typing().typing());
}

}  // namespace
}  // namespace fenliu::golden
