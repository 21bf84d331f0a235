#include "fenliu/assist/text_normalizer.hpp"

namespace fenliu::assist {
namespace {

constexpr char32_t replacement = 0xFFFD;

// Length of the sequence a lead byte announces, 0 for a byte that cannot start one.
int sequence_length(unsigned char lead) {
  if (lead < 0x80) {
    return 1;
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    return 2;
  }
  if (lead >= 0xE0 && lead <= 0xEF) {
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    return 4;
  }
  return 0;
}

char32_t fold(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) {  // full-width ASCII forms
    c -= 0xFEE0;
  } else if (c == 0x3000) {  // ideographic space
    c = U' ';
  }
  if (c >= U'A' && c <= U'Z') {
    c += U'a' - U'A';
  } else if (c >= 0xC0 && c <= 0xDE && c != 0xD7) {
    c += 0x20;
  }
  return c;
}

}  // namespace

std::u32string decode_utf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const int len = sequence_length(lead);
    if (len == 0 || i + static_cast<std::size_t>(len) > text.size()) {
      out.push_back(replacement);
      ++i;
      continue;
    }
    if (len == 1) {
      out.push_back(lead);
      ++i;
      continue;
    }
    char32_t c = lead & (0x7F >> len);
    bool ok = true;
    for (int k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(text[i + k]);
      if ((b & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      c = (c << 6) | (b & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not characters.
    const bool overlong = (len == 3 && c < 0x800) || (len == 4 && c < 0x10000);
    if (!ok || overlong || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) {
      out.push_back(replacement);
      ++i;
      continue;
    }
    out.push_back(c);
    i += static_cast<std::size_t>(len);
  }
  return out;
}

std::string encode_utf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  for (char32_t c : text) {
    if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) {
      c = replacement;
    }
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

bool is_cjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F) ||
         (c >= 0x3040 && c <= 0x30FF) || (c >= 0xAC00 && c <= 0xD7AF);
}

bool is_word_char(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9') ||
         (c >= 0xDF && c <= 0x24F && c != 0xF7);
}

std::u32string normalize(std::string_view text) {
  const std::u32string in = decode_utf8(text);
  std::u32string out;
  out.reserve(in.size());
  for (char32_t raw : in) {
    const char32_t c = fold(raw);
    if (c == U'\'' || c == 0x2019) {
      continue;  // "don't" and "don’t" both read as "dont"
    }
    if (is_word_char(c) || is_cjk(c)) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != U' ') {
      out.push_back(U' ');
    }
  }
  if (!out.empty() && out.back() == U' ') {
    out.pop_back();
  }
  return out;
}

std::string normalize_utf8(std::string_view text) {
  return encode_utf8(normalize(text));
}

}  // namespace fenliu::assist
