// Writes vectors.json: every envelope of golden_messages.hpp, serialized by the C++ protobuf
// library, as hex. Run after changing a golden message (or the schema) and commit the result:
//   build/tests/protocol_golden/fenliu_golden_gen > tests/protocol_golden/vectors.json
#include <cstdio>
#include <string>

#include "golden_messages.hpp"

namespace {

std::string hex(const std::string& bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

template <class List>
void section(const char* name, const List& list, bool last) {
  std::printf("  \"%s\": {\n", name);
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::printf("    \"%s\": \"%s\"%s\n", list[i].name.c_str(),
                hex(list[i].envelope.SerializeAsString()).c_str(), i + 1 < list.size() ? "," : "");
  }
  std::printf("  }%s\n", last ? "" : ",");
}

}  // namespace

int main() {
  std::printf("{\n");
  std::printf(
      "  \"about\": \"fenliu.v1 golden vectors: ServerEnvelope and ClientEnvelope frames as hex, "
      "written by fenliu_golden_gen from tests/protocol_golden/golden_*.cpp; checked by "
      "protocol_golden_tests (C++) and golden.test.mjs (generated JS)\",\n");
  section("server", fenliu::golden::server_envelopes(), false);
  section("client", fenliu::golden::client_envelopes(), true);
  std::printf("}\n");
  return 0;
}
