#pragma once
// The server's half of the WebSocket opening handshake (RFC 6455 4.2), pure: given the
// request's Sec-WebSocket-Key and Sec-WebSocket-Version, the bytes to answer with. The HTTP
// session has already checked the method, the Upgrade and Connection headers, the path, the
// Origin and the token.

#include <string>
#include <string_view>

namespace fenliu::gateway::ws {

struct handshake_answer {
  bool accepted = false;  // 101: the connection speaks WebSocket from the next byte on
  std::string response;   // the whole HTTP response (101, or 400 / 426 and then close)
};

handshake_answer answer_handshake(std::string_view key, std::string_view version);

/// base64(SHA-1(key + the RFC's GUID)): the Sec-WebSocket-Accept for `key`.
std::string accept_key(std::string_view key);

}  // namespace fenliu::gateway::ws
