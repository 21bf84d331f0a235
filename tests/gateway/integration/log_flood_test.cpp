// A client sending invalid UTF-8 cannot flood the logs: protobuf's complaints go to spdlog,
// rate limited, and none reach stderr directly.
#include <gtest/gtest.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

class counting_sink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::atomic<int> protobuf_lines{0};
  std::atomic<int> summaries{0};

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const std::string_view text(msg.payload.data(), msg.payload.size());
    if (text.starts_with("protobuf:")) {
      ++(text.find("suppressed") != std::string_view::npos ? summaries : protobuf_lines);
    }
  }
  void flush_() override {}
};

// A SendMessage whose text is not UTF-8, made by patching valid bytes: serializing the invalid
// string here would make this process's protobuf log too.
std::string invalid_utf8_frame() {
  auto bytes = send_text(1, "m1", "@@@@").SerializeAsString();
  const auto at = bytes.find("@@@@");
  bytes.replace(at, 4, "\xC3\x28\xA0\xA1");
  return bytes;
}

TEST(LogFlood, InvalidUtf8FramesLeaveABoundedNumberOfLogLines) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.limits.bad_frames_to_close = 100000;
  test_server srv(cfg);
  auto sink = std::make_shared<counting_sink>();
  spdlog::default_logger()->sinks().push_back(sink);
  auto c = srv.connect(srv.visitor_token("v-1"));

  constexpr int frames = 400;
  const auto frame = invalid_utf8_frame();
  const auto start = std::chrono::steady_clock::now();
  ::testing::internal::CaptureStderr();
  for (int i = 0; i < frames; ++i) {
    c.send_binary(frame);
  }
  int errors = 0;
  while (errors < frames) {
    auto e = c.receive();
    if (!e) {
      break;
    }
    errors += e->has_error() && e->error().code() == v1::ERROR_CODE_MALFORMED ? 1 : 0;
  }
  const std::string stderr_text = ::testing::internal::GetCapturedStderr();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  spdlog::default_logger()->sinks().pop_back();

  ASSERT_EQ(errors, frames) << "every frame was parsed and refused";
  EXPECT_TRUE(c.is_open());
  EXPECT_EQ(stderr_text.find("invalid UTF-8"), std::string::npos) << stderr_text.substr(0, 300);
  // The handler lets 10 lines through per one-second window: whatever the machine's speed, the
  // flood touched at most elapsed/1 s + 2 windows.
  const int windows =
      static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count()) + 2;
  EXPECT_GE(sink->protobuf_lines.load(), 1) << "protobuf's lines reach the project's logger";
  EXPECT_LE(sink->protobuf_lines.load(), 10 * windows);
  EXPECT_LE(sink->summaries.load(), windows);
  EXPECT_LT(10 * windows, frames) << "the bound above says nothing on a machine this slow";
}

}  // namespace
}  // namespace fenliu::testing
