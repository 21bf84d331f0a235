#pragma once
// UTF-8 decoding and the one text normalisation every matcher in this library shares.

#include <string>
#include <string_view>

namespace fenliu::assist {

/// Decodes UTF-8 into code points. Invalid or truncated sequences become U+FFFD, one per
/// offending byte, so untrusted input never throws and never reads past the end.
std::u32string decode_utf8(std::string_view text);

/// Encodes code points as UTF-8 (surrogates and values above U+10FFFF become U+FFFD).
std::string encode_utf8(std::u32string_view text);

/// A CJK ideograph, kana or hangul syllable: text that is written without spaces.
bool is_cjk(char32_t c);

/// An ASCII letter or digit, or a Latin-1/Latin Extended-A letter (after normalisation).
bool is_word_char(char32_t c);

/// Normalised text: full-width ASCII forms become half-width, ASCII letters lower case,
/// apostrophes vanish ("don't" -> "dont"), every other non-letter (punctuation, symbols,
/// emoji, controls, U+FFFD) becomes one space that marks a clause boundary; runs of spaces
/// collapse and the ends are trimmed. Letters and digits keep their order and position.
std::u32string normalize(std::string_view text);

/// `normalize` as UTF-8, for display and tests.
std::string normalize_utf8(std::string_view text);

}  // namespace fenliu::assist
