// The registry: body cases read from encoded envelopes, labels fixed at start-up, codes and
// rules by name.
#include "gateway/metrics/registry.hpp"

#include <gtest/gtest.h>

#include "fenliu/v1/fenliu.pb.h"

namespace fenliu::gateway::metrics {
namespace {

TEST(Registry, EnvelopeBodyFieldSkipsTheRequestId) {
  v1::ClientEnvelope env;
  env.mutable_send_message()->set_conversation_id(7);
  EXPECT_EQ(envelope_body_field(env.SerializeAsString()), 13);
  env.set_request_id(123456789);
  EXPECT_EQ(envelope_body_field(env.SerializeAsString()), 13);
  v1::ServerEnvelope out;
  out.set_request_id(1);
  out.mutable_send_ack()->set_seq(1);
  EXPECT_EQ(envelope_body_field(out.SerializeAsString()), 14);
  EXPECT_EQ(envelope_body_field(""), 0);
  EXPECT_EQ(envelope_body_field("\xff\xff"), 0);
  EXPECT_EQ(envelope_body_field(std::string("\x08\x01", 2)), 0) << "a request_id alone";
}

std::string sample_line(const std::string& text, const std::string& series) {
  const auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) {
    return "";
  }
  const auto end = text.find('\n', at + 1);
  return text.substr(at + 1, end - at - 1);
}

TEST(Registry, CountsLandOnTheirLabels) {
  registry r({{13, "send_message"}, {10, "ping"}}, {{14, "send_ack"}});
  v1::ClientEnvelope env;
  env.mutable_send_message();
  r.frame_in(env.SerializeAsString());
  r.frame_in("garbage");
  r.connection_opened(role_label::agent);
  r.connection_opened(role_label::agent);
  r.connection_closed(role_label::agent);
  r.error_sent(error_code::malformed);
  r.closed(close_code::slow_consumer);
  r.decision("sticky");
  r.decision("something_new");
  r.bot_answer(bot_outcome::greeting);
  r.store_batch(3, 250);
  const auto text = r.render({{"pre_sales", 2, 1, 30}});
  EXPECT_EQ(sample_line(text, "fenliu_frames_in_total{type=\"send_message\"}"),
            "fenliu_frames_in_total{type=\"send_message\"} 1");
  EXPECT_EQ(sample_line(text, "fenliu_frames_in_total{type=\"unknown\"}"),
            "fenliu_frames_in_total{type=\"unknown\"} 1");
  EXPECT_EQ(sample_line(text, "fenliu_frames_in_total{type=\"ping\"}"),
            "fenliu_frames_in_total{type=\"ping\"} 0");
  EXPECT_EQ(sample_line(text, "fenliu_connections{role=\"agent\"}"),
            "fenliu_connections{role=\"agent\"} 1");
  EXPECT_EQ(sample_line(text, "fenliu_errors_total{code=\"malformed\"}"),
            "fenliu_errors_total{code=\"malformed\"} 1");
  EXPECT_EQ(sample_line(text, "fenliu_closes_total{code=\"slow_consumer\"}"),
            "fenliu_closes_total{code=\"slow_consumer\"} 1");
  EXPECT_EQ(sample_line(text, "fenliu_slow_consumer_closes_total"),
            "fenliu_slow_consumer_closes_total 1");
  EXPECT_EQ(sample_line(text, "fenliu_routing_decisions_total{rule=\"sticky\"}"),
            "fenliu_routing_decisions_total{rule=\"sticky\"} 1");
  EXPECT_EQ(sample_line(text, "fenliu_routing_decisions_total{rule=\"other\"}"),
            "fenliu_routing_decisions_total{rule=\"other\"} 1");
  EXPECT_EQ(sample_line(text, "fenliu_bot_answers_total{outcome=\"greeting\"}"),
            "fenliu_bot_answers_total{outcome=\"greeting\"} 1");
  EXPECT_EQ(sample_line(text, "fenliu_queue_length{stage=\"pre_sales\"}"),
            "fenliu_queue_length{stage=\"pre_sales\"} 2");
  EXPECT_EQ(sample_line(text, "fenliu_queue_oldest_wait_seconds{stage=\"pre_sales\"}"),
            "fenliu_queue_oldest_wait_seconds{stage=\"pre_sales\"} 30");
  EXPECT_EQ(sample_line(text, "fenliu_store_batch_size_bucket{le=\"4\"}"),
            "fenliu_store_batch_size_bucket{le=\"4\"} 1");
  EXPECT_EQ(sample_line(text, "fenliu_store_batch_size_bucket{le=\"2\"}"),
            "fenliu_store_batch_size_bucket{le=\"2\"} 0");
  EXPECT_EQ(sample_line(text, "fenliu_store_commit_seconds_sum"),
            "fenliu_store_commit_seconds_sum 0.00025");
}

}  // namespace
}  // namespace fenliu::gateway::metrics
