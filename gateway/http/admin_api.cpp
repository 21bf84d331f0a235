#include "gateway/http/admin_api.hpp"
#include "gateway/http/supervisor_auth.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>

#include "gateway/app/admin_desk.hpp"
#include "gateway/app/store_awaitable.hpp"
#include "gateway/auth/auth.hpp"

namespace fenliu::gateway {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

constexpr std::string_view prefix = "/api/admin/";
constexpr std::size_t audit_default_limit = 50;
constexpr std::size_t audit_max_limit = 1000;

// An answer other than 2xx, thrown from inside an edit (the section lock is held there).
struct refusal {
  http::status status;
  std::string code;
  std::string field;
  std::string detail;
};

std::string percent_decoded(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    int v = 0;
    if (s[i] == '%' && i + 2 < s.size() &&
        std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16).ptr == s.data() + i + 3) {
      out.push_back(static_cast<char>(v));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Admin of this shop. Another shop's token is valid but has no rights here: 403.
std::variant<identity, http_response> check_admin(const http_request& req, const services& svc) {
  auto checked = check_staff(req[http::field::authorization], svc, {role::admin}, "admin");
  if (const auto* no = std::get_if<auth_refusal>(&checked)) {
    return json_error(req, no->status, no->code, "Authorization", no->detail);
  }
  return std::get<identity>(std::move(checked));
}

json::value parse_body(const http_request& req) {
  boost::system::error_code ec;
  auto v = json::parse(req.body(), ec);
  if (ec) {
    throw refusal{http::status::bad_request, "bad_request", "body", "not JSON: " + ec.message()};
  }
  return v;
}

// RFC 7396 JSON merge patch: objects merge key by key, null removes, anything else replaces.
void merge_patch(json::value& target, const json::value& patch) {
  if (!patch.is_object()) {
    target = patch;
    return;
  }
  if (!target.is_object()) {
    target = json::object{};
  }
  auto& t = target.get_object();
  for (const auto& [k, v] : patch.get_object()) {
    if (v.is_null()) {
      t.erase(k);
    } else {
      merge_patch(t[k], v);
    }
  }
}

// The index of the item `key` names in a list section: its id, its position (keyword rules)
// or its value (tags, VIP customers); npos when none.
std::size_t find_item(const json::array& list, const admin_section& s, const std::string& key) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& item = list[i];
    if (!s.item_id.empty()) {
      const auto* o = item.if_object();
      const auto* id = o != nullptr ? o->if_contains(s.item_id) : nullptr;
      if (id != nullptr && id->is_string() && id->get_string() == key) {
        return i;
      }
    } else if (item.is_string()) {
      if (item.get_string() == key) {
        return i;
      }
    } else if (key == std::to_string(i)) {
      return i;
    }
  }
  return std::string::npos;
}

// How the audit log names a new item: its id, its value (tags, VIPs) or its position.
std::string item_key(const json::value& item, const admin_section& s, std::size_t index) {
  if (const auto* o = item.if_object(); o != nullptr && !s.item_id.empty()) {
    if (const auto* id = o->if_contains(s.item_id); id != nullptr && id->is_string()) {
      return std::string(id->get_string());
    }
  }
  if (item.is_string()) {
    return std::string(item.get_string());
  }
  return std::to_string(index);
}

json::value section_value(const std::map<std::string, std::string>& sections,
                          const admin_section& s) {
  return json::parse(sections.at(std::string(s.name)));
}

std::string detail_of(const json::value& before, const json::value& after) {
  return json::serialize(json::object{{"before", before}, {"after", after}});
}

struct request_parts {
  const admin_section* section = nullptr;
  std::string key;   // the item, empty for the section
  std::string verb;  // "disable" / "enable" after an agent's id
};

