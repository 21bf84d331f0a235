#pragma once
// A small, strict multipart/form-data reader (RFC 7578 over RFC 2046), enough for one upload
// form: the boundary from the Content-Type, then the parts with their Content-Disposition name.
// Pure; any thread. The parts' bodies are views into the request body.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fenliu::gateway {

/// The boundary parameter of a `multipart/form-data` Content-Type (token or quoted string,
/// 1 to 70 characters), or nullopt when the type is another one or the boundary is missing or
/// malformed.
std::optional<std::string> multipart_boundary(std::string_view content_type);

/// True when the Content-Type names a multipart type (the body is then never read raw).
bool is_multipart(std::string_view content_type);

struct multipart_part {
  std::string name;      // Content-Disposition name
  std::string filename;  // Content-Disposition filename, if any (never trusted for the type)
  std::string content_type;
  std::string_view body;
};

struct multipart_result {
  std::vector<multipart_part> parts;
  std::string error;  // empty: parsed; else why the body is not a multipart body
};

/// The parts of `body` delimited by `boundary`. Lines end in CRLF; a preamble before the first
/// delimiter and an epilogue after the closing one are ignored. A missing closing delimiter, a
/// part without a Content-Disposition form-data name, or headers without their blank line are
/// errors.
multipart_result parse_multipart(std::string_view boundary, std::string_view body);

}  // namespace fenliu::gateway
