// fenliu's own WebSocket framing (RFC 6455), server side: the frame reader on every way a
// client's bytes can arrive and every rule a frame can break, the server frame headers, and
// the handshake's answer.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gateway/websocket/ws_frame_reader.hpp"
#include "gateway/websocket/ws_frame_writer.hpp"
#include "gateway/websocket/ws_handshake.hpp"

namespace fenliu::gateway::ws {
namespace {

struct frame_options {
  bool fin = true;
  bool masked = true;
  unsigned rsv = 0;
  int force_len_bytes = 0;  // 2 or 8: a longer length encoding than needed
};

std::string client_frame(std::uint8_t op, const std::string& payload, frame_options o = {}) {
  std::string out;
  out += static_cast<char>((o.fin ? 0x80 : 0) | (o.rsv << 4) | op);
  const unsigned char mask_bit = o.masked ? 0x80 : 0;
  const std::uint64_t n = payload.size();
  if ((n < 126 && o.force_len_bytes == 0)) {
    out += static_cast<char>(mask_bit | n);
  } else if ((n <= 0xFFFF && o.force_len_bytes != 8) || o.force_len_bytes == 2) {
    out += static_cast<char>(mask_bit | 126);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n & 0xFF);
  } else {
    out += static_cast<char>(mask_bit | 127);
    for (int i = 7; i >= 0; --i) {
      out += static_cast<char>((n >> (8 * i)) & 0xFF);
    }
  }
  const unsigned char key[4] = {0x37, 0xfa, 0x21, 0x3d};
  if (o.masked) {
    out.append(reinterpret_cast<const char*>(key), 4);
  }
  for (std::size_t i = 0; i < payload.size(); ++i) {
    out += o.masked ? static_cast<char>(payload[i] ^ key[i % 4]) : payload[i];
  }
  return out;
}

constexpr std::uint8_t op_cont = 0x0, op_text = 0x1, op_binary = 0x2, op_close = 0x8,
                       op_ping = 0x9, op_pong = 0xA;

std::string close_payload(std::uint16_t code, const std::string& reason = {}) {
  std::string p;
  p += static_cast<char>(code >> 8);
  p += static_cast<char>(code & 0xFF);
  return p + reason;
}

// Records what the reader reports, as text lines.
struct recorder : reader_events {
  std::vector<std::string> seen;
  void on_message(bool binary, std::string_view payload) override {
    seen.push_back(std::string(binary ? "binary:" : "text:") + std::string(payload));
  }
  void on_ping(std::string_view payload) override { seen.push_back("ping:" + std::string(payload)); }
  void on_pong() override { seen.push_back("pong"); }
  void on_close(std::uint16_t code) override { seen.push_back("close:" + std::to_string(code)); }
  void on_error(close_code code) override {
    seen.push_back("error:" + std::to_string(static_cast<int>(code)));
  }
};

std::vector<std::string> read_all(const std::string& bytes, std::size_t max = 1024) {
  frame_reader r(max);
  recorder rec;
  std::string copy = bytes;
  r.feed(copy.data(), copy.size(), rec);
  return rec.seen;
}

using lines = std::vector<std::string>;

TEST(WsFrameReader, AMaskedFrameIsUnmaskedAndReported) {
  EXPECT_EQ(read_all(client_frame(op_binary, "hello")), lines{"binary:hello"});
  EXPECT_EQ(read_all(client_frame(op_text, "你好")), lines{"text:你好"});
  EXPECT_EQ(read_all(client_frame(op_binary, "")), lines{"binary:"});
}

TEST(WsFrameReader, FramesCutAnywhereAcrossReadsAreReportedOnceInOrder) {
  const std::string bytes = client_frame(op_binary, "first") +
                            client_frame(op_binary, std::string(300, 'x')) +
                            client_frame(op_ping, "p") + client_frame(op_binary, "last");
  const lines expected{"binary:first", "binary:" + std::string(300, 'x'), "ping:p",
                       "binary:last"};
  EXPECT_EQ(read_all(bytes), expected);
  for (std::size_t piece : {1u, 2u, 3u, 7u, 64u}) {
    frame_reader r(1024);
    recorder rec;
    for (std::size_t at = 0; at < bytes.size(); at += piece) {
      std::string chunk = bytes.substr(at, piece);
      r.feed(chunk.data(), chunk.size(), rec);
    }
    EXPECT_EQ(rec.seen, expected) << "pieces of " << piece;
    EXPECT_LE(r.held_bytes(), 256u) << "nothing large is kept once used";
  }
}

TEST(WsFrameReader, AnUnmaskedFrameIsAProtocolErrorAndLaterInputIsIgnored) {
  EXPECT_EQ(read_all(client_frame(op_binary, "hi", {.masked = false}) +
                     client_frame(op_binary, "after")),
            lines{"error:1002"});
}

TEST(WsFrameReader, ReservedBitsAndUnknownOpcodesAreProtocolErrors) {
  for (unsigned rsv : {1u, 2u, 4u}) {
    EXPECT_EQ(read_all(client_frame(op_binary, "x", {.rsv = rsv})), lines{"error:1002"}) << rsv;
  }
  for (std::uint8_t op : {0x3, 0x7, 0xB, 0xF}) {
    EXPECT_EQ(read_all(client_frame(op, "x")), lines{"error:1002"}) << int(op);
  }
}

TEST(WsFrameReader, TheSizeLimitPassesAtTheBoundAndFailsOneByteOverFromTheHeaderAlone) {
  EXPECT_EQ(read_all(client_frame(op_binary, std::string(1024, 'a')), 1024),
            lines{"binary:" + std::string(1024, 'a')});
  // Only the header of an oversized frame is given: the reader refuses it without its payload.
  const std::string big = client_frame(op_binary, std::string(1025, 'a'));
  EXPECT_EQ(read_all(big.substr(0, 8), 1024), lines{"error:1009"});
  const std::string huge = client_frame(op_binary, std::string(70000, 'a'));
  EXPECT_EQ(read_all(huge.substr(0, 14), 1024), lines{"error:1009"});
}

TEST(WsFrameReader, LengthsMustUseTheShortestEncodingAndFitIn63Bits) {
  EXPECT_EQ(read_all(client_frame(op_binary, std::string(200, 'b'))),
            lines{"binary:" + std::string(200, 'b')});
  EXPECT_EQ(read_all(client_frame(op_binary, "short", {.force_len_bytes = 2})),
            lines{"error:1002"});
  EXPECT_EQ(read_all(client_frame(op_binary, "short", {.force_len_bytes = 8})),
            lines{"error:1002"});
  std::string top_bit("\x82\xFF\x80\x00\x00\x00\x00\x00\x00\x00\x01\x02\x03\x04", 14);
  EXPECT_EQ(read_all(top_bit), lines{"error:1002"});
}

TEST(WsFrameReader, FragmentsAreJoinedAndControlFramesMayComeBetweenThem) {
  EXPECT_EQ(read_all(client_frame(op_text, "he", {.fin = false}) + client_frame(op_ping, "") +
                     client_frame(op_cont, "ll", {.fin = false}) + client_frame(op_cont, "o")),
            (lines{"ping:", "text:hello"}));
  EXPECT_EQ(read_all(client_frame(op_binary, "a", {.fin = false}) + client_frame(op_cont, "b") +
                     client_frame(op_binary, "c")),
            (lines{"binary:ab", "binary:c"}));
}

TEST(WsFrameReader, FragmentsOutOfPlaceOrOverTheLimitFailTheConnection) {
  EXPECT_EQ(read_all(client_frame(op_cont, "x")), lines{"error:1002"});
  EXPECT_EQ(read_all(client_frame(op_binary, "a", {.fin = false}) +
                     client_frame(op_binary, "b")),
            lines{"error:1002"});
  EXPECT_EQ(read_all(client_frame(op_binary, std::string(600, 'a'), {.fin = false}) +
                         client_frame(op_cont, std::string(424, 'b')),
                     1024),
            lines{"binary:" + std::string(600, 'a') + std::string(424, 'b')});
  EXPECT_EQ(read_all(client_frame(op_binary, std::string(600, 'a'), {.fin = false}) +
                         client_frame(op_cont, std::string(425, 'b')),
                     1024),
            lines{"error:1009"});
}

TEST(WsFrameReader, ControlFramesMustBeShortAndFinal) {
  EXPECT_EQ(read_all(client_frame(op_ping, std::string(125, 'p'))),
            lines{"ping:" + std::string(125, 'p')});
  EXPECT_EQ(read_all(client_frame(op_ping, std::string(126, 'p'))), lines{"error:1002"});
  EXPECT_EQ(read_all(client_frame(op_pong, "", {.fin = false})), lines{"error:1002"});
  EXPECT_EQ(read_all(client_frame(op_pong, "whatever")), lines{"pong"});
}

TEST(WsFrameReader, ACloseFrameEndsTheInputAndItsCodeIsChecked) {
  EXPECT_EQ(read_all(client_frame(op_close, close_payload(1000)) + client_frame(op_binary, "x")),
            lines{"close:1000"});
  EXPECT_EQ(read_all(client_frame(op_close, "")), lines{"close:0"});
  EXPECT_EQ(read_all(client_frame(op_close, close_payload(4500, "bye"))), lines{"close:4500"});
  EXPECT_EQ(read_all(client_frame(op_close, "\x03")), lines{"error:1002"});
  for (std::uint16_t bad : {999, 1004, 1005, 1006, 1015, 2999, 5000}) {
    EXPECT_EQ(read_all(client_frame(op_close, close_payload(bad))), lines{"error:1002"}) << bad;
  }
  EXPECT_EQ(read_all(client_frame(op_close, close_payload(1000, "\xC3\x28"))),
            lines{"error:1007"});
}

TEST(WsFrameReader, TextThatIsNotUtf8FailsWith1007EvenWhenValidPiecesAreSplit) {
  EXPECT_EQ(read_all(client_frame(op_text, "\xFF")), lines{"error:1007"});
  // "中" (E4 B8 AD) cut between two fragments is valid as a message.
  EXPECT_EQ(read_all(client_frame(op_text, "\xE4\xB8", {.fin = false}) +
                     client_frame(op_cont, "\xAD")),
            lines{"text:中"});
  EXPECT_EQ(read_all(client_frame(op_text, "\xE4\xB8", {.fin = false}) +
                     client_frame(op_cont, "!")),
            lines{"error:1007"});
  // Binary payloads are not text: any bytes.
  EXPECT_EQ(read_all(client_frame(op_binary, "\xFF")), lines{"binary:\xFF"});
}

TEST(WsUtf8, AcceptsWellFormedTextAndRefusesEveryMalformation) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii that is longer than eight bytes"));
  EXPECT_TRUE(is_valid_utf8("é 中文 𝄞 \xF4\x8F\xBF\xBF"));
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));          // overlong NUL
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE4\xB8"));          // cut short
  EXPECT_FALSE(is_valid_utf8("\x80"));              // a continuation byte first
  EXPECT_FALSE(is_valid_utf8("abcdefgh\xE4\x41\x41"));
}

