#include "gateway/app/seed.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

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

void seed_store(services& svc) {
  const auto& shop = svc.config.shop;
  const auto now = now_ms();
  (void)svc.store.upsert_shop({shop.id, shop.name, "", now});
  std::vector<store::agent_row> agents;
  for (const auto& a : shop.agents) {
    agents.push_back(to_row(a, shop.id));
  }
  (void)svc.store.sync_agents(shop.id, std::move(agents));
  for (const auto& vip : shop.vip_customers) {
    svc.store.get_customer(
        vip, [&svc, vip, shop_id = shop.id](std::error_code ec, store::customer_row row) {
          if (ec) {
            row = {};
            row.id = vip;
            row.shop_id = shop_id;
            row.display_name = vip;
          }
          row.vip = true;
          if (std::find(row.tags.begin(), row.tags.end(), "VIP") == row.tags.end()) {
            row.tags.push_back("VIP");
          }
          (void)svc.store.upsert_customer(std::move(row));
        });
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
