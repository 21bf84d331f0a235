#include "gateway/app/admin_desk.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <future>

#include "gateway/app/board.hpp"
#include "gateway/app/faq_store.hpp"
#include "gateway/app/seed.hpp"

namespace fenliu::gateway {
namespace {

std::vector<store::admin_section_row> read_stored(store::records& store, const std::string& shop) {
  std::promise<std::pair<std::error_code, std::vector<store::admin_section_row>>> result;
  auto answer = result.get_future();
  store.admin_sections_of(shop, [&result](std::error_code ec,
                                          std::vector<store::admin_section_row> rows) {
    result.set_value({ec, std::move(rows)});
  });
  auto [ec, rows] = answer.get();
  if (ec) {
    throw std::system_error(ec, "store: reading the admin sections");
  }
  return rows;
}

std::map<std::string, std::string> known_sections(
    const std::vector<store::admin_section_row>& rows) {
  std::map<std::string, std::string> out;
  for (const auto& r : rows) {
    if (find_admin_section(r.name) != nullptr) {
      out[r.name] = r.json;
    }
  }
  return out;
}

}  // namespace

server_config with_stored_admin_sections(server_config config, store::records& store) {
  const auto stored = known_sections(read_stored(store, config.shop.id));
  if (stored.empty()) {
    return config;
  }
  try {
    config.shop = apply_admin_sections(config, stored);
  } catch (const admin_invalid& e) {
    throw std::runtime_error(fmt::format(
        "config: the admin sections in the store do not fit the config file: {}: {}", e.field,
        e.detail));
  }
  spdlog::info("admin: {} config sections come from the store (the admin API's)", stored.size());
  return config;
}

void admin_desk::start() {
  const auto& shop = svc_.config.shop;
  auto stored = known_sections(read_stored(svc_.store, shop.id));
  std::vector<store::admin_section_row> missing;
  for (const auto& s : admin_sections()) {
    if (stored.find(std::string(s.name)) == stored.end()) {
      auto json = admin_section_json(shop, s);
      missing.push_back({shop.id, std::string(s.name), json, 0});
      stored[std::string(s.name)] = std::move(json);
    }
  }
  if (!missing.empty()) {
    // The first start on this store (or a section added by a newer build): the config seeds it.
    std::string names;
    for (const auto& m : missing) {
      names += (names.empty() ? "" : ",") + m.name;
    }
    std::promise<std::error_code> done;
    auto result = done.get_future();
    store::audit_row audit{0, shop.id, 0, "config", "seed", names, "{}"};
    if (auto ec = svc_.store.save_admin_change(
            std::move(missing), std::move(audit),
            [&done](std::error_code ec, std::uint64_t) { done.set_value(ec); })) {
      done.set_value(ec);
    }
    if (auto ec = result.get()) {
      // A full disk must not stop the server: the sections are the file's anyway, and the next
      // start seeds them again. A change through the API then stores its own section.
      spdlog::warn("admin: seeding the config sections into the store failed ({}); they are "
                   "served from the config file until a start can store them",
                   ec.message());
    }
  }
  std::lock_guard lock(mutex_);
  sections_ = std::move(stored);
}

std::map<std::string, std::string> admin_desk::sections() const {
  std::lock_guard lock(mutex_);
  return sections_;
}

std::error_code admin_desk::change(
    const std::string& actor,
    const std::function<edit_result(const std::map<std::string, std::string>&)>& edit,
    store::callback<std::uint64_t> done) {
  // One change at a time: each is validated on top of the one before (no lost update).
  std::lock_guard lock(mutex_);
  auto result = edit(sections_);
  auto next = sections_;
  for (auto& [name, json] : result.replace) {
    next[name] = json;
  }
  auto before = svc_.live.get();
  server_config base = svc_.config;
  base.shop = *before;
  auto shop = apply_admin_sections(base, next);  // throws admin_invalid

  std::vector<store::admin_section_row> rows;
  for (const auto& [name, json] : result.replace) {
    rows.push_back({before->id, name, json, 0});
  }
  store::audit_row audit{0, before->id, 0, actor, result.action, result.target,
                         result.detail_json};
  auto previous = sections_;
  auto changed = result.replace;
  auto ec = svc_.store.save_admin_change(
      std::move(rows), std::move(audit),
      [this, before, after = std::move(shop), changed = std::move(changed), next, previous,
       done = std::move(done)](std::error_code ec, std::uint64_t id) {
        if (ec) {
          std::lock_guard relock(mutex_);
          if (sections_ == next) {
            sections_ = previous;  // nothing was stored: the next change starts from the old
          }
          if (done) {
            done(ec, id);
          }
          return;
        }
        apply(*before, after, changed, [done, id] {
          if (done) {
            done({}, id);
          }
        });
      });
  if (!ec) {
    sections_ = std::move(next);
  }
  return ec;
}

void admin_desk::apply(const shop_config& before, const shop_config& after,
                       const std::map<std::string, std::string>& changed,
                       std::function<void()> applied) {
  svc_.live.replace(after);
  const auto has = [&changed](std::string_view name) {
    return changed.find(std::string(name)) != changed.end();
  };
  if (has("agents") || has("routing")) {
    // The router keeps agents who still hold conversations until those finish.
    svc_.router.post(router::event::configure{after.routing, after.agents});
    (void)svc_.store.sync_agents(after.id, agent_rows(after));
    // Boards see the new agents and capacities now: a snapshot read after the configure.
    send_board_snapshot(svc_, nullptr);
  }
  if (has("faq")) {
    svc_.bot.reload_faq(after.faq);
    svc_.phrases.faq_changed();
    (void)svc_.store.sync_faq(after.id, to_faq_rows(after.faq, after.id));
  }
  if (has("quick_phrases")) {
    auto rows = shop_phrase_rows(after);
    svc_.phrases.replace_shop_phrases(rows);
    (void)svc_.store.sync_shop_phrases(after.id, std::move(rows));
  }
  // The answer waits for the VIP rows, so the buyer's next chat already finds them.
  std::vector<std::string> new_vips;
  std::vector<std::string> old_vips;
  if (has("vip_customers")) {
    const auto listed = [](const std::vector<std::string>& list, const std::string& id) {
      return std::find(list.begin(), list.end(), id) != list.end();
    };
    for (const auto& vip : after.vip_customers) {
      if (!listed(before.vip_customers, vip)) {
        new_vips.push_back(vip);
      }
    }
    for (const auto& vip : before.vip_customers) {
      if (!listed(after.vip_customers, vip)) {
        old_vips.push_back(vip);
      }
    }
  }
  spdlog::info("admin: {} section(s) applied", changed.size());
  auto pending =
      std::make_shared<std::atomic<std::size_t>>(new_vips.size() + old_vips.size() + 1);
  auto one_done = [pending, applied = std::move(applied)] {
    if (pending->fetch_sub(1) == 1 && applied) {
      applied();
    }
  };
  for (const auto& vip : new_vips) {
    mark_vip(svc_, after.id, vip, one_done);
  }
  for (const auto& vip : old_vips) {
    unmark_vip(svc_, after.id, vip, one_done);
  }
  one_done();
}

}  // namespace fenliu::gateway
