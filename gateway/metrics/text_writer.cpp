#include "gateway/metrics/text_writer.hpp"

#include <fmt/format.h>

#include <cmath>

namespace fenliu::gateway::metrics {
namespace {

void append_double(std::string& out, double v) {
  if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
  } else if (std::isnan(v)) {
    out += "NaN";
  } else {
    fmt::format_to(std::back_inserter(out), "{}", v);
  }
}

// HELP text escapes backslash and line feed only.
void append_help(std::string& out, std::string_view help) {
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

}  // namespace

void text_writer::escape_label_value(std::string_view in, std::string& out) {
  for (char c : in) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
}

void text_writer::family(std::string_view name, std::string_view type, std::string_view help) {
  out_ += "# HELP ";
  out_ += name;
  out_ += ' ';
  append_help(out_, help);
  out_ += "\n# TYPE ";
  out_ += name;
  out_ += ' ';
  out_ += type;
  out_ += '\n';
}

void text_writer::labels(std::initializer_list<label> labels) {
  if (labels.size() == 0) {
    return;
  }
  out_ += '{';
  bool first = true;
  for (const auto& l : labels) {
    if (!first) {
      out_ += ',';
    }
    first = false;
    out_ += l.name;
    out_ += "=\"";
    escape_label_value(l.value, out_);
    out_ += '"';
  }
  out_ += '}';
}

void text_writer::sample(std::string_view name, std::initializer_list<label> ls, double value) {
  out_ += name;
  labels(ls);
  out_ += ' ';
  append_double(out_, value);
  out_ += '\n';
}

void text_writer::sample(std::string_view name, std::initializer_list<label> ls,
                         std::uint64_t value) {
  out_ += name;
  labels(ls);
  fmt::format_to(std::back_inserter(out_), " {}\n", value);
}

void text_writer::sample(std::string_view name, std::initializer_list<label> ls,
                         std::int64_t value) {
  out_ += name;
  labels(ls);
  fmt::format_to(std::back_inserter(out_), " {}\n", value);
}

void text_writer::bucket(std::string_view name, double le, std::uint64_t count) {
  out_ += name;
  out_ += "_bucket{le=\"";
  append_double(out_, le);
  fmt::format_to(std::back_inserter(out_), "\"}} {}\n", count);
}

void text_writer::bucket_inf(std::string_view name, std::uint64_t count) {
  out_ += name;
  fmt::format_to(std::back_inserter(out_), "_bucket{{le=\"+Inf\"}} {}\n", count);
}

void text_writer::sample_suffix(std::string_view name, std::string_view suffix, double value) {
  out_ += name;
  out_ += suffix;
  out_ += ' ';
  append_double(out_, value);
  out_ += '\n';
}

}  // namespace fenliu::gateway::metrics
