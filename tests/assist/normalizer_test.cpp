#include <gtest/gtest.h>

#include "fenliu/assist/text_normalizer.hpp"

namespace fenliu::assist {
namespace {

TEST(normalizer, table) {
  struct row {
    const char* in;
    const char* out;
  };
  const row rows[] = {
      {"什么时候发货?", "什么时候发货"},
      {"ＡＢＣ１２３", "abc123"},     // full-width forms
      {"亲！！在吗？？", "亲 在吗"},  // full-width punctuation is a boundary
      {"Don't need an INVOICE", "dont need an invoice"},
      {"don’t", "dont"},
      {"包邮吗😊😊", "包邮吗"},           // emoji
      {"  多久　发货  ", "多久 发货"},  // ideographic space, trimming
      {"size偏大吗", "size偏大吗"},
      {"É", "é"},
      {"", ""},
  };
  for (const row& r : rows) {
    EXPECT_EQ(normalize_utf8(r.in), r.out) << r.in;
  }
}

TEST(normalizer, invalid_utf8_is_replaced_not_thrown) {
  const std::string bad = std::string("ab") + char(0xE5) + char(0x8F) + "c" + char(0xFF);
  EXPECT_EQ(decode_utf8(bad), (std::u32string{U'a', U'b', 0xFFFD, 0xFFFD, U'c', 0xFFFD}));
  EXPECT_EQ(normalize_utf8(bad), "ab c");
  // Overlong encoding of '/' and a surrogate.
  EXPECT_EQ(decode_utf8("\xC0\xAF"), (std::u32string{0xFFFD, 0xFFFD}));
  EXPECT_EQ(decode_utf8("\xED\xA0\x80"), (std::u32string{0xFFFD, 0xFFFD, 0xFFFD}));
}

TEST(normalizer, round_trip) {
  const std::string s = "发货 ship 🚚 𠀀";
  EXPECT_EQ(encode_utf8(decode_utf8(s)), s);
}

}  // namespace
}  // namespace fenliu::assist
