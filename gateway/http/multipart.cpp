#include "gateway/http/multipart.hpp"

#include <algorithm>
#include <cctype>

namespace fenliu::gateway {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// One `key=value` parameter of a header value: the value unquoted (backslash escapes kept
// literal), nullopt when absent or unterminated.
struct param_reader {
  std::string_view rest;

  // The next parameter after ';', false at the end or on a malformed one.
  bool next(std::string& key, std::string& value, bool& bad) {
    rest = trim(rest);
    if (rest.empty()) {
      return false;
    }
    if (rest.front() != ';') {
      bad = true;
      return false;
    }
    rest = trim(rest.substr(1));
    const auto eq = rest.find('=');
    if (eq == std::string_view::npos) {
      bad = true;
      return false;
    }
    key = std::string(trim(rest.substr(0, eq)));
    rest = trim(rest.substr(eq + 1));
    value.clear();
    if (!rest.empty() && rest.front() == '"') {
      std::size_t i = 1;
      for (; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size()) {
          ++i;
        }
        value += rest[i];
      }
      if (i >= rest.size()) {
        bad = true;
        return false;
      }
      rest = rest.substr(i + 1);
    } else {
      const auto end = std::min(rest.find(';'), rest.size());
      value = std::string(trim(rest.substr(0, end)));
      rest = rest.substr(end);
    }
    return true;
  }
};

bool valid_boundary(std::string_view b) {
  // RFC 2046 bchars; the last one may not be a space.
  static constexpr std::string_view extra = "'()+_,-./:=? ";
  if (b.empty() || b.size() > 70 || b.back() == ' ') {
    return false;
  }
  return std::all_of(b.begin(), b.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || extra.find(c) != std::string_view::npos;
  });
}

// Reads the part headers (up to the blank line) into `part`; false on malformed headers.
bool read_headers(std::string_view headers, multipart_part& part, std::string& error) {
  bool has_disposition = false;
  while (!headers.empty()) {
    const auto eol = headers.find("\r\n");
    const auto line = headers.substr(0, eol);
    headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      error = "part header without a colon";
      return false;
    }
    const auto name = trim(line.substr(0, colon));
    const auto value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Type")) {
      part.content_type = std::string(value);
    } else if (iequals(name, "Content-Disposition")) {
      const auto semi = value.find(';');
      if (!iequals(trim(value.substr(0, semi)), "form-data")) {
        error = "part Content-Disposition is not form-data";
        return false;
      }
      param_reader params{semi == std::string_view::npos ? std::string_view{} : value.substr(semi)};
      std::string key, v;
      bool bad = false;
      while (params.next(key, v, bad)) {
        if (iequals(key, "name")) {
          part.name = v;
          has_disposition = true;
        } else if (iequals(key, "filename")) {
          part.filename = v;
        }
      }
      if (bad) {
        error = "malformed Content-Disposition parameters";
        return false;
      }
    }
  }
  if (!has_disposition) {
    error = "part without a Content-Disposition name";
    return false;
  }
  return true;
}

}  // namespace

bool is_multipart(std::string_view content_type) {
  const auto type = trim(content_type.substr(0, content_type.find(';')));
  return type.size() >= 10 && iequals(type.substr(0, 10), "multipart/");
}

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  const auto semi = content_type.find(';');
  if (!iequals(trim(content_type.substr(0, semi)), "multipart/form-data") ||
      semi == std::string_view::npos) {
    return std::nullopt;
  }
  param_reader params{content_type.substr(semi)};
  std::string key, value;
  bool bad = false;
  std::optional<std::string> boundary;
  while (params.next(key, value, bad)) {
    if (iequals(key, "boundary")) {
      boundary = value;
    }
  }
  if (bad || !boundary || !valid_boundary(*boundary)) {
    return std::nullopt;
  }
  return boundary;
}

multipart_result parse_multipart(std::string_view boundary, std::string_view body) {
  multipart_result out;
  const std::string delimiter = "--" + std::string(boundary);
  const std::string next_delimiter = "\r\n" + delimiter;
  // The first delimiter opens the body or follows a preamble line.
  std::size_t pos = 0;
  if (!body.starts_with(delimiter)) {
    pos = body.find(next_delimiter);
    if (pos == std::string_view::npos) {
      out.error = "no boundary delimiter in the body";
      return out;
    }
    pos += 2;
  }
  pos += delimiter.size();
  for (;;) {
    auto rest = body.substr(pos);
    if (rest.starts_with("--")) {
      return out;  // the closing delimiter; what follows is the epilogue
    }
    // Transport padding may follow the delimiter before its CRLF.
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) {
      rest.remove_prefix(1);
    }
    if (!rest.starts_with("\r\n")) {
      out.error = "a boundary delimiter must end with CRLF";
      out.parts.clear();
      return out;
    }
    rest.remove_prefix(2);
    const auto headers_end = rest.starts_with("\r\n") ? 0 : rest.find("\r\n\r\n");
    if (headers_end == std::string_view::npos) {
      out.error = "part headers without the blank line";
      out.parts.clear();
      return out;
    }
    multipart_part part;
    if (!read_headers(rest.substr(0, headers_end), part, out.error)) {
      out.parts.clear();
      return out;
    }
    const auto content = rest.substr(headers_end == 0 ? 2 : headers_end + 4);
    const auto end = content.find(next_delimiter);
    if (end == std::string_view::npos) {
      out.error = "the body ends before the closing boundary";
      out.parts.clear();
      return out;
    }
    part.body = content.substr(0, end);
    out.parts.push_back(std::move(part));
    pos = static_cast<std::size_t>(content.data() - body.data()) + end + next_delimiter.size();
  }
}

}  // namespace fenliu::gateway
