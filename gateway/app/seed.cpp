#include "gateway/app/seed.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <future>
#include <memory>

namespace fenliu::gateway {
namespace {

store::agent_row to_row(const router::agent_profile& a, const std::string& shop) {
  store::agent_row row;
  row.id = a.id;
  row.shop_id = shop;
  row.display_name = a.display_name;
  for (auto s : a.stages) {
    row.stages.push_back(to_store_stage(s));
  }
  for (const auto& s : a.skills) {
    row.skills.push_back({s.skill, s.level});
  }
  for (int day = 0; day < 7; ++day) {
    for (const auto& i : a.shifts.weekly[day]) {
      row.shifts.push_back({day, "", i.start_minute, i.end_minute});
    }
  }
  for (const auto& [date, intervals] : a.shifts.overrides) {
    for (const auto& i : intervals) {
      row.shifts.push_back({0, date, i.start_minute, i.end_minute});
    }
  }
  row.holidays = a.shifts.holidays;
  row.capacity = a.capacity;
  row.supervisor = a.supervisor;
  row.always_on = a.shifts.always_on;
  return row;
}

}  // namespace

namespace {

// Known buyers from [[customers]] seed a store that does not know them yet; afterwards the
// store is the truth (agents edit tags), so a restart does not undo their edits. Blocking: the
// first chat must find them.
void seed_customers(services& svc) {
  const auto& shop = svc.config.shop;
  const auto& vips = shop.vip_customers;
  std::vector<std::future<void>> written;
  for (const auto& seed : shop.tools.customers) {
    std::promise<std::error_code> known;
    auto answer = known.get_future();
    svc.store.get_customer(seed.id, [&known](std::error_code ec, store::customer_row) {
      known.set_value(ec);
    });
    if (answer.get() != store::errc::not_found) {
      continue;
    }
    store::customer_row row;
    row.id = seed.id;
    row.shop_id = shop.id;
    row.display_name = seed.display_name;
    const bool listed = std::find(vips.begin(), vips.end(), seed.id) != vips.end();
    row.vip_level = listed ? std::max(seed.vip_level, 1) : seed.vip_level;
    row.vip = row.vip_level > 0;
    row.tags = seed.tags;
    auto done = std::make_shared<std::promise<void>>();
    written.push_back(done->get_future());
    // set_customer_tags after the row: its callback says both committed (writes are FIFO).
    auto tags = row.tags;
    if (svc.store.upsert_customer(std::move(row)) ||
        svc.store.set_customer_tags(seed.id, shop.id, std::move(tags),
                                    [done](std::error_code, bool) { done->set_value(); })) {
      spdlog::warn("customer {}: not seeded (store refused the write)", seed.id);
      done->set_value();
    }
  }
  for (auto& w : written) {
    w.get();
  }
}

}  // namespace

std::vector<store::agent_row> agent_rows(const shop_config& shop) {
  std::vector<store::agent_row> agents;
  for (const auto& a : shop.agents) {
    agents.push_back(to_row(a, shop.id));
  }
  return agents;
}

void mark_vip(services& svc, const std::string& shop_id, const std::string& vip,
              std::function<void()> then) {
  svc.store.get_customer(
      vip, [&svc, vip, shop_id, then](std::error_code ec, store::customer_row row) {
        if (ec) {
          row = {};
          row.id = vip;
          row.shop_id = shop_id;
          row.display_name = vip;
        }
        row.vip = true;
        row.vip_level = std::max(row.vip_level, 1);
        if (std::find(row.tags.begin(), row.tags.end(), "VIP") == row.tags.end()) {
          row.tags.push_back("VIP");
        }
        auto tags = row.tags;
        // The tags after the row: their callback says both committed (writes are FIFO).
        if (svc.store.upsert_customer(std::move(row)) ||
            svc.store.set_customer_tags(vip, shop_id, std::move(tags),
                                        [then](std::error_code, bool) {
                                          if (then) {
                                            then();
                                          }
                                        })) {
          if (then) {
            then();
          }
        }
      });
}

void unmark_vip(services& svc, const std::string& shop_id, const std::string& id,
                std::function<void()> then) {
  int base_level = 0;  // a [[customers]] VIP level stays; only the list's VIP goes
  for (const auto& c : svc.config.shop.tools.customers) {
    if (c.id == id) {
      base_level = c.vip_level;
    }
  }
  svc.store.get_customer(
      id, [&svc, id, shop_id, base_level, then](std::error_code ec, store::customer_row row) {
        auto finish = [then] {
          if (then) {
            then();
          }
        };
        if (ec) {
          finish();  // unknown: nothing marked
          return;
        }
        row.vip_level = base_level;
        row.vip = base_level > 0;
        row.tags.erase(std::remove(row.tags.begin(), row.tags.end(), "VIP"), row.tags.end());
        auto tags = row.tags;
        if (svc.store.upsert_customer(std::move(row)) ||
            svc.store.set_customer_tags(id, shop_id, std::move(tags),
                                        [finish](std::error_code, bool) { finish(); })) {
          finish();
        }
      });
}

void seed_store(services& svc) {
  const auto& shop = svc.config.shop;
  const auto now = now_ms();
  (void)svc.store.upsert_shop({shop.id, shop.name, "", now});
  (void)svc.store.sync_agents(shop.id, agent_rows(shop));
  seed_customers(svc);
  for (const auto& vip : shop.vip_customers) {
    const bool seeded = std::any_of(shop.tools.customers.begin(), shop.tools.customers.end(),
                                    [&](const customer_seed& c) { return c.id == vip; });
    if (seeded) {
      continue;  // [[customers]] wrote it with its VIP level
    }
    mark_vip(svc, shop.id, vip);
  }
}

void restore_conversations(services& svc) {
  auto open = svc.store.load_open_conversations();
  for (const auto& rec : open) {
    conversation_entry c;
    c.id = rec.id;
    c.customer = rec.customer_id;
    c.agent = rec.agent_id;
    c.stage = from_store_stage(rec.stage);
    c.order_id = rec.entry_order_id;
    c.entry_page = rec.entry_page;
    c.entry_product_id = rec.entry_product_id;
    c.state = rec.state;
    c.created_at = rec.created_at;
    svc.hub.put_conversation(c);

    router::event::conversation_restored ev;
    ev.request.conversation = rec.id;
    ev.request.customer = rec.customer_id;
    ev.request.stage_ = c.stage;
    ev.request.priority = rec.priority;
    if (rec.state == store::conversation_state::bot) {
      // Still with the bot: it goes on answering; the router sees it at handover.
      svc.bot.enter(rec.id, ev.request, rec.entry_order_id);
      continue;
    }
    ev.queued_at = rec.queued_at;
    const bool serving = rec.state == store::conversation_state::active ||
                         rec.state == store::conversation_state::wrap_up;
    if (serving && !rec.agent_id.empty()) {
      ev.active_agent = rec.agent_id;
    }
    ev.left_message = rec.state == store::conversation_state::left_message;
    svc.router.post(std::move(ev));
  }
  spdlog::info("restored {} open conversations", open.size());
}

}  // namespace fenliu::gateway
