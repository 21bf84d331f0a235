#pragma once
// Byte-level helpers for tokens: unpadded base64url and HMAC-SHA256. Internal to
// fenliu_gateway_config; exposed in a header only so the unit tests can check them directly.

#include <optional>
#include <string>
#include <string_view>

namespace fenliu::gateway::detail {

/// Unpadded base64url (RFC 4648 section 5), as JWTs use it.
std::string base64url_encode(std::string_view bytes);

/// Strict decoder for untrusted input: rejects padding, characters outside the alphabet,
/// impossible lengths (n % 4 == 1) and non-canonical trailing bits, so every byte string has
/// exactly one accepted encoding. Never throws except std::bad_alloc.
std::optional<std::string> base64url_decode(std::string_view text);

/// True when every character is in the base64url alphabet (and the string is not empty).
bool is_base64url(std::string_view text) noexcept;

/// Raw 32-byte HMAC-SHA256 of `data` under `key` (OpenSSL one-shot HMAC()).
std::string hmac_sha256(std::string_view key, std::string_view data);

/// Constant-time equality (CRYPTO_memcmp); a length difference is not secret.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace fenliu::gateway::detail
