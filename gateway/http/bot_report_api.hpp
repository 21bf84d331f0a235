#pragma once
// GET /api/bot/unanswered?from=<ms>&to=<ms>[&stage=pre_sales|in_sale|after_sales]
// (聊天数据分析): the buyer questions the bot did not answer, or answered before the buyer asked
// for a person anyway, grouped by similarity per day (shop time) and stage, with counts and
// examples, so a shop turns the big groups into FAQ entries. Supervisor token required.

#include <boost/asio/awaitable.hpp>

#include "gateway/http/http_api.hpp"

namespace fenliu::gateway {

/// Answers 200 with {"from","to","groups":[...]} or a JSON error {"error","field","detail"}:
/// 401 unauthorized, 403 forbidden, 400 bad_request naming the field, 503 store_unavailable.
/// Runs on the connection's strand; the store read is awaited, never waited for.
boost::asio::awaitable<http_response> unanswered_report(const http_request& req, services& svc);

}  // namespace fenliu::gateway
