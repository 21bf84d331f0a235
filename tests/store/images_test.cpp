// The images block of records: one row per upload, the uses by conversations, and retention.

#include <gtest/gtest.h>

#include <algorithm>

#include "store_suite.hpp"

namespace fenliu::store::test {
namespace {

const std::string id_a(64, 'a');
const std::string id_b(64, 'b');

image_row upload(const std::string& id, const std::string& uploader, time_ms at) {
  return image_row{id, "image/png", 640, 480, 1234, uploader, "shop-1", at};
}

void save(store& s, image_row row) {
  waiter<bool> w;
  ASSERT_FALSE(s.save_image(std::move(row), w.cb()));
  ASSERT_FALSE(w.get().ec);
}

outcome<std::vector<image_row>> get(store& s, const std::string& id) {
  return read_sync<std::vector<image_row>>([&](auto cb) { s.get_image(id, cb); });
}

TEST_P(store_suite, images_keep_one_row_per_uploader_and_answer_not_found_when_unknown) {
  auto s = open();
  save(*s, upload(id_a, "v-1", 1000));
  save(*s, upload(id_a, "v-1", 1500));  // the same upload again changes nothing
  save(*s, upload(id_a, "agent-1", 2000));
  auto got = get(*s, id_a);
  ASSERT_FALSE(got.ec);
  ASSERT_EQ(got.value.size(), 2U);
  EXPECT_EQ(got.value[0].uploader_id, "v-1");
  EXPECT_EQ(got.value[0].created_at, 1000);
  EXPECT_EQ(got.value[0].mime_type, "image/png");
  EXPECT_EQ(got.value[0].width, 640U);
  EXPECT_EQ(got.value[0].height, 480U);
  EXPECT_EQ(got.value[0].bytes, 1234U);
  EXPECT_EQ(got.value[0].shop_id, "shop-1");
  EXPECT_EQ(got.value[1].uploader_id, "agent-1");
  EXPECT_EQ(get(*s, id_b).ec, errc::not_found);
}

TEST_P(store_suite, image_uses_name_the_conversations_that_carry_an_image) {
  auto s = open();
  const auto c1 = create_sync(*s, conversation("buyer-1"));
  const auto c2 = create_sync(*s, conversation("buyer-2"));
  save(*s, upload(id_a, "buyer-1", 1000));
  ASSERT_FALSE(s->record_image_use(id_a, c2, 1100));
  ASSERT_FALSE(s->record_image_use(id_a, c1, 1200));
  ASSERT_FALSE(s->record_image_use(id_a, c1, 1300));  // again: one use, the later time
  // Uses have no callback: a later write's callback shows they are committed (one queue).
  save(*s, upload(id_b, "buyer-2", 1400));
  auto convs = read_sync<std::vector<conversation_record>>(
      [&](auto cb) { s->image_conversations(id_a, cb); });
  ASSERT_FALSE(convs.ec);
  ASSERT_EQ(convs.value.size(), 2U);
  EXPECT_EQ(convs.value[0].id, std::min(c1, c2));
  EXPECT_EQ(convs.value[1].id, std::max(c1, c2));
  auto none = read_sync<std::vector<conversation_record>>(
      [&](auto cb) { s->image_conversations(id_b, cb); });
  ASSERT_FALSE(none.ec);
  EXPECT_TRUE(none.value.empty());
}

TEST_P(store_suite, purge_images_deletes_those_no_kept_use_or_fresh_upload_holds) {
  auto s = open();
  const auto c = create_sync(*s, conversation("buyer-1"));
  const std::string used_late(64, 'c');
  save(*s, upload(id_a, "buyer-1", 1000));       // used early: goes
  save(*s, upload(id_b, "buyer-1", 1000));       // never used, old: goes
  save(*s, upload(used_late, "buyer-1", 1000));  // used after the cutoff: stays
  const std::string reuploaded(64, 'd');
  save(*s, upload(reuploaded, "buyer-1", 1000));  // uploaded again after the cutoff: stays
  save(*s, upload(reuploaded, "buyer-2", 6000));
  const std::string fresh(64, 'e');
  save(*s, upload(fresh, "buyer-1", 6000));  // new, not sent yet: stays
  ASSERT_FALSE(s->record_image_use(id_a, c, 2000));
  ASSERT_FALSE(s->record_image_use(used_late, c, 7000));

  waiter<std::vector<std::string>> purged;
  ASSERT_FALSE(s->purge_images_before(5000, purged.cb()));
  auto r = purged.get();
  ASSERT_FALSE(r.ec);
  EXPECT_EQ(r.value, (std::vector<std::string>{id_a, id_b}));
  EXPECT_EQ(get(*s, id_a).ec, errc::not_found);
  EXPECT_EQ(get(*s, id_b).ec, errc::not_found);
  EXPECT_FALSE(get(*s, used_late).ec);
  EXPECT_EQ(get(*s, reuploaded).value.size(), 2U);
  EXPECT_FALSE(get(*s, fresh).ec);
  auto convs = read_sync<std::vector<conversation_record>>(
      [&](auto cb) { s->image_conversations(id_a, cb); });
  EXPECT_TRUE(convs.value.empty()) << "the early use is gone with its image";
}

}  // namespace
}  // namespace fenliu::store::test
