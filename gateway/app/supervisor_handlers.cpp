// Supervisor (live board, alerts, monitor, barge, force state, decisions) frames and the QA
// transcript (qa_handlers.cpp has the sample and reviews). QA never writes into a conversation.
#include <algorithm>
#include <boost/json.hpp>

#include "gateway/app/board.hpp"
#include "gateway/app/handlers.hpp"
#include "gateway/app/store_awaitable.hpp"

namespace fenliu::gateway::handlers {
namespace {
// The newest messages a transcript carries; a longer conversation is cut at its oldest end.
constexpr std::size_t transcript_max_messages = 100000;

// A stored decision with its candidates, which the store keeps as JSON.
router::decision_record decision_of(const store::decision_row& row) {
  router::decision_record out;
  out.conversation = row.conversation;
  out.at = row.at;
  out.rule = row.rule;
  if (!row.winner.empty()) {
    out.winner = row.winner;
  }
  boost::system::error_code jec;
  auto parsed = boost::json::parse(row.candidates_json, jec);
  if (jec || !parsed.is_array()) {
    return out;
  }
  for (const auto& c : parsed.as_array()) {
    if (!c.is_object()) {
      continue;
    }
    auto& cand = out.candidates.emplace_back();
    if (const auto* a = c.as_object().if_contains("agent"); a && a->is_string()) {
      cand.agent = std::string(a->as_string());
    }
    if (const auto* w = c.as_object().if_contains("rejected_because"); w && w->is_string()) {
      cand.rejected_because = std::string(w->as_string());
    }
  }
  return out;
}

}  // namespace

void subscribe_board(const request_context& ctx, const requests::subscribe_board& req) {
  ctx.svc.hub.subscribe_board(ctx.who().subject, req.subscribe);
  ctx.ok();
  if (req.subscribe) {
    send_board_snapshot(ctx.svc, ctx.self);
    // The open alerts, so a reloaded board shows what is still unhandled.
    ctx.svc.store.alerts(false, 50, [self = ctx.self](std::error_code ec,
                                                      std::vector<store::alert_row> rows) {
      if (!ec && self) {
        self->deliver(encode_alert_list(0, rows), delivery_class::durable);
      }
    });
  }
}

void monitor(const request_context& ctx, const requests::monitor& req) {
  const auto who = ctx.who().subject;
  const bool on = req.monitor;
  if (!ctx.svc.hub.update(req.conversation, [&](conversation_entry& c) {
        if (on) {
          c.monitors.insert(who);
        } else {
          c.monitors.erase(who);
        }
      })) {
    ctx.fail(error_code::not_found, "no such open conversation");
    return;
  }
  ctx.ok();
}

asio::awaitable<void> barge(request_context ctx, requests::barge req) {
  const auto who = ctx.who().subject;
  if (!ctx.svc.hub.update(req.conversation, [&](conversation_entry& c) { c.barged.insert(who); })) {
    ctx.fail(error_code::not_found, "no such open conversation");
    co_return;
  }
  ctx.ok();
  // Joining is visible: a stored notice tells the customer (and later the transcript) who joined.
  // Its client_msg_id is fixed per conversation, so barging in again announces nothing twice.
  std::string name = who;
  const auto shop = ctx.svc.live.get();
  for (const auto& a : shop->agents) {
    if (a.id == who) {
      name = a.display_name;
    }
  }
  const auto content =
      notice_content("supervisor_joined",
                     "主管 " + name + " 加入了会话 · Supervisor " + name + " joined the chat");
  // Its ack is a push, not a reply; no receipt time: not an ack latency.
  const request_context announce{ctx.svc, ctx.self, 0, {}};
  co_await store_message(announce, req.conversation, "barge-" + std::to_string(req.conversation),
                         content, false, 0);
}

void force_agent_state(const request_context& ctx, const requests::force_agent_state& req) {
  ctx.svc.router.post(
      router::event::agent_state_set{req.agent_id, req.state, "supervisor:" + ctx.who().subject});
  ctx.ok();
}

asio::awaitable<void> fetch_decisions(request_context ctx, requests::fetch_decisions req) {
  auto [ec, rows] = co_await async_store<std::vector<store::decision_row>>(
      [&](auto done) { ctx.svc.store.decisions_of(req.conversation, std::move(done)); },
      use_nothrow);
  if (ec) {
    ctx.fail(error_code::store_unavailable, "store unavailable; retry");
    co_return;
  }
  std::vector<router::decision_record> records;
  records.reserve(rows.size());
  for (const auto& row : rows) {
    records.push_back(decision_of(row));
  }
  ctx.reply(encode_decisions(ctx.request_id, req.conversation, records));
}

asio::awaitable<void> fetch_transcript(request_context ctx, requests::fetch_transcript req) {
  const auto rec = co_await readable_conversation(ctx, req.conversation);
  if (!rec) {
    co_return;
  }
  // QA reads everything still stored, recalled originals included. read_before (newest first)
  // rather than read_after(0): the latter answers beyond_retention once the oldest messages are
  // purged, but a transcript shows what is left. Reversed below: oldest first.
  auto [ec, msgs] = co_await async_store<std::vector<store::stored_message>>(
      [&](auto done) {
        ctx.svc.store.read_before(rec->id, 0, transcript_max_messages, std::move(done));
      },
      use_nothrow);
  if (ec) {
    ctx.fail(error_code::store_unavailable, "store unavailable; retry");
    co_return;
  }
  std::reverse(msgs.begin(), msgs.end());
  const auto context = co_await transcript_context_of(ctx, rec->id);
  ctx.reply(encode_transcript(ctx.request_id, *rec, msgs, context));
}

asio::awaitable<void> ack_alert(request_context ctx, requests::ack_alert req) {
  auto [ec, row] = co_await async_store<store::alert_row>(
      [&](auto done) {
        return ctx.svc.store.acknowledge_alert(req.alert_id, ctx.who().subject, now_ms(),
                                               std::move(done));
      },
      use_nothrow);
  if (ec == store::errc::not_found) {
    ctx.fail(error_code::not_found, "no such alert");
  } else if (refused(ec)) {
    ctx.fail(error_code::overloaded, "store queue full");
  } else if (ec) {
    ctx.fail(error_code::store_unavailable, "store unavailable; retry");
  } else {
    ctx.ok();
    // Every supervisor's list drops it (or shows who handled it).
    ctx.svc.hub.send_to_role(role::supervisor, encode_alert(row));
  }
}

asio::awaitable<void> fetch_alerts(request_context ctx, requests::fetch_alerts req) {
  const std::size_t limit = req.limit == 0 ? 50 : std::min<std::uint32_t>(req.limit, 500);
  auto [ec, rows] = co_await async_store<std::vector<store::alert_row>>(
      [&](auto done) { ctx.svc.store.alerts(req.include_acknowledged, limit, std::move(done)); },
      use_nothrow);
  if (ec) {
    ctx.fail(error_code::store_unavailable, "store unavailable; retry");
    co_return;
  }
  ctx.reply(encode_alert_list(ctx.request_id, rows));
}

}  // namespace fenliu::gateway::handlers