admin_desk::edit_result edit_section(const request_parts& p, http::verb method,
                                     const json::value& body,
                                     const std::map<std::string, std::string>& sections,
                                     json::value& answer, http::status& status) {
  const auto& s = *p.section;
  auto value = section_value(sections, s);
  const std::string name(s.name);
  if (p.key.empty()) {
    const auto before = value;
    std::string action = "replace";
    if (method == http::verb::put) {
      value = body;
    } else if (method == http::verb::patch && !s.list) {
      merge_patch(value, body);
      action = "update";
    } else if (method == http::verb::post && s.list) {
      auto& list = value.get_array();
      if (!s.item_id.empty() && body.is_object() && body.get_object().contains(s.item_id) &&
          body.at(s.item_id).is_string() &&
          find_item(list, s, std::string(body.at(s.item_id).get_string())) != std::string::npos) {
        throw refusal{http::status::conflict, "conflict", fmt::format("{}.{}", name, s.item_id),
                      fmt::format("'{}' exists already", json::serialize(body.at(s.item_id)))};
      }
      list.push_back(body);
      status = http::status::created;
      answer = json::object{{"item", body}};
      return {{{name, json::serialize(value)}}, "create",
              fmt::format("{}/{}", name, item_key(body, s, list.size() - 1)),
              detail_of(nullptr, body)};
    } else {
      throw refusal{http::status::method_not_allowed, "method_not_allowed", "method",
                    "not for this section"};
    }
    answer = json::object{{"value", value}};
    return {{{name, json::serialize(value)}}, action, name, detail_of(before, value)};
  }
  if (!s.list) {
    throw refusal{http::status::not_found, "not_found", name, "this section has no items"};
  }
  auto& list = value.get_array();
  const auto at = find_item(list, s, p.key);
  if (at == std::string::npos) {
    throw refusal{http::status::not_found, "not_found", fmt::format("{}/{}", name, p.key),
                  "no such item"};
  }
  const auto before = list[at];
  const auto target = fmt::format("{}/{}", name, p.key);
  if (!p.verb.empty()) {
    if (!list[at].is_object()) {
      throw refusal{http::status::not_found, "not_found", target, "no such item"};
    }
    list[at].get_object()["disabled"] = p.verb == "disable";
    answer = json::object{{"item", list[at]}};
    return {{{name, json::serialize(value)}}, p.verb, target, detail_of(before, list[at])};
  }
  std::string action = "update";
  if (method == http::verb::delete_) {
    list.erase(list.begin() + static_cast<std::ptrdiff_t>(at));
    answer = json::object{{"deleted", p.key}};
    return {{{name, json::serialize(value)}}, "delete", target, detail_of(before, nullptr)};
  }
  if (method == http::verb::patch) {
    merge_patch(list[at], body);
  } else if (method == http::verb::put) {
    list[at] = body;
    action = "replace";
  } else {
    throw refusal{http::status::method_not_allowed, "method_not_allowed", "method",
                  "GET, PUT, PATCH or DELETE for an item"};
  }
  answer = json::object{{"item", list[at]}};
  return {{{name, json::serialize(value)}}, action, target, detail_of(before, list[at])};
}

std::optional<request_parts> parts_of(std::string_view path) {
  path.remove_prefix(prefix.size());
  request_parts p;
  const auto slash = path.find('/');
  p.section = find_admin_section(path.substr(0, slash));
  if (p.section == nullptr) {
    return std::nullopt;
  }
  if (slash == std::string_view::npos) {
    return p;
  }
  auto rest = path.substr(slash + 1);
  if (rest.empty()) {
    return std::nullopt;
  }
  const auto verb_at = rest.rfind('/');
  if (verb_at != std::string_view::npos && p.section->name == "agents") {
    p.verb = std::string(rest.substr(verb_at + 1));
    rest = rest.substr(0, verb_at);
    if (p.verb != "disable" && p.verb != "enable") {
      return std::nullopt;
    }
  }
  p.key = percent_decoded(rest);
  return p;
}

std::size_t audit_limit(std::string_view target, bool& ok) {
  ok = true;
  const auto q = target.find("limit=");
  if (q == std::string_view::npos) {
    return audit_default_limit;
  }
  auto v = target.substr(q + 6);
  v = v.substr(0, v.find('&'));
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  ok = ec == std::errc{} && end == v.data() + v.size() && n >= 1 && n <= audit_max_limit;
  return n;
}

boost::asio::awaitable<http_response> audit_api(const http_request& req, services& svc) {
  if (req.method() != http::verb::get) {
    co_return json_error(req, http::status::method_not_allowed, "method_not_allowed", "method",
                         "GET only");
  }
  bool ok = true;
  const auto limit = audit_limit(req.target(), ok);
  if (!ok) {
    co_return json_error(req, http::status::bad_request, "bad_request", "limit",
                         fmt::format("an integer 1..{}", audit_max_limit));
  }
  auto [ec, rows] = co_await async_store<std::vector<store::audit_row>>(
      [&](auto done) { svc.store.audit_of(svc.config.shop.id, limit, std::move(done)); },
      use_nothrow);
  if (ec) {
    co_return json_error(req, http::status::service_unavailable, "store_unavailable", "",
                         ec.message());
  }
  json::array entries;
  for (const auto& r : rows) {
    boost::system::error_code jec;
    auto detail = json::parse(r.detail_json, jec);
    entries.push_back(json::object{{"id", r.id},
                                   {"at_ms", r.at_ms},
                                   {"actor", r.actor},
                                   {"action", r.action},
                                   {"target", r.target},
                                   {"detail", jec ? json::value(r.detail_json) : detail}});
  }
  co_return json_response(req, json::object{{"entries", std::move(entries)}});
}