TEST(WsFrameWriter, HeadersUseTheShortestLengthAndAreNeverMasked) {
  unsigned char h[max_frame_header_bytes];
  EXPECT_EQ(write_frame_header(h, opcode::binary, 0), 2u);
  EXPECT_EQ(h[0], 0x82);
  EXPECT_EQ(h[1], 0x00);
  EXPECT_EQ(write_frame_header(h, opcode::binary, 125), 2u);
  EXPECT_EQ(h[1], 125);
  EXPECT_EQ(write_frame_header(h, opcode::binary, 126), 4u);
  EXPECT_EQ(h[1], 126);
  EXPECT_EQ((h[2] << 8) | h[3], 126);
  EXPECT_EQ(write_frame_header(h, opcode::binary, 65535), 4u);
  EXPECT_EQ(write_frame_header(h, opcode::pong, 65536), 10u);
  EXPECT_EQ(h[0], 0x8A);
  EXPECT_EQ(h[1], 127);
  EXPECT_EQ(h[7], 0x01);
  EXPECT_EQ(h[8], 0x00);
  std::string close;
  append_close_frame(close, 4001);
  EXPECT_EQ(close, std::string("\x88\x02\x0F\xA1", 4));
}

TEST(WsHandshake, TheAcceptKeyIsTheRfcsAndBadRequestsAreRefused) {
  // RFC 6455 section 1.3's example.
  EXPECT_EQ(accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  const auto ok = answer_handshake("dGhlIHNhbXBsZSBub25jZQ==", "13");
  EXPECT_TRUE(ok.accepted);
  EXPECT_EQ(ok.response.rfind("HTTP/1.1 101 Switching Protocols\r\n", 0), 0u);
  EXPECT_NE(ok.response.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"),
            std::string::npos);
  EXPECT_TRUE(ok.response.ends_with("\r\n\r\n"));

  const auto old_version = answer_handshake("dGhlIHNhbXBsZSBub25jZQ==", "8");
  EXPECT_FALSE(old_version.accepted);
  EXPECT_EQ(old_version.response.rfind("HTTP/1.1 426 ", 0), 0u);
  EXPECT_NE(old_version.response.find("Sec-WebSocket-Version: 13\r\n"), std::string::npos);
  for (const char* key : {"", "short==", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25j*Q=="}) {
    const auto bad = answer_handshake(key, "13");
    EXPECT_FALSE(bad.accepted) << key;
    EXPECT_EQ(bad.response.rfind("HTTP/1.1 400 ", 0), 0u) << key;
  }
}

}  // namespace
}  // namespace fenliu::gateway::ws
