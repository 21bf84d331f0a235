// Close codes sent in the situations the proto documents, over real sockets: token expiry while
// connected (4101), the server over its connection limit (4003), a normal close (1000), a
// protocol violation (1002).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <optional>
#include <string>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

using gateway::role;
using clock = std::chrono::steady_clock;

bool still_works(ws_client& c) {
  auto pong = c.request(ping());
  return pong && pong->has_pong();
}

TEST(CloseCodes, AStaffTokenThatExpiresWhileConnectedClosesWith4101AtItsExp) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));
  const auto exp_s = unix_now_s() + 2;  // mint_staff_token: exp = now + ttl
  auto agent = srv.connect(srv.staff_token(role::agent, "pre-1", 2));
  auto lasting = srv.connect(srv.staff_token(role::agent, "in-1", 3600));
  ASSERT_TRUE(still_works(agent));
  EXPECT_EQ(agent.wait_for_close(std::chrono::seconds(6)), v1::CLOSE_CODE_TOKEN_EXPIRED);
  // Not before its exp (one second of slack for the clock read above).
  EXPECT_GE(unix_now_s(), exp_s - 1);
  EXPECT_TRUE(still_works(lasting));
}

TEST(CloseCodes, AVisitorTokenThatExpiresWhileConnectedClosesWith4101) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.auth.visitor_token_ttl_s = 2;
  test_server srv(cfg);
  auto customer = srv.connect(srv.visitor_token("v-1"));
  ASSERT_TRUE(still_works(customer));
  // The idle timeout (60 s) and pings (20 s) play no part within these seconds.
  EXPECT_EQ(customer.wait_for_close(std::chrono::seconds(6)), v1::CLOSE_CODE_TOKEN_EXPIRED);
  // A fresh token connects again.
  auto again = srv.connect(srv.visitor_token("v-1"));
  EXPECT_TRUE(still_works(again));
}

TEST(CloseCodes, OverMaxConnectionsTheUpgradeCompletesAndClosesWith4003) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.limits.max_connections = 2;
  test_server srv(cfg);
  auto first = srv.connect(srv.visitor_token("v-1"));
  auto second = srv.connect(srv.visitor_token("v-2"));
  ASSERT_TRUE(still_works(first));
  ASSERT_TRUE(still_works(second));
  ws_client third;
  connect_options o;
  o.port = srv.port();
  o.token = srv.visitor_token("v-3");
  ASSERT_TRUE(third.connect(o).ok) << "a browser sees a close code, not an HTTP status";
  EXPECT_EQ(third.wait_for_close(), v1::CLOSE_CODE_OVERLOADED);
  EXPECT_TRUE(still_works(first));
  EXPECT_TRUE(still_works(second));
  // Once a place is free, a new connection is served again.
  first.close();
  const auto deadline = clock::now() + std::chrono::seconds(5);
  bool served = false;
  while (!served && clock::now() < deadline) {
    ws_client retry;
    ASSERT_TRUE(retry.connect(o).ok);
    auto welcome = retry.receive();
    served = welcome && welcome->has_welcome() && still_works(retry);
  }
  EXPECT_TRUE(served);
}

TEST(CloseCodes, AClientsNormalCloseIsAnsweredWith1000) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));
  auto c = srv.connect(srv.visitor_token("v-1"));
  ASSERT_TRUE(still_works(c));
  c.close();
  EXPECT_FALSE(c.is_open());
  EXPECT_EQ(c.close_code(), v1::CLOSE_CODE_NORMAL);
}

// A hand-made WebSocket client over a plain socket, for what Beast's client refuses to send.
class raw_socket {
 public:
  explicit raw_socket(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~raw_socket() { ::close(fd_); }
  raw_socket(const raw_socket&) = delete;
  raw_socket& operator=(const raw_socket&) = delete;

  bool connected() const { return connected_; }
  bool send(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }
  /// Exactly n bytes, or nullopt on timeout or end of stream.
  std::optional<std::string> read(std::size_t n) {
    std::string out;
    while (out.size() < n) {
      char buf[4096];
      const auto got = ::recv(fd_, buf, std::min(sizeof buf, n - out.size()), 0);
      if (got <= 0) {
        return std::nullopt;
      }
      out.append(buf, static_cast<std::size_t>(got));
    }
    return out;
  }
  std::optional<std::string> read_http_head() {
    std::string head;
    while (head.find("\r\n\r\n") == std::string::npos) {
      auto c = read(1);
      if (!c) {
        return std::nullopt;
      }
      head += *c;
    }
    return head;
  }
  /// Reads server frames (never masked) until a close frame; returns its code.
  std::optional<int> read_close_code() {
    for (;;) {
      auto h = read(2);
      if (!h) {
        return std::nullopt;
      }
      const int opcode = static_cast<unsigned char>((*h)[0]) & 0x0F;
      std::uint64_t len = static_cast<unsigned char>((*h)[1]) & 0x7F;
      if (len >= 126) {
        auto ext = read(len == 126 ? 2 : 8);
        if (!ext) {
          return std::nullopt;
        }
        len = 0;
        for (unsigned char b : *ext) {
          len = (len << 8) | b;
        }
      }
      auto payload = read(static_cast<std::size_t>(len));
      if (!payload) {
        return std::nullopt;
      }
      if (opcode == 0x8) {
        if (payload->size() < 2) {
          return 0;
        }
        return (static_cast<unsigned char>((*payload)[0]) << 8) |
               static_cast<unsigned char>((*payload)[1]);
      }
    }
  }

 private:
  int fd_;
  bool connected_ = false;
};

TEST(CloseCodes, AnUnmaskedClientFrameIsAProtocolErrorClosedWith1002) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));
  raw_socket s(srv.port());
  ASSERT_TRUE(s.connected());
  ASSERT_TRUE(s.send("GET /ws?token=" + srv.visitor_token("v-1") +
                     " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Sec-WebSocket-Version: 13\r\n\r\n"));
  auto head = s.read_http_head();
  ASSERT_TRUE(head);
  ASSERT_NE(head->find(" 101 "), std::string::npos) << *head;
  // RFC 6455 5.1: a client must mask every frame; this binary frame is not masked.
  ASSERT_TRUE(s.send(std::string("\x82\x02hi", 4)));
  EXPECT_EQ(s.read_close_code(), v1::CLOSE_CODE_PROTOCOL_ERROR);
  auto other = srv.connect(srv.visitor_token("v-2"));
  EXPECT_TRUE(still_works(other));
}

}  // namespace
}  // namespace fenliu::testing
