// The multipart reader: the boundary from the Content-Type, quoted or not; CRLF framing; the
// parts and their names; and the malformed bodies it refuses.
#include "gateway/http/multipart.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace fenliu::gateway {
namespace {

using namespace std::string_literals;

TEST(MultipartBoundary, TokenAndQuotedBoundaries) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=----WebKitFormBoundaryX1"),
            "----WebKitFormBoundaryX1");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data;boundary=abc;charset=utf-8"), "abc");
  EXPECT_EQ(multipart_boundary(R"(multipart/form-data; charset=utf-8; boundary="a b:c")"),
            "a b:c");
  EXPECT_EQ(multipart_boundary("multipart/form-data; BOUNDARY=x"), "x");
}

TEST(MultipartBoundary, MissingOrMalformedBoundaries) {
  EXPECT_FALSE(multipart_boundary("multipart/form-data"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; charset=utf-8"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary="));
  EXPECT_FALSE(multipart_boundary(R"(multipart/form-data; boundary="unterminated)"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'a')));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=a\"b"));
  EXPECT_FALSE(multipart_boundary("multipart/mixed; boundary=abc"));
  EXPECT_FALSE(multipart_boundary("image/png"));
  EXPECT_TRUE(is_multipart("multipart/mixed; boundary=abc"));
  EXPECT_TRUE(is_multipart(" MULTIPART/form-data"));
  EXPECT_FALSE(is_multipart("image/png"));
  EXPECT_FALSE(is_multipart(""));
}

TEST(MultipartParse, PartsWithNamesFilenamesAndBinaryBodies) {
  const auto body =
      "preamble to ignore\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"note\"\r\n"
      "\r\n"
      "hello\r\n"
      "--XyZ\r\n"
      "content-disposition: form-data; name=\"file\"; filename=\"a;b.png\"\r\n"
      "Content-Type: image/png\r\n"
      "\r\n"
      "\x89PNG\r\n\0\r\n--Xy\r\n"s
      "\r\n"
      "--XyZ--\r\n"
      "epilogue";
  auto r = parse_multipart("XyZ", body);
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.parts.size(), 2U);
  EXPECT_EQ(r.parts[0].name, "note");
  EXPECT_EQ(r.parts[0].body, "hello");
  EXPECT_EQ(r.parts[1].name, "file");
  EXPECT_EQ(r.parts[1].filename, "a;b.png");
  EXPECT_EQ(r.parts[1].content_type, "image/png");
  // CRLFs and a near-delimiter inside the content are kept; only CRLF--XyZ ends it.
  EXPECT_EQ(r.parts[1].body, "\x89PNG\r\n\0\r\n--Xy\r\n"s);
}

TEST(MultipartParse, EmptyPartBodyAndNoPreamble) {
  auto r =
      parse_multipart("b", "--b\r\nContent-Disposition: form-data; name=file\r\n\r\n\r\n--b--");
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.parts.size(), 1U);
  EXPECT_EQ(r.parts[0].name, "file");
  EXPECT_EQ(r.parts[0].body, "");
}

TEST(MultipartParse, MalformedBodiesAreRefusedWithNoParts) {
  const std::string part = "Content-Disposition: form-data; name=\"file\"\r\n\r\nbytes";
  for (const std::string& body : std::vector<std::string>{
           "no delimiter at all"s,
           "--b\r\n" + part,                                      // no closing delimiter
           "--b\r\n" + part + "\r\n--b",                          // delimiter without -- or CRLF
           "--b\n" + part + "\r\n--b--",                          // bare LF after the delimiter
           "--b\r\nContent-Disposition: form-data; name=\"file\"\r\nbytes\r\n--b--",  // no blank
           "--b\r\nContent-Type: image/png\r\n\r\nbytes\r\n--b--",  // no disposition
           "--b\r\nContent-Disposition: attachment; name=\"file\"\r\n\r\nx\r\n--b--",
           "--b\r\nContent-Disposition: form-data; name=\"file\r\n\r\nx\r\n--b--",
           "--b\r\nno colon here\r\n\r\nx\r\n--b--",
       }) {
    auto r = parse_multipart("b", body);
    EXPECT_NE(r.error, "") << body;
    EXPECT_TRUE(r.parts.empty()) << body;
  }
}

}  // namespace
}  // namespace fenliu::gateway
