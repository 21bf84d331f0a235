#pragma once
// POST /api/orders/<order_id>/status: the shop's order system reports that an order changed
// state (paid, shipped, refund_open, ...). The next chat opened from that order is classified by
// the new status, and the buyer's open chat about it moves to the stage the router's rules name.

#include "gateway/http/http_api.hpp"

namespace fenliu::gateway {

/// `order_id` is the path segment. Answers 202 with JSON, or a JSON error with a stable `error`
/// code: 401 `unauthorized`, 403 `forbidden`, 400 `bad_request` / `unknown_status`, 404
/// `unknown_order`.
http_response update_order_status(const http_request& req, services& svc,
                                  std::string_view order_id);

}  // namespace fenliu::gateway
