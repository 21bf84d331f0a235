// The agent's tools: the customer record (profile, tags, notes), quick phrases with their
// variables, and suggested replies for the buyer's last message.

#include "fenliu/assist/utf8.hpp"
#include <fmt/format.h>

#include <algorithm>

#include "fenliu/assist/reply_template.hpp"
#include "gateway/app/handlers.hpp"
#include "gateway/app/store_awaitable.hpp"

namespace fenliu::gateway::handlers {
namespace {

constexpr std::size_t last_messages_scanned = 50;  // for the buyer's last text

std::string display_name_of(const services& svc, const std::string& agent) {
  const auto shop = svc.live.get();
  for (const auto& a : shop->agents) {
    if (a.id == agent) {
      return a.display_name.empty() ? a.id : a.display_name;
    }
  }
  return agent;
}

// "12月5日": the shop's local date `days` after `now`.
std::string local_date_after(const services& svc, std::int64_t now, int days) {
  const std::int64_t offset_ms =
      static_cast<std::int64_t>(router::utc_offset_minutes_at(svc.config.shop.routing, now)) *
      60'000;
  std::int64_t z = (now + offset_ms) / 86'400'000 + days + 719468;  // days since 0000-03-01
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  return fmt::format("{}月{}日", month, day);
}

struct order_view {
  std::string id;
  std::string status;
  std::string carrier;
  std::string tracking;
};

// The order a conversation is about: the one it was opened from, else the buyer's latest.
std::optional<order_view> order_of(const services& svc, const conversation_entry& c,
                                   const customer_record* rec) {
  // The order book has the live status and the parcel (carrier, tracking); the record's copy
  // is what was read when the chat started.
  if (!c.order_id.empty()) {
    if (auto o = svc.orders.find(c.order_id)) {
      return order_view{o->id, o->status, o->carrier, o->tracking};
    }
    if (rec != nullptr) {
      for (const auto& o : rec->file.orders) {
        if (o.id == c.order_id) {
          return order_view{o.id, o.status, {}, {}};
        }
      }
    }
  }
  if (rec != nullptr && !rec->file.orders.empty()) {
    const auto& o = rec->file.orders.front();
    if (auto known = svc.orders.find(o.id)) {
      return order_view{known->id, known->status, known->carrier, known->tracking};
    }
    return order_view{o.id, o.status, {}, {}};
  }
  return std::nullopt;
}

assist::template_values values_for(const services& svc, const conversation_entry& c,
                                   const customer_record* rec, const identity& caller) {
  assist::template_values v;
  if (rec != nullptr) {
    v.customer_name = rec->file.customer.display_name;
  }
  v.agent_name = display_name_of(svc, caller.subject);
  if (auto o = order_of(svc, c, rec)) {
    v.order_id = o->id;
    v.order_status = assist::order_status_zh(o->status);
    if (o->status == "paid" || o->status == "shipped") {
      v.eta = local_date_after(svc, now_ms(), svc.config.shop.tools.delivery_days);
    }
  }
  return v;
}

// The record of the conversation's buyer: cached, else read now (and cached).
asio::awaitable<record_ptr> record_of(const request_context& ctx, const std::string& customer) {
  if (auto rec = ctx.svc.customers.find(customer)) {
    co_return rec;
  }
  auto [ec, file] = co_await async_store<store::customer_file>(
      [&](auto done) {
        ctx.svc.store.customer_file_of(customer, 0, ctx.svc.customers.limits(), std::move(done));
      },
      use_nothrow);
  if (ec) {
    co_return nullptr;
  }
  auto rec = ctx.svc.customers.make(std::move(file));
  ctx.svc.customers.put(rec);
  co_return rec;
}

// The conversation, when the caller may read it; else the request is failed.
std::optional<conversation_entry> readable(const request_context& ctx, store::conversation_id id) {
  auto c = ctx.svc.hub.conversation(id);
  if (!c || !ctx.svc.hub.may_access(id, ctx.who(), false)) {
    ctx.fail(error_code::not_a_participant, "not your conversation");
    return std::nullopt;
  }
  return c;
}

// The edited record to the caller and to the conversation's other staff (never the buyer).
void share_record(const request_context& ctx, const conversation_entry& c,
                  const customer_record& rec) {
  ctx.reply(encode_customer_profile(ctx.request_id, rec, c.id));
  ctx.svc.hub.fan_out(c.id, encode_customer_profile(0, rec, c.id), true, ctx.self.get());
}

std::vector<phrase_view> own_phrases(const services& svc, const std::string& agent) {
  std::vector<phrase_view> out;
  for (auto& row : svc.phrases.phrases_for(agent)) {
    out.push_back({std::move(row), {}});
  }
  return out;
}

}  // namespace

asio::awaitable<void> fetch_profile(request_context ctx, requests::fetch_profile req) {
  auto c = readable(ctx, req.conversation);
  if (!c) {
    co_return;
  }
  // Always read again: the answer is the stored record, and the cache is refreshed with it.
  auto [ec, file] = co_await async_store<store::customer_file>(
      [&](auto done) {
        ctx.svc.store.customer_file_of(c->customer, 0, ctx.svc.customers.limits(),
                                       std::move(done));
      },
      use_nothrow);
  if (ec) {
    ctx.fail(error_code::store_unavailable, "customer record not readable; retry");
    co_return;
  }
  auto rec = ctx.svc.customers.make(std::move(file));
  ctx.svc.customers.put(rec);
  ctx.reply(encode_customer_profile(ctx.request_id, *rec, c->id));
}

void fetch_quick_phrases(const request_context& ctx, const requests::fetch_quick_phrases& req) {
  auto phrases = own_phrases(ctx.svc, ctx.who().subject);
  if (req.conversation != 0) {
    auto c = readable(ctx, req.conversation);
    if (!c) {
      return;
    }
    const auto rec = ctx.svc.customers.find(c->customer);
    const auto values = values_for(ctx.svc, *c, rec.get(), ctx.who());
    for (auto& p : phrases) {
      p.rendered = assist::fill_template(p.row.text, values);
    }
  }
  ctx.reply(encode_quick_phrases(ctx.request_id, req.conversation, phrases));
}

asio::awaitable<void> save_quick_phrase(request_context ctx, requests::save_quick_phrase req) {
  auto prepared = ctx.svc.phrases.prepare_save(ctx.who().subject, std::move(req.id),
                                               std::move(req.group), std::move(req.shortcut),
                                               std::move(req.text),
                                               ctx.svc.config.limits.max_text_chars);
  if (auto* no = std::get_if<phrase_refusal>(&prepared)) {
    ctx.fail(no->code, no->detail);
    co_return;
  }
  auto row = std::get<store::quick_phrase_row>(std::move(prepared));
  row.updated_at = now_ms();
  auto [ec, ok] = co_await async_store<bool>(
      [&](auto done) { return ctx.svc.store.save_quick_phrase(row, std::move(done)); },
      use_nothrow);
  if (ec) {
    ctx.fail(refused(ec) ? error_code::overloaded : error_code::store_unavailable,
             "phrase not saved; retry");
    co_return;
  }
  ctx.svc.phrases.saved(std::move(row));
  ctx.reply(encode_quick_phrases(ctx.request_id, 0, own_phrases(ctx.svc, ctx.who().subject)));
}

asio::awaitable<void> delete_quick_phrase(request_context ctx, requests::delete_quick_phrase req) {
  const auto& agent = ctx.who().subject;
  if (!ctx.svc.phrases.owns(agent, req.id)) {
    ctx.fail(error_code::not_found, "id: no such phrase of yours (shop phrases are read-only)");
    co_return;
  }
  auto [ec, ok] = co_await async_store<bool>(
      [&](auto done) { return ctx.svc.store.delete_quick_phrase(req.id, agent, std::move(done)); },
      use_nothrow);
  if (ec && ec != store::errc::not_found) {
    ctx.fail(refused(ec) ? error_code::overloaded : error_code::store_unavailable,
             "phrase not deleted; retry");
    co_return;
  }
  ctx.svc.phrases.deleted(agent, req.id);
  ctx.reply(encode_quick_phrases(ctx.request_id, 0, own_phrases(ctx.svc, agent)));
}

asio::awaitable<void> edit_customer_tags(request_context ctx, requests::edit_customer_tags req) {
  auto c = readable(ctx, req.conversation);
  if (!c) {
    co_return;
  }
  if (!co_await record_of(ctx, c->customer)) {
    ctx.fail(error_code::store_unavailable, "customer record not readable; retry");
    co_return;
  }
  const auto& tools = ctx.svc.config.shop.tools;
  std::string error;
  std::vector<std::string> tags;
  // Computed and cached under the records' lock, and submitted in that order, so two staff
  // editing at once both keep their change.
  auto rec = ctx.svc.customers.edit(c->customer, [&](customer_record& r) {
    auto next = edited_tags(r.file.customer.tags, req.add, req.remove,
                            tools.max_tags_per_customer, tools.max_tag_chars, error);
    if (!next) {
      return false;
    }
    r.file.customer.tags = tags = std::move(*next);
    return true;
  });
  if (!rec) {
    ctx.fail(error_code::invalid_argument, error.empty() ? "customer record changed" : error);
    co_return;
  }
  auto [ec, ok] = co_await async_store<bool>(
      [&](auto done) {
        return ctx.svc.store.set_customer_tags(c->customer, ctx.svc.config.shop.id, tags,
                                               std::move(done));
      },
      use_nothrow);
  if (ec) {
    ctx.svc.customers.forget(c->customer);  // read again next time
    ctx.fail(refused(ec) ? error_code::overloaded : error_code::store_unavailable,
             "tags not saved; retry");
    co_return;
  }
  share_record(ctx, *c, *rec);
}

asio::awaitable<void> add_customer_note(request_context ctx, requests::add_customer_note req) {
  auto c = readable(ctx, req.conversation);
  if (!c) {
    co_return;
  }
  const auto max = ctx.svc.config.shop.tools.max_note_chars;
  if (assist::utf8_chars(req.text) > max) {
    ctx.fail(error_code::text_too_long, fmt::format("text longer than {} characters", max));
    co_return;
  }
  if (!co_await record_of(ctx, c->customer)) {
    ctx.fail(error_code::store_unavailable, "customer record not readable; retry");
    co_return;
  }
  store::customer_note_row note;
  note.customer_id = c->customer;
  note.shop_id = ctx.svc.config.shop.id;
  note.author_id = ctx.who().subject;
  note.author_name = display_name_of(ctx.svc, ctx.who().subject);
  note.text = std::move(req.text);
  note.at = now_ms();
  auto [ec, id] = co_await async_store<std::uint64_t>(
      [&](auto done) { return ctx.svc.store.add_customer_note(note, std::move(done)); },
      use_nothrow);
  if (ec) {
    ctx.fail(refused(ec) ? error_code::overloaded : error_code::store_unavailable,
             "note not saved; retry");
    co_return;
  }
  note.id = id;
  const auto limit = ctx.svc.customers.limits().notes;
  auto rec = ctx.svc.customers.edit(c->customer, [&](customer_record& r) {
    auto& notes = r.file.notes;
    notes.insert(notes.begin(), note);
    if (notes.size() > limit) {
      notes.resize(limit);
    }
    return true;
  });
  if (!rec) {  // dropped meanwhile (the conversation closed): answer from the store
    rec = co_await record_of(ctx, c->customer);
  }
  if (rec) {
    share_record(ctx, *c, *rec);
  } else {
    ctx.ok();
  }
}

asio::awaitable<void> fetch_suggestions(request_context ctx, requests::fetch_suggestions req) {
  auto c = readable(ctx, req.conversation);
  if (!c) {
    co_return;
  }
  auto [ec, messages] = co_await async_store<std::vector<store::stored_message>>(
      [&](auto done) {
        ctx.svc.store.read_before(c->id, 0, last_messages_scanned, std::move(done));
      },
      use_nothrow);
  if (ec) {
    ctx.fail(error_code::store_unavailable, "messages not readable; retry");
    co_return;
  }
  // Newest first: the buyer's last text that was not recalled.
  store::seq_t for_seq = 0;
  std::string text;
  for (const auto& m : messages) {
    if (m.role == store::sender_role::customer && !m.recalled) {
      text = text_of_message(m);
      if (!text.empty()) {
        for_seq = m.seq;
        break;
      }
    }
  }
  std::vector<suggestion_view> out;
  if (!text.empty()) {
    const auto rec = co_await record_of(ctx, c->customer);
    const auto values = values_for(ctx.svc, *c, rec.get(), ctx.who());
    std::optional<assist::order_facts> facts;
    if (auto o = order_of(ctx.svc, *c, rec.get())) {
      facts = assist::order_facts{o->id, o->status, o->carrier, o->tracking};
    }
    const auto& tools = ctx.svc.config.shop.tools;
    const auto suggester = ctx.svc.phrases.suggester_for(ctx.who().subject);
    for (auto& s : suggester->suggest(text, facts ? &*facts : nullptr, tools.suggestions,
                                      tools.suggestion_min_score)) {
      out.push_back({assist::fill_template(s.text, values), s.source, s.id, s.score});
    }
  }
  ctx.reply(encode_suggestions(ctx.request_id, c->id, for_seq, out));
}

}  // namespace fenliu::gateway::handlers
