// Envelope encode/decode cost: what the gateway pays per chat message for protobuf.
//   decode: decode_client_frame() of a SendMessage (parse + role check + field validation),
//           into one reused ClientEnvelope, as ws_session does;
//   encode: building and encoding the MessageDelivery ServerEnvelope, as the send path does
//           after a commit (one encode shared by every recipient).
// Figures are CPU time per frame (the median of 9 rounds), so other work on the machine does
// not inflate them. Usage: fenliu_proto_bench [out.json]  (default bench/out/proto.json)
#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gateway/protocol/protocol.hpp"

namespace {

using namespace fenliu::gateway;

constexpr int rounds = 9;
constexpr int frames_per_round = 200'000;

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <typename Fn>
double median_ns_per_frame(Fn&& one_frame) {
  std::vector<double> ns;
  for (int r = 0; r < rounds; ++r) {
    const double start = cpu_seconds();
    for (int i = 0; i < frames_per_round; ++i) {
      one_frame(i);
    }
    ns.push_back((cpu_seconds() - start) * 1e9 / frames_per_round);
  }
  std::sort(ns.begin(), ns.end());
  return ns[ns.size() / 2];
}

// A typical buyer message: mixed Chinese and English, about 60 bytes of text.
const std::string text = "你好, 这件外套有L码吗? Is the navy one in stock?";

std::string client_frame() {
  v1::ClientEnvelope env;
  env.set_request_id(4711);
  auto* send = env.mutable_send_message();
  send->set_conversation_id(123456);
  send->set_client_msg_id("c-0000000042");
  send->mutable_content()->set_text(text);
  send->set_client_time_ms(1'764'000'000'000);
  return env.SerializeAsString();
}

std::size_t encode_delivery(std::uint64_t seq) {
  v1::ServerEnvelope env;
  auto* delivery = env.mutable_message();
  delivery->set_client_time_ms(1'764'000'000'000);
  auto* msg = delivery->mutable_message();
  msg->set_conversation_id(123456);
  msg->set_seq(seq);
  msg->set_sender_role(v1::ROLE_CUSTOMER);
  msg->set_sender_id("v-8f3a9c2d11e04b7a");
  msg->set_client_msg_id("c-0000000042");
  msg->set_sent_at_ms(1'764'000'000'123);
  msg->mutable_content()->set_text(text);
  msg->set_visibility(v1::VISIBILITY_ALL);
  return encode(env)->size();
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path out_path = argc > 1 ? argv[1] : "bench/out/proto.json";
  const std::string bytes = client_frame();
  const frame_limits limits;
  v1::ClientEnvelope reused;
  std::size_t accepted = 0;
  const double decode_ns = median_ns_per_frame([&](int) {
    if (!decode_client_frame(bytes, true, role::customer, limits, reused)) {
      ++accepted;
    }
  });
  std::size_t encoded_bytes = 0;
  const double encode_ns = median_ns_per_frame(
      [&](int i) { encoded_bytes = encode_delivery(static_cast<std::uint64_t>(i) + 1); });
  if (accepted != static_cast<std::size_t>(rounds) * frames_per_round) {
    fmt::print(stderr, "the benchmark frame was refused\n");
    return 1;
  }
  fmt::print("decode + validate SendMessage ({} bytes): {:.0f} ns/frame ({:.0f} frames/s)\n",
             bytes.size(), decode_ns, 1e9 / decode_ns);
  fmt::print("build + encode MessageDelivery ({} bytes): {:.0f} ns/frame ({:.0f} frames/s)\n",
             encoded_bytes, encode_ns, 1e9 / encode_ns);

  if (out_path.has_parent_path()) {
    std::filesystem::create_directories(out_path.parent_path());
  }
  std::ofstream f(out_path);
  f << fmt::format(
      "{{\n  \"proto.decode_ns_per_frame\": {:.1f},\n  \"proto.encode_ns_per_frame\": {:.1f},\n"
      "  \"proto.client_frame_bytes\": {},\n  \"proto.server_frame_bytes\": {}\n}}\n",
      decode_ns, encode_ns, bytes.size(), encoded_bytes);
  fmt::print("wrote {}\n", out_path.string());
  return f ? 0 : 1;
}