http_response list_sections(const http_request& req) {
  json::array out;
  for (const auto& s : admin_sections()) {
    out.push_back(json::object{{"name", s.name},
                               {"key", s.key},
                               {"list", s.list},
                               {"item_key", s.item_id.empty() ? (s.list ? "position_or_value" : "")
                                                              : s.item_id}});
  }
  return json_response(req, json::object{{"sections", std::move(out)}});
}

// GET of a section or of one item: the current (committed or committing) value.
http_response read_section(const http_request& req, const services& svc,
                           const request_parts& parts) {
  const auto sections = svc.admin->sections();
  auto value = section_value(sections, *parts.section);
  if (parts.key.empty()) {
    return json_response(req, value);
  }
  const auto at = parts.section->list ? find_item(value.get_array(), *parts.section, parts.key)
                                      : std::string::npos;
  if (at == std::string::npos || !parts.verb.empty()) {
    return json_error(req, http::status::not_found, "not_found",
                      fmt::format("{}/{}", parts.section->name, parts.key), "no such item");
  }
  return json_response(req, value.get_array()[at]);
}

}  // namespace

bool is_admin_request(const http_request& req) {
  const std::string_view target = req.target();
  return target.substr(0, target.find('?')).starts_with(prefix);
}

boost::asio::awaitable<http_response> admin_api(const http_request& req, services& svc) {
  auto checked = check_admin(req, svc);
  if (auto* refused = std::get_if<http_response>(&checked)) {
    co_return std::move(*refused);
  }
  const auto who = std::get<identity>(checked);
  const std::string_view target = req.target();
  const auto path = target.substr(0, target.find('?'));
  if (path == "/api/admin/audit") {
    co_return co_await audit_api(req, svc);
  }
  if (path == "/api/admin/sections") {
    co_return list_sections(req);
  }
  const auto parts = parts_of(path);
  if (!parts) {
    co_return json_error(req, http::status::not_found, "not_found", "path",
                         "no such admin section or item");
  }
  const auto method = req.method();
  if (method == http::verb::get) {
    co_return read_section(req, svc, *parts);
  }
  if (method != http::verb::put && method != http::verb::patch && method != http::verb::post &&
      method != http::verb::delete_) {
    co_return json_error(req, http::status::method_not_allowed, "method_not_allowed", "method",
                         "GET, PUT, PATCH, POST or DELETE");
  }
  if (!parts->verb.empty() && method != http::verb::post) {
    co_return json_error(req, http::status::method_not_allowed, "method_not_allowed", "method",
                         "POST only");
  }
  json::value body;
  std::optional<refusal> refused;
  std::optional<admin_invalid> invalid;
  if (parts->verb.empty() && method != http::verb::delete_) {
    try {
      body = parse_body(req);
    } catch (const refusal& r) {
      co_return json_error(req, r.status, r.code, r.field, r.detail);
    }
  }
  json::value answer;
  http::status status = http::status::ok;
  auto [ec, audit_id] = co_await async_store<std::uint64_t>(
      [&](auto done) -> std::error_code {
        try {
          return svc.admin->change(
              who.subject,
              [&](const std::map<std::string, std::string>& sections) {
                return edit_section(*parts, method, body, sections, answer, status);
              },
              std::move(done));
        } catch (const refusal& r) {
          refused = r;
        } catch (const admin_invalid& e) {
          invalid = e;
        }
        return make_error_code(std::errc::invalid_argument);
      },
      use_nothrow);
  if (refused) {
    co_return json_error(req, refused->status, refused->code, refused->field, refused->detail);
  }
  if (invalid) {
    co_return json_error(req, http::status::bad_request, "bad_request", invalid->field,
                         invalid->detail);
  }
  if (ec) {
    co_return json_error(req, http::status::service_unavailable, "store_unavailable", "",
                         ec.message());
  }
  answer.as_object()["audit_id"] = audit_id;
  co_return json_response(req, answer, status);
}

}  // namespace fenliu::gateway
