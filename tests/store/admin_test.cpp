// The admin API's store operations (issue #11, part "admin"): stored config sections replaced
// with their audit row in one write, read back by shop, the audit log newest first, and both
// kept across a reopen.

#include <gtest/gtest.h>

#include "sqlite_test_util.hpp"
#include "store_suite.hpp"

namespace fenliu::store::test {
namespace {

std::uint64_t save(records& s, std::vector<admin_section_row> rows, audit_row audit) {
  waiter<std::uint64_t> w;
  EXPECT_FALSE(s.save_admin_change(std::move(rows), std::move(audit), w.cb()));
  auto r = w.get();
  EXPECT_FALSE(r.ec) << r.ec.message();
  return r.value;
}

std::vector<admin_section_row> sections(records& s, const std::string& shop) {
  auto r = read_sync<std::vector<admin_section_row>>(
      [&](auto cb) { s.admin_sections_of(shop, cb); });
  EXPECT_FALSE(r.ec) << r.ec.message();
  return r.value;
}

std::vector<audit_row> audit(records& s, const std::string& shop, std::size_t limit) {
  auto r = read_sync<std::vector<audit_row>>([&](auto cb) { s.audit_of(shop, limit, cb); });
  EXPECT_FALSE(r.ec) << r.ec.message();
  return r.value;
}

TEST_P(store_suite, admin_sections_are_replaced_by_name_with_their_audit_row) {
  auto s = open();
  EXPECT_TRUE(sections(*s, "shop-1").empty());
  EXPECT_TRUE(audit(*s, "shop-1", 10).empty());
  const auto first = save(*s,
                          {{"shop-1", "agents", R"([{"id":"a1"}])", 1000},
                           {"shop-1", "routing", R"({"wrap_up_s":5})", 1000}},
                          {0, "shop-1", 1000, "seed", "seed", "config", "{}"});
  const auto second = save(*s, {{"shop-1", "agents", R"([{"id":"a2"}])", 2000}},
                           {0, "shop-1", 2000, "boss", "create", "agents/a2",
                            R"({"after":{"id":"a2"}})"});
  save(*s, {{"shop-2", "agents", "[]", 3000}}, {0, "shop-2", 3000, "other", "seed", "config", "{}"});
  EXPECT_GT(second, first);

  const auto got = sections(*s, "shop-1");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].name, "agents");
  EXPECT_EQ(got[0].json, R"([{"id":"a2"}])");
  EXPECT_EQ(got[0].updated_at, 2000);
  EXPECT_EQ(got[1].name, "routing");
  EXPECT_EQ(got[1].json, R"({"wrap_up_s":5})");
  EXPECT_EQ(got[1].updated_at, 1000);

  const auto log = audit(*s, "shop-1", 10);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].id, second);
  EXPECT_EQ(log[0].actor, "boss");
  EXPECT_EQ(log[0].action, "create");
  EXPECT_EQ(log[0].target, "agents/a2");
  EXPECT_EQ(log[0].detail_json, R"({"after":{"id":"a2"}})");
  EXPECT_EQ(log[0].at_ms, 2000);
  EXPECT_EQ(log[1].id, first);
  EXPECT_EQ(audit(*s, "shop-1", 1).size(), 1u);
  EXPECT_EQ(audit(*s, "shop-2", 10).size(), 1u);
}

TEST_P(store_suite, admin_sections_and_the_audit_log_survive_a_reopen) {
  {
    auto s = open();
    save(*s, {{"shop-1", "faq", R"([{"id":"ship"}])", 0}},
         {0, "shop-1", 0, "boss", "replace", "faq", "{}"});
  }
  auto s = open();
  const auto got = sections(*s, "shop-1");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].json, R"([{"id":"ship"}])");
  EXPECT_GT(got[0].updated_at, 0);  // 0 took the store clock
  const auto log = audit(*s, "shop-1", 5);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_GT(log[0].at_ms, 0);
}

TEST(sqlite_admin, a_change_that_cannot_be_stored_leaves_neither_its_sections_nor_its_audit_row) {
  temp_dir dir;
  auto s = open_sqlite_store(sqlite_options_for(dir));
  save(*s, {{"shop-1", "agents", "[]", 0}}, {0, "shop-1", 0, "config", "seed", "agents", "{}"});
  // The disk is full: a small section with a big audit row cannot be stored, so neither is.
  waiter<bool> limited;
  ASSERT_FALSE(s->set_max_page_count(1, limited.cb()));
  ASSERT_FALSE(limited.get().ec);
  waiter<std::uint64_t> failed;
  ASSERT_FALSE(s->save_admin_change(
      {{"shop-1", "agents", R"([{"id":"a1"}])", 0}, {"shop-1", "routing", "{}", 0}},
      {0, "shop-1", 0, "boss", "create", "agents/a1", std::string(256 * 1024, 'x')},
      failed.cb()));
  EXPECT_EQ(failed.get().ec, errc::write_failed);
  waiter<bool> unlimited;
  ASSERT_FALSE(s->set_max_page_count(0, unlimited.cb()));
  ASSERT_FALSE(unlimited.get().ec);
  const auto got = sections(*s, "shop-1");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].json, "[]");
  EXPECT_EQ(audit(*s, "shop-1", 10).size(), 1u);
}

}  // namespace
}  // namespace fenliu::store::test
