// The hub hands frames to sessions after releasing its lock: a session whose mailbox calls back
// into the hub (as a closing session detaching itself would) does not deadlock it.
#include "gateway/app/hub.hpp"

#include <gtest/gtest.h>

#include <future>

namespace fenliu::gateway {
namespace {

// A mailbox that asks the hub something on every delivery.
class reentrant_sink : public session_sink {
 public:
  reentrant_sink(const hub& h, identity who) : hub_(h), who_(std::move(who)) {}
  send_status deliver(frame_ptr, delivery_class) override {
    ++delivered;
    saw_peer_connected = hub_.is_connected("pre-1");
    return send_status::queued;
  }
  void close(close_code) override {}
  const identity& who() const noexcept override { return who_; }
  std::uint64_t session_id() const noexcept override { return 1; }

  int delivered = 0;
  bool saw_peer_connected = false;

 private:
  const hub& hub_;
  identity who_;
};

identity person(role r, std::string subject) {
  identity who;
  who.role_ = r;
  who.subject = std::move(subject);
  return who;
}

TEST(Hub, DeliversOutsideItsLockSoAMailboxMayCallBackIntoIt) {
  hub h(4);
  auto customer = std::make_shared<reentrant_sink>(h, person(role::customer, "v-1"));
  auto agent = std::make_shared<reentrant_sink>(h, person(role::agent, "pre-1"));
  ASSERT_TRUE(h.attach(customer));
  ASSERT_TRUE(h.attach(agent));
  conversation_entry c;
  c.id = 1;
  c.customer = "v-1";
  c.agent = "pre-1";
  h.put_conversation(c);
  const auto frame = std::make_shared<const std::string>("x");

  // Delivering under the lock would deadlock here (the mailbox takes the same mutex).
  auto done = std::async(std::launch::async, [&] {
    h.fan_out(1, frame, false, nullptr);
    h.send_to("v-1", frame);
    h.send_to_role(role::agent, frame);
  });
  ASSERT_EQ(done.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(customer->delivered, 2);
  EXPECT_EQ(agent->delivered, 2);
  EXPECT_TRUE(customer->saw_peer_connected);

  // The sender's own session is skipped, and a staff-only frame skips the customer.
  h.fan_out(1, frame, true, agent.get());
  EXPECT_EQ(customer->delivered, 2);
  EXPECT_EQ(agent->delivered, 2);
}

}  // namespace
}  // namespace fenliu::gateway
