#pragma once
// A blocking WebSocket test client over a real socket (Beast inside, not in this header).
// Every operation has a timeout so a broken server fails the test instead of hanging it.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "fenliu/v1/fenliu.pb.h"

namespace fenliu::testing {

using namespace std::chrono_literals;

struct connect_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string token;
  std::string origin;                 // empty: no Origin header
  std::string path = "/ws";
  int receive_buffer_bytes = 0;       // SO_RCVBUF before connect (0: default)
  std::chrono::milliseconds timeout = 5s;
};

/// Result of a refused upgrade: the HTTP status the server answered with.
struct connect_result {
  bool ok = false;
  int http_status = 0;
  std::string error;
};

class ws_client {
 public:
  ws_client();
  ~ws_client();
  ws_client(ws_client&&) noexcept;
  ws_client& operator=(ws_client&&) noexcept;

  connect_result connect(const connect_options& options);

  void send(const v1::ClientEnvelope& env);
  void send_binary(const std::string& bytes);
  void send_text(const std::string& text);

  /// Next server frame, or nullopt on timeout or close (see close_code()).
  std::optional<v1::ServerEnvelope> receive(std::chrono::milliseconds timeout = 5s);
  /// Reads frames until `match` accepts one (others are dropped); nullopt on timeout or close.
  std::optional<v1::ServerEnvelope> receive_until(
      const std::function<bool(const v1::ServerEnvelope&)>& match,
      std::chrono::milliseconds timeout = 5s);
  /// Reads (and drops) frames until the server closes; returns its close code, or nullopt.
  std::optional<int> wait_for_close(std::chrono::milliseconds timeout = 5s);

  /// Sends a request with a fresh request id and waits for the reply carrying it.
  std::optional<v1::ServerEnvelope> request(v1::ClientEnvelope env,
                                            std::chrono::milliseconds timeout = 5s);

  /// The close code the server sent, once the connection is closed (also its answer to close());
  /// 0 if none.
  int close_code() const;
  bool is_open() const;
  void close();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Plain HTTP request over a real socket: returns status and body.
struct http_reply {
  int status = 0;
  std::string body;
  std::string content_type;
};
http_reply http_request(std::uint16_t port, const std::string& method, const std::string& target,
                        const std::string& body = "", const std::string& host = "127.0.0.1",
                        const std::string& authorization = "",
                        const std::string& content_type = "");

/// Opens a TCP connection, sends `partial` (e.g. half an HTTP request) and waits: true when the
/// server closes the connection within `timeout`.
bool server_closes_stalled_connection(std::uint16_t port, const std::string& partial,
                                      std::chrono::milliseconds timeout);

}  // namespace fenliu::testing
