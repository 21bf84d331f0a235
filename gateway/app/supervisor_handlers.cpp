// Supervisor (live board, monitor, barge, force state, decisions) and QA (sample, transcript,
// review) frames. QA never writes into a conversation.
#include <boost/json.hpp>

#include "gateway/app/board.hpp"
#include "gateway/app/handlers.hpp"

namespace fenliu::gateway::handlers {
namespace {
// The newest messages a transcript carries; a longer conversation is cut at its oldest end.
constexpr std::size_t transcript_max_messages = 100000;
}  // namespace

void subscribe_board(const request_context& ctx, const v1::SubscribeBoard& req) {
  ctx.svc.hub.subscribe_board(ctx.who().subject, req.subscribe());
  ctx.ok();
  if (req.subscribe()) {
    send_board_snapshot(ctx.svc, ctx.self);
  }
}

void monitor(const request_context& ctx, const v1::MonitorConversation& req) {
  const auto who = ctx.who().subject;
  const bool on = req.monitor();
  if (!ctx.svc.hub.update(req.conversation_id(), [&](conversation_entry& c) {
        if (on) {
          c.monitors.insert(who);
        } else {
          c.monitors.erase(who);
        }
      })) {
    ctx.fail(v1::ERROR_CODE_NOT_FOUND, "no such open conversation");
    return;
  }
  ctx.ok();
}

void barge(const request_context& ctx, const v1::Barge& req) {
  const auto who = ctx.who().subject;
  if (!ctx.svc.hub.update(req.conversation_id(),
                          [&](conversation_entry& c) { c.barged.insert(who); })) {
    ctx.fail(v1::ERROR_CODE_NOT_FOUND, "no such open conversation");
    return;
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
  v1::MessageContent content;
  content.mutable_notice()->set_kind("supervisor_joined");
  content.mutable_notice()->set_text("主管 " + name + " 加入了会话 · Supervisor " + name +
                                     " joined the chat");
  const request_context announce{ctx.svc, ctx.self, 0};  // its ack is a push, not a reply
  store_message(announce, req.conversation_id(), "barge-" + std::to_string(req.conversation_id()),
                content, false, 0);
}

void force_agent_state(const request_context& ctx, const v1::ForceAgentState& req) {
  ctx.svc.router.post(router::event::agent_state_set{req.agent_id(), *from_v1(req.state()),
                                                     "supervisor:" + ctx.who().subject});
  ctx.ok();
}

void fetch_decisions(const request_context& ctx, const v1::FetchDecisions& req) {
  ctx.svc.store.decisions_of(
      req.conversation_id(), [ctx, req](std::error_code ec, std::vector<store::decision_row> rows) {
        if (ec) {
          ctx.fail(v1::ERROR_CODE_STORE_UNAVAILABLE, "store unavailable; retry");
          return;
        }
        v1::ServerEnvelope env;
        auto* d = env.mutable_decisions();
        d->set_conversation_id(req.conversation_id());
        for (const auto& row : rows) {
          auto* r = d->add_records();
          r->set_conversation_id(row.conversation);
          r->set_at_ms(row.at);
          r->set_rule(row.rule);
          r->set_winner(row.winner);
          boost::system::error_code jec;
          auto parsed = boost::json::parse(row.candidates_json, jec);
          if (!jec && parsed.is_array()) {
            for (const auto& c : parsed.as_array()) {
              if (!c.is_object()) {
                continue;
              }
              auto* cand = r->add_candidates();
              if (const auto* a = c.as_object().if_contains("agent"); a && a->is_string()) {
                cand->set_agent_id(std::string(a->as_string()));
              }
              if (const auto* w = c.as_object().if_contains("rejected_because");
                  w && w->is_string()) {
                cand->set_rejected_because(std::string(w->as_string()));
              }
            }
          }
        }
        ctx.reply(env);
      });
}

void fetch_qa_sample(const request_context& ctx, const v1::FetchQaSample& req) {
  const std::size_t limit = req.limit() == 0 ? 20 : std::min<std::uint32_t>(req.limit(), 200);
  ctx.svc.store.qa_sample(to_store_stage(req.stage()), limit,
                          [ctx](std::error_code ec, std::vector<store::conversation_record> rows) {
                            if (ec) {
                              ctx.fail(v1::ERROR_CODE_STORE_UNAVAILABLE, "store unavailable");
                              return;
                            }
                            v1::ServerEnvelope env;
                            for (const auto& rec : rows) {
                              to_v1(rec, *env.mutable_qa_sample()->add_conversations());
                            }
                            env.mutable_qa_sample();
                            ctx.reply(env);
                          });
}

void fetch_transcript(const request_context& ctx, const v1::FetchTranscript& req) {
  with_readable_conversation(
      ctx, req.conversation_id(), [ctx](const store::conversation_record& rec) {
        // QA reads everything still stored, recalled originals included. read_before (newest
        // first) rather than read_after(0): the latter answers beyond_retention once the oldest
        // messages are purged, but a transcript shows what is left. Reversed below: oldest first.
        ctx.svc.store.read_before(
            rec.id, 0, transcript_max_messages,
            [ctx, rec](std::error_code ec, std::vector<store::stored_message> msgs) {
              if (ec) {
                ctx.fail(v1::ERROR_CODE_STORE_UNAVAILABLE, "store unavailable; retry");
                return;
              }
              v1::ServerEnvelope env;
              auto* t = env.mutable_transcript();
              to_v1(rec, *t->mutable_conversation());
              for (auto m = msgs.rbegin(); m != msgs.rend(); ++m) {
                to_v1(*m, *t->add_messages());
              }
              ctx.reply(env);
            });
      });
}

void submit_qa_review(const request_context& ctx, const v1::SubmitQaReview& req) {
  with_readable_conversation(
      ctx, req.conversation_id(), [ctx, req](const store::conversation_record&) {
        boost::json::array scores;
        std::uint32_t total = 0;
        for (const auto& s : req.scores()) {
          scores.push_back({{"item", s.item()}, {"score", s.score()}});
          total += s.score();
        }
        store::qa_review_row row{
            req.conversation_id(),   ctx.who().subject, boost::json::serialize(scores),
            static_cast<int>(total), req.comment(),     now_ms()};
        auto pushed =
            ctx.svc.store.save_qa_review(row, [ctx, req, total](std::error_code ec, bool) {
              if (ec) {
                ctx.fail(v1::ERROR_CODE_STORE_UNAVAILABLE, "could not store the review");
                return;
              }
              v1::ServerEnvelope env;
              env.mutable_qa_review_saved()->set_conversation_id(req.conversation_id());
              env.mutable_qa_review_saved()->set_total_score(total);
              ctx.reply(env);
            });
        if (pushed) {
          ctx.fail(v1::ERROR_CODE_OVERLOADED, "store queue full");
        }
      });
}

}  // namespace fenliu::gateway::handlers
