// The relay wire format between cluster nodes: every kind round-trips, bytes that are not a
// relay message are refused (never half-read), and a tunnel's numbering finds lost messages.

#include "gateway/relay/relay_wire.hpp"

#include <gtest/gtest.h>

namespace fenliu::gateway::relay {
namespace {

TEST(RelayWire, EveryKindRoundTrips) {
  relay_message open;
  open.kind = relay_kind::open;
  open.node = "node-b";
  open.session = 42;
  open.tseq = 1;
  open.who = identity{role::supervisor, "sup-1", "shop-1", 1'900'000'000};
  auto o = decode(encode(open));
  ASSERT_TRUE(o);
  EXPECT_EQ(o->kind, relay_kind::open);
  EXPECT_EQ(o->node, "node-b");
  EXPECT_EQ(o->session, 42u);
  EXPECT_EQ(o->tseq, 1u);
  EXPECT_EQ(o->who.role_, role::supervisor);
  EXPECT_EQ(o->who.subject, "sup-1");
  EXPECT_EQ(o->who.shop_id, "shop-1");
  EXPECT_EQ(o->who.expires_at_s, 1'900'000'000);

  const std::string body("\x0a\x00\xff frame bytes", 15);
  relay_message push;
  push.kind = relay_kind::push;
  push.session = 7;
  push.tseq = 9;
  push.epoch = 3;
  push.cls = delivery_class::ephemeral;
  push.payload = body;
  const auto push_bytes = encode(push);
  auto p = decode(push_bytes);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind, relay_kind::push);
  EXPECT_EQ(p->epoch, 3);
  EXPECT_EQ(p->cls, delivery_class::ephemeral);
  EXPECT_EQ(p->payload, body) << "binary payloads pass unchanged";

  relay_message end;
  end.kind = relay_kind::end;
  end.session = 7;
  end.code = 4102;
  auto e = decode(encode(end));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, 4102);

  relay_message roster;
  roster.kind = relay_kind::roster;
  roster.node = "node-c";
  roster.sessions = {1, 5, 1ull << 40};
  auto r = decode(encode(roster));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->sessions, roster.sessions);

  relay_message beat;
  beat.kind = relay_kind::beat;
  beat.node = "node-a";
  beat.epoch = 12;
  beat.payload = "10.0.0.7:8080";  // where the owner serves HTTP
  const auto beat_bytes = encode(beat);
  auto b = decode(beat_bytes);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->node, "node-a");
  EXPECT_EQ(b->epoch, 12);
  EXPECT_EQ(b->payload, "10.0.0.7:8080");
}

TEST(RelayWire, RefusesWhatIsNotARelayMessage) {
  EXPECT_FALSE(decode(""));
  EXPECT_FALSE(decode("hello"));
  relay_message beat;
  beat.kind = relay_kind::beat;
  beat.node = "node-a";
  auto bytes = encode(beat);
  auto other_version = bytes;
  other_version[0] = 2;
  EXPECT_FALSE(decode(other_version));
  auto unknown_kind = bytes;
  unknown_kind[1] = 99;
  EXPECT_FALSE(decode(unknown_kind));
  EXPECT_FALSE(decode(bytes.substr(0, bytes.size() - 1))) << "truncated";
  relay_message end;
  end.kind = relay_kind::end;
  end.code = 1001;
  const auto end_bytes = encode(end);
  ASSERT_TRUE(decode(end_bytes));
  EXPECT_FALSE(decode(end_bytes + "x")) << "trailing bytes";
  relay_message roster;
  roster.kind = relay_kind::roster;
  roster.sessions = {1, 2};
  auto r = encode(roster);
  EXPECT_FALSE(decode(r.substr(0, r.size() - 3))) << "a roster cut inside an id";
}

TEST(TunnelOrder, NumbersFromOneAndFindsAGapOrARepeat) {
  tunnel_order out;
  EXPECT_EQ(out.next_out(), 1u);
  EXPECT_EQ(out.next_out(), 2u);
  tunnel_order in;
  EXPECT_TRUE(in.accept(1));
  EXPECT_TRUE(in.accept(2));
  EXPECT_FALSE(in.accept(2)) << "a repeat";
  EXPECT_FALSE(in.accept(4)) << "3 was lost";
  tunnel_order fresh;
  EXPECT_FALSE(fresh.accept(2)) << "the first message was lost";
}

}  // namespace
}  // namespace fenliu::gateway::relay
