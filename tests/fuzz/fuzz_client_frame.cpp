// Fuzzes frame decoding and envelope validation for every role: whatever the bytes, decoding
// never crashes, an accepted envelope is one the role may send and survives a round trip, and a
// refusal carries a known error code.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "gateway/protocol/protocol.hpp"

using namespace fenliu::gateway;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  // The first byte picks the role and the frame type; the rest is the frame.
  const role who = static_cast<role>(1 + (data[0] & 3));
  const bool binary = (data[0] & 4) == 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  frame_limits limits;
  limits.max_text_chars = 64;
  v1::ClientEnvelope env;
  auto err = decode_client_frame(bytes, binary, who, limits, env);
  if (err) {
    if (!v1::ErrorCode_IsValid(err->code) || err->code == v1::ERROR_CODE_UNSPECIFIED) {
      std::abort();
    }
    // Error frames must always encode.
    auto frame = make_error(err->request_id, err->code, err->detail);
    if (!frame || frame->empty()) {
      std::abort();
    }
    return 0;
  }
  if (!role_may_send(who, env.body_case())) {
    std::abort();
  }
  v1::ClientEnvelope again;
  if (!again.ParseFromString(env.SerializeAsString()) || again.body_case() != env.body_case()) {
    std::abort();
  }
  return 0;
}
