#include "gateway/websocket/ws_handshake.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <fmt/format.h>

namespace fenliu::gateway::ws {
namespace {

constexpr std::string_view guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

std::string refusal(std::string_view status, std::string_view body, std::string_view extra = {}) {
  return fmt::format(
      "HTTP/1.1 {}\r\nServer: fenliu\r\n{}Content-Type: text/plain\r\nContent-Length: {}\r\n"
      "Connection: close\r\n\r\n{}",
      status, extra, body.size(), body);
}

// A client's key is 16 random bytes in base64: 24 characters ending in "==".
bool is_client_key(std::string_view key) {
  if (key.size() != 24 || key.substr(22) != "==") {
    return false;
  }
  for (const char c : key.substr(0, 22)) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/';
    if (!ok) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string accept_key(std::string_view key) {
  std::string input(key);
  input.append(guid);
  unsigned char digest[SHA_DIGEST_LENGTH];
  unsigned int digest_len = 0;
  EVP_Digest(input.data(), input.size(), digest, &digest_len, EVP_sha1(), nullptr);
  unsigned char out[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
  const int n = EVP_EncodeBlock(out, digest, static_cast<int>(digest_len));
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

handshake_answer answer_handshake(std::string_view key, std::string_view version) {
  if (version != "13") {
    return {false, refusal("426 Upgrade Required", "unsupported Sec-WebSocket-Version\n",
                           "Sec-WebSocket-Version: 13\r\n")};
  }
  if (!is_client_key(key)) {
    return {false, refusal("400 Bad Request", "bad Sec-WebSocket-Key\n")};
  }
  return {true, fmt::format("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                            "Connection: Upgrade\r\nSec-WebSocket-Accept: {}\r\n"
                            "Server: fenliu\r\n\r\n",
                            accept_key(key))};
}

}  // namespace fenliu::gateway::ws
