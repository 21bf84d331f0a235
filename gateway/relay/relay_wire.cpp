#include "gateway/relay/relay_wire.hpp"


namespace fenliu::gateway::relay {
namespace {

// Version byte first: a node of another version ignores what it cannot read.
constexpr std::uint8_t wire_version = 1;

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) {
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
}

void put_str(std::string& out, std::string_view s) {
  put_u64(out, s.size());
  out.append(s);
}

class reader {
 public:
  explicit reader(std::string_view b) : b_(b) {}
  bool u8(std::uint8_t& v) {
    if (b_.empty()) {
      return false;
    }
    v = static_cast<std::uint8_t>(b_[0]);
    b_.remove_prefix(1);
    return true;
  }
  bool u64(std::uint64_t& v) {
    if (b_.size() < 8) {
      return false;
    }
    v = 0;
    for (int i = 0; i < 8; ++i) {
      v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(b_[i])) << (8 * i);
    }
    b_.remove_prefix(8);
    return true;
  }
  bool str(std::string_view& v) {
    std::uint64_t n = 0;
    if (!u64(n) || n > b_.size()) {
      return false;
    }
    v = b_.substr(0, n);
    b_.remove_prefix(n);
    return true;
  }
  std::string_view rest() {
    auto r = b_;
    b_ = {};
    return r;
  }
  bool done() const { return b_.empty(); }

 private:
  std::string_view b_;
};

}  // namespace

std::string encode(const relay_message& m) {
  std::string out;
  out.reserve(32 + m.node.size() + m.payload.size() + 8 * m.sessions.size());
  out.push_back(static_cast<char>(wire_version));
  out.push_back(static_cast<char>(m.kind));
  put_str(out, m.node);
  put_u64(out, m.session);
  put_u64(out, m.tseq);
  put_u64(out, static_cast<std::uint64_t>(m.epoch));
  switch (m.kind) {
    case relay_kind::open:
      out.push_back(static_cast<char>(m.who.role_));
      put_str(out, m.who.subject);
      put_str(out, m.who.shop_id);
      put_u64(out, static_cast<std::uint64_t>(m.who.expires_at_s));
      break;
    case relay_kind::frame:
    case relay_kind::beat:
      out.append(m.payload);
      break;
    case relay_kind::push:
      out.push_back(static_cast<char>(m.cls));
      out.append(m.payload);
      break;
    case relay_kind::end:
      put_u64(out, m.code);
      break;
    case relay_kind::roster:
      put_u64(out, m.sessions.size());
      for (auto id : m.sessions) {
        put_u64(out, id);
      }
      break;
    case relay_kind::close:
      break;
  }
  return out;
}

std::optional<relay_message> decode(std::string_view bytes) {
  reader r(bytes);
  std::uint8_t version = 0;
  std::uint8_t kind = 0;
  std::string_view node;
  relay_message m;
  std::uint64_t n = 0;
  if (!r.u8(version) || version != wire_version || !r.u8(kind) || kind < 1 || kind > 7 ||
      !r.str(node) || !r.u64(m.session) || !r.u64(m.tseq) || !r.u64(n)) {
    return std::nullopt;
  }
  m.epoch = static_cast<std::int64_t>(n);
  m.kind = static_cast<relay_kind>(kind);
  m.node = std::string(node);
  switch (m.kind) {
    case relay_kind::open: {
      std::uint8_t role_byte = 0;
      std::string_view subject;
      std::string_view shop;
      if (!r.u8(role_byte) || role_byte > static_cast<std::uint8_t>(role::admin) ||
          !r.str(subject) || !r.str(shop) || !r.u64(n)) {
        return std::nullopt;
      }
      m.who.role_ = static_cast<role>(role_byte);
      m.who.subject = std::string(subject);
      m.who.shop_id = std::string(shop);
      m.who.expires_at_s = static_cast<std::int64_t>(n);
      break;
    }
    case relay_kind::frame:
    case relay_kind::beat:
      m.payload = r.rest();
      break;
    case relay_kind::push: {
      std::uint8_t cls = 0;
      if (!r.u8(cls) || cls > static_cast<std::uint8_t>(delivery_class::ephemeral)) {
        return std::nullopt;
      }
      m.cls = static_cast<delivery_class>(cls);
      m.payload = r.rest();
      break;
    }
    case relay_kind::end:
      if (!r.u64(n) || n > 0xffff) {
        return std::nullopt;
      }
      m.code = static_cast<std::uint16_t>(n);
      break;
    case relay_kind::roster:
      if (!r.u64(n) || n > bytes.size() / 8) {
        return std::nullopt;
      }
      m.sessions.resize(n);
      for (auto& id : m.sessions) {
        if (!r.u64(id)) {
          return std::nullopt;
        }
      }
      break;
    case relay_kind::close:
      break;
  }
  if (!r.done()) {
    return std::nullopt;
  }
  return m;
}

std::string up_channel(std::string_view shop) {
  return "fenliu:" + std::string(shop) + ":up";
}
std::string down_channel(std::string_view shop, std::string_view node) {
  return "fenliu:" + std::string(shop) + ":down:" + std::string(node);
}
std::string beat_channel(std::string_view shop) {
  return "fenliu:" + std::string(shop) + ":owner";
}

}  // namespace fenliu::gateway::relay
