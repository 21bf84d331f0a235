// Type and size from the bytes alone, for each format, and the refusals: truncated headers,
// zero sizes, text that claims to be an image.
#include "gateway/http/image_sniff.hpp"

#include <gtest/gtest.h>

#include <string>

namespace fenliu::gateway {
namespace {

using namespace std::string_literals;

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}
std::string le16(std::uint32_t v) {
  return {static_cast<char>(v), static_cast<char>(v >> 8)};
}
std::string le24(std::uint32_t v) {
  return le16(v) + static_cast<char>(v >> 16);
}

std::string png(std::uint32_t w, std::uint32_t h) {
  return "\x89PNG\r\n\x1a\n"s + be32(13) + "IHDR" + be32(w) + be32(h) + "\x08\x06\0\0\0"s +
         "CRC!";
}
std::string gif(std::uint32_t w, std::uint32_t h) {
  return "GIF89a" + le16(w) + le16(h) + "\xf7\0\0"s;
}
// SOI, an APP0 segment, a DQT-like filler, then SOF2 (progressive) with the size.
std::string jpeg(std::uint32_t w, std::uint32_t h, char sof = '\xc2') {
  std::string app0 = "\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0"s;
  std::string sof_segment = "\xff"s + sof + "\0\x11\x08"s +
                            std::string{static_cast<char>(h >> 8), static_cast<char>(h)} +
                            std::string{static_cast<char>(w >> 8), static_cast<char>(w)} +
                            "\x03\x01\x22\0\x02\x11\x01\x03\x11\x01"s;
  return "\xff\xd8"s + app0 + "\xff\xff" + sof_segment + "\xff\xd9"s;
}
std::string riff(const std::string& chunk) {
  return "RIFF" + std::string(4, '\0') + "WEBP" + chunk;
}

TEST(ImageSniff, PngSizeFromIhdr) {
  auto info = sniff_image(png(640, 480));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->mime_type, "image/png");
  EXPECT_EQ(info->width, 640U);
  EXPECT_EQ(info->height, 480U);
}

TEST(ImageSniff, GifSizeFromLogicalScreen) {
  auto info = sniff_image(gif(300, 2));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->mime_type, "image/gif");
  EXPECT_EQ(info->width, 300U);
  EXPECT_EQ(info->height, 2U);
  EXPECT_TRUE(sniff_image("GIF87a" + le16(1) + le16(1)));
}

TEST(ImageSniff, JpegSizeFromSofAfterOtherSegmentsAndFillBytes) {
  auto info = sniff_image(jpeg(1024, 768));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->mime_type, "image/jpeg");
  EXPECT_EQ(info->width, 1024U);
  EXPECT_EQ(info->height, 768U);
  auto baseline = sniff_image(jpeg(7, 9, '\xc0'));
  ASSERT_TRUE(baseline);
  EXPECT_EQ(baseline->width, 7U);
  // DHT (C4) is in the SOF range but is no frame header: the size is not read from it.
  EXPECT_FALSE(sniff_image(jpeg(7, 9, '\xc4')));
}

TEST(ImageSniff, WebpLossyLosslessAndExtended) {
  // VP8: frame tag, start code, 14-bit sizes (the top two bits are the scale).
  auto lossy = sniff_image(riff("VP8 " + std::string(4, '\0') + "\x30\x01\0\x9d\x01\x2a"s +
                                le16(0x4000 | 320) + le16(200) + "xx"));
  ASSERT_TRUE(lossy);
  EXPECT_EQ(lossy->mime_type, "image/webp");
  EXPECT_EQ(lossy->width, 320U);
  EXPECT_EQ(lossy->height, 200U);
  // VP8L: 0x2f, then width - 1 and height - 1 in 14 bits each.
  const std::uint32_t bits = (99U) | (49U << 14);
  const std::string size_bits{static_cast<char>(bits), static_cast<char>(bits >> 8),
                              static_cast<char>(bits >> 16), static_cast<char>(bits >> 24)};
  auto lossless = sniff_image(riff("VP8L" + std::string(4, '\0') + "\x2f" + size_bits));
  ASSERT_TRUE(lossless);
  EXPECT_EQ(lossless->width, 100U);
  EXPECT_EQ(lossless->height, 50U);
  // VP8X: flags, reserved, 24-bit canvas width - 1 and height - 1.
  auto extended =
      sniff_image(riff("VP8X" + std::string(4, '\0') + "\x10\0\0\0"s + le24(4999) + le24(0)));
  ASSERT_TRUE(extended);
  EXPECT_EQ(extended->width, 5000U);
  EXPECT_EQ(extended->height, 1U);
}

TEST(ImageSniff, TruncatedHeadersAreRefused) {
  for (const auto& full : {png(10, 10), gif(10, 10), jpeg(10, 10)}) {
    ASSERT_TRUE(sniff_image(full));
  }
  EXPECT_FALSE(sniff_image(png(10, 10).substr(0, 23)));
  EXPECT_FALSE(sniff_image(gif(10, 10).substr(0, 9)));
  // Cut inside the SOF segment, and before it.
  const auto j = jpeg(10, 10);
  const auto sof = j.find("\xff\xc2");
  EXPECT_FALSE(sniff_image(j.substr(0, sof + 8)));
  EXPECT_FALSE(sniff_image(j.substr(0, sof)));
  EXPECT_FALSE(sniff_image(riff("VP8X" + std::string(4, '\0') + "\x10\0\0\0"s + le24(1))));
  EXPECT_FALSE(sniff_image(riff("VP8 ")));
  EXPECT_FALSE(sniff_image("\x89PNG\r\n\x1a\n"s));
  EXPECT_FALSE(sniff_image("\xff\xd8\xff"s));
}

TEST(ImageSniff, ZeroSizesAndWrongFirstChunksAreRefused) {
  EXPECT_FALSE(sniff_image(png(0, 10)));
  EXPECT_FALSE(sniff_image(gif(10, 0)));
  EXPECT_FALSE(sniff_image(jpeg(10, 0)));
  auto not_ihdr = png(10, 10);
  not_ihdr.replace(12, 4, "tEXt");
  EXPECT_FALSE(sniff_image(not_ihdr));
  EXPECT_FALSE(sniff_image(riff("ALPH" + std::string(20, '\0'))));
}

TEST(ImageSniff, TextNamedPngIsNotAnImage) {
  EXPECT_FALSE(sniff_image("hello, this is x.png but only text\n"));
  EXPECT_FALSE(sniff_image(""));
  EXPECT_FALSE(sniff_image("PNG"));
  EXPECT_FALSE(sniff_image("RIFF\0\0\0\0WAVEfmt "s));
  EXPECT_FALSE(sniff_image("<svg xmlns='http://www.w3.org/2000/svg'/>"));
}

}  // namespace
}  // namespace fenliu::gateway
