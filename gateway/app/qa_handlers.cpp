// QA inspection: the sample by the shop's rules (qa_sampler.hpp), the checklist, the reviews
// (visible to QA, supervisors and the scored agent). QA never writes into a conversation: the
// only write here is the review itself.
#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <set>

#include "gateway/app/handlers.hpp"
#include "gateway/app/qa_sampler.hpp"
#include "gateway/app/store_awaitable.hpp"

namespace fenliu::gateway::handlers {
namespace {

constexpr std::int64_t ms_per_day = 86'400'000;
constexpr std::size_t default_sample_size = 20;

std::size_t clamp_limit(std::uint32_t asked, std::size_t fallback, std::size_t most) {
  return asked == 0 ? fallback : std::min<std::size_t>(asked, most);
}

frame_ptr sample_frame(std::uint64_t request_id, const services& svc,
                       const std::vector<store::qa_candidate_row>& rows, std::size_t limit) {
  const auto& routing = svc.config.shop.routing;
  const auto shop = svc.live.get();
  const auto picks = pick_qa_sample(
      rows, shop->qa,
      [&routing](std::int64_t at) { return router::utc_offset_minutes_at(routing, at); }, limit);
  std::vector<qa_sample_entry> entries;
  entries.reserve(picks.size());
  for (const auto& p : picks) {
    entries.push_back({&rows[p.candidate].conversation, p.reason, rows[p.candidate].rating_stars});
  }
  return encode_qa_sample(request_id, entries);
}

void read_sample(services& svc, std::optional<store::stage_code> stage,
                 store::callback<std::vector<store::qa_candidate_row>> done) {
  const auto now = now_ms();
  svc.store.qa_candidates(now - svc.config.shop.qa.sample_days * ms_per_day, now + 1, stage,
                          std::move(done));
}

}  // namespace

asio::awaitable<void> fetch_qa_sample(request_context ctx, requests::fetch_qa_sample req) {
  const std::size_t limit = clamp_limit(req.limit, default_sample_size, 200);
  const auto stage = req.stage ? std::optional(to_store_stage(*req.stage)) : std::nullopt;
  auto [ec, rows] = co_await async_store<std::vector<store::qa_candidate_row>>(
      [&](auto done) { read_sample(ctx.svc, stage, std::move(done)); }, use_nothrow);
  if (ec) {
    ctx.fail(error_code::store_unavailable, "store unavailable");
    co_return;
  }
  ctx.reply(sample_frame(ctx.request_id, ctx.svc, rows, limit));
}

void refresh_qa_samples(services& svc) {
  read_sample(svc, std::nullopt,
              [&svc](std::error_code ec, std::vector<store::qa_candidate_row> rows) {
                if (!ec) {
                  svc.hub.send_to_role(role::qa, sample_frame(0, svc, rows, default_sample_size));
                }
              });
}

asio::awaitable<void> fetch_qa_checklist(request_context ctx, requests::fetch_qa_checklist) {
  std::vector<checklist_entry> items;
  const auto shop = ctx.svc.live.get();
  for (const auto& i : shop->qa.checklist) {
    items.push_back({i.id, i.label, i.weight, i.max_score});
  }
  ctx.reply(encode_qa_checklist(ctx.request_id, items));
  co_return;
}

asio::awaitable<void> submit_qa_review(request_context ctx, requests::submit_qa_review req) {
  // Every checklist item exactly once, within its scale: a review that misses one or scores
  // outside the scale is refused whole.
  const auto shop = ctx.svc.live.get();  // the admin API may replace it meanwhile
  const auto& checklist = shop->qa.checklist;
  std::set<std::string, std::less<>> seen;
  double weighted = 0;
  double weights = 0;
  for (const auto& s : req.scores) {
    const auto item = std::find_if(checklist.begin(), checklist.end(),
                                   [&](const auto& c) { return c.id == s.item; });
    if (item == checklist.end()) {
      ctx.fail(error_code::invalid_argument, "scores.item: not on the checklist: " + s.item);
      co_return;
    }
    if (!seen.insert(s.item).second) {
      ctx.fail(error_code::invalid_argument, "scores.item: scored twice: " + s.item);
      co_return;
    }
    if (s.score > static_cast<std::uint32_t>(item->max_score)) {
      ctx.fail(error_code::invalid_argument,
               "scores.score: " + s.item + " is scored 0.." + std::to_string(item->max_score));
      co_return;
    }
    weighted += item->weight * static_cast<double>(s.score) / item->max_score;
    weights += item->weight;
  }
  if (seen.size() != checklist.size()) {
    for (const auto& c : checklist) {
      if (!seen.contains(c.id)) {
        ctx.fail(error_code::invalid_argument, "scores: missing checklist item " + c.id);
        co_return;
      }
    }
  }
  const auto rec = co_await readable_conversation(ctx, req.conversation);
  if (!rec) {
    co_return;
  }
  boost::json::array scores;
  for (const auto& s : req.scores) {
    scores.push_back({{"item", s.item}, {"score", s.score}});
  }
  const int total = weights > 0 ? static_cast<int>(std::lround(100.0 * weighted / weights)) : 0;
  store::qa_review_row row{req.conversation, ctx.who().subject, boost::json::serialize(scores),
                           total,            req.comment,       now_ms(),
                           rec->agent_id};
  auto [ec, saved] = co_await async_store<bool>(
      [&](auto done) { return ctx.svc.store.save_qa_review(row, std::move(done)); }, use_nothrow);
  if (refused(ec)) {
    ctx.fail(error_code::overloaded, "store queue full");
  } else if (ec) {
    ctx.fail(error_code::store_unavailable, "could not store the review");
  } else {
    ctx.reply(encode_qa_review_saved(ctx.request_id, row));
    // The scored agent sees it at once (and any time later through FetchQaReviews).
    if (!row.agent_id.empty()) {
      ctx.svc.hub.send_to(row.agent_id, encode_qa_review_saved(0, row));
    }
  }
}

asio::awaitable<void> fetch_qa_reviews(request_context ctx, requests::fetch_qa_reviews req) {
  const std::size_t limit = clamp_limit(req.limit, 50, 500);
  const bool agent = ctx.who().role_ == role::agent;
  std::vector<store::qa_review_row> rows;
  std::error_code ec;
  if (req.conversation != 0) {
    auto [e, r] = co_await async_store<std::vector<store::qa_review_row>>(
        [&](auto done) { ctx.svc.store.qa_reviews_of(req.conversation, std::move(done)); },
        use_nothrow);
    ec = e;
    rows = std::move(r);
    std::reverse(rows.begin(), rows.end());  // newest first
    if (rows.size() > limit) {
      rows.resize(limit);
    }
  } else {
    // An agent reads only their own reviews, whatever agent_id says.
    const std::string whose = agent ? ctx.who().subject : req.agent_id;
    auto [e, r] = co_await async_store<std::vector<store::qa_review_row>>(
        [&](auto done) { ctx.svc.store.qa_reviews_of_agent(whose, limit, std::move(done)); },
        use_nothrow);
    ec = e;
    rows = std::move(r);
  }
  if (ec) {
    ctx.fail(error_code::store_unavailable, "store unavailable; retry");
    co_return;
  }
  if (agent) {
    std::erase_if(rows, [&](const auto& r) { return r.agent_id != ctx.who().subject; });
  }
  ctx.reply(encode_qa_reviews(ctx.request_id, rows));
}

}  // namespace fenliu::gateway::handlers
