// Read marks (only forward) and the stored transfer note (part "receipts").

#include <gtest/gtest.h>

#include "store_suite.hpp"

namespace fenliu::store::test {
namespace {

seq_t mark_sync(store& s, read_mark_row row) {
  waiter<seq_t> w;
  EXPECT_FALSE(s.save_read_mark(std::move(row), w.cb()));
  auto r = w.get();
  EXPECT_FALSE(r.ec) << r.ec.message();
  return r.value;
}

TEST_P(store_suite, read_marks_only_move_forward) {
  auto s = open();
  const auto c = create_sync(*s, conversation("buyer-1"));
  EXPECT_EQ(mark_sync(*s, {c, "buyer-1", sender_role::customer, 3, 100}), 3u);
  EXPECT_EQ(mark_sync(*s, {c, "buyer-1", sender_role::customer, 2, 200}), 3u);  // kept
  EXPECT_EQ(mark_sync(*s, {c, "agent-1", sender_role::agent, 5, 300}), 5u);
  EXPECT_EQ(mark_sync(*s, {c, "buyer-1", sender_role::customer, 7, 400}), 7u);
  auto marks =
      read_sync<std::vector<read_mark_row>>([&](auto cb) { s->read_marks_of(c, cb); });
  ASSERT_FALSE(marks.ec);
  ASSERT_EQ(marks.value.size(), 2u);
  EXPECT_EQ(marks.value[0].reader_id, "agent-1");
  EXPECT_EQ(marks.value[0].role, sender_role::agent);
  EXPECT_EQ(marks.value[0].last_read_seq, 5u);
  EXPECT_EQ(marks.value[1].reader_id, "buyer-1");
  EXPECT_EQ(marks.value[1].last_read_seq, 7u);
  EXPECT_EQ(marks.value[1].at, 400);
  auto none = read_sync<std::vector<read_mark_row>>([&](auto cb) { s->read_marks_of(c + 99, cb); });
  ASSERT_FALSE(none.ec);
  EXPECT_TRUE(none.value.empty());
}

TEST_P(store_suite, the_latest_transfer_note_is_kept) {
  auto s = open();
  const auto c = create_sync(*s, conversation("buyer-1"));
  auto note = read_sync<std::string>([&](auto cb) { s->transfer_note_of(c, cb); });
  ASSERT_FALSE(note.ec);
  EXPECT_EQ(note.value, "");
  waiter<bool> w1;
  ASSERT_FALSE(s->save_transfer_note(c, "要发票 invoice", w1.cb()));
  ASSERT_FALSE(w1.get().ec);
  waiter<bool> w2;
  ASSERT_FALSE(s->save_transfer_note(c, "VIP 退款 refund", w2.cb()));
  ASSERT_FALSE(w2.get().ec);
  note = read_sync<std::string>([&](auto cb) { s->transfer_note_of(c, cb); });
  EXPECT_EQ(note.value, "VIP 退款 refund");
}

}  // namespace
}  // namespace fenliu::store::test
