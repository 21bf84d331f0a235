// Supervisor (live board, monitor, barge, force state, decisions) and QA (sample, transcript,
// review) frames. QA never writes into a conversation.
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
  for (const auto& a : ctx.svc.config.shop.agents) {
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

asio::awaitable<void> fetch_qa_sample(request_context ctx, requests::fetch_qa_sample req) {
  const std::size_t limit = req.limit == 0 ? 20 : std::min<std::uint32_t>(req.limit, 200);
  // No stage: every stage.
  const auto stage = req.stage ? std::optional(to_store_stage(*req.stage)) : std::nullopt;
  auto [ec, rows] = co_await async_store<std::vector<store::conversation_record>>(
      [&](auto done) { ctx.svc.store.qa_sample(stage, limit, std::move(done)); }, use_nothrow);
  if (ec) {
    ctx.fail(error_code::store_unavailable, "store unavailable");
    co_return;
  }
  ctx.reply(encode_qa_sample(ctx.request_id, rows));
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

asio::awaitable<void> submit_qa_review(request_context ctx, requests::submit_qa_review req) {
  if (!co_await readable_conversation(ctx, req.conversation)) {
    co_return;
  }
  boost::json::array scores;
  std::uint32_t total = 0;
  for (const auto& s : req.scores) {
    scores.push_back({{"item", s.item}, {"score", s.score}});
    total += s.score;
  }
  store::qa_review_row row{
      req.conversation,        ctx.who().subject, boost::json::serialize(scores),
      static_cast<int>(total), req.comment,       now_ms()};
  auto [ec, saved] = co_await async_store<bool>(
      [&](auto done) { return ctx.svc.store.save_qa_review(row, std::move(done)); }, use_nothrow);
  if (refused(ec)) {
    ctx.fail(error_code::overloaded, "store queue full");
  } else if (ec) {
    ctx.fail(error_code::store_unavailable, "could not store the review");
  } else {
    ctx.reply(encode_qa_review_saved(ctx.request_id, req.conversation, total));
  }
}

}  // namespace fenliu::gateway::handlers
