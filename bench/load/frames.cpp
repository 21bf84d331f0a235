#include "frames.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>

namespace fenliu::load {

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string encode(const v1::ClientEnvelope& env) {
  return env.SerializeAsString();
}

std::string start_conversation(std::uint64_t request_id) {
  v1::ClientEnvelope env;
  env.set_request_id(request_id);
  auto* start = env.mutable_start_conversation();
  start->set_requested_stage(v1::STAGE_PRE_SALES);
  start->mutable_entry()->set_page_type("product");
  return encode(env);
}

std::string set_online(std::uint64_t request_id) {
  v1::ClientEnvelope env;
  env.set_request_id(request_id);
  env.mutable_set_agent_state()->set_state(v1::AGENT_STATE_ONLINE);
  return encode(env);
}

std::string close_conversation(std::uint64_t request_id, std::uint64_t conversation) {
  v1::ClientEnvelope env;
  env.set_request_id(request_id);
  env.mutable_close_conversation()->set_conversation_id(conversation);
  return encode(env);
}

std::string accept_offer(std::uint64_t request_id, std::uint64_t conversation) {
  v1::ClientEnvelope env;
  env.set_request_id(request_id);
  env.mutable_accept_offer()->set_conversation_id(conversation);
  return encode(env);
}

std::string send_text(std::uint64_t request_id, std::uint64_t conversation, std::string_view tag,
                      std::uint64_t seq, std::int64_t sent_us, const std::string& text) {
  v1::ClientEnvelope env;
  env.set_request_id(request_id);
  auto* send = env.mutable_send_message();
  send->set_conversation_id(conversation);
  send->set_client_msg_id(fmt::format("{}.{}.{}", sent_us, tag, seq));
  send->mutable_content()->set_text(text);
  send->set_client_time_ms(wall_ms());
  return encode(env);
}

std::int64_t sent_us_of(std::string_view client_msg_id) {
  std::int64_t value = -1;
  const auto end = client_msg_id.data() + client_msg_id.size();
  const auto [ptr, ec] = std::from_chars(client_msg_id.data(), end, value);
  if (ec != std::errc{} || ptr == end || *ptr != '.') {
    return -1;
  }
  return value;
}

}  // namespace fenliu::load
