#pragma once
// Part "kpis": GET /api/kpis?from=&to=&group_by=agent|stage|shop&period=all|day|week
// &format=json|csv. `Authorization: Bearer <token>` of role supervisor or admin, of this shop.
// from/to: Unix ms, a local date "YYYY-MM-DD" (from: its midnight; to: the end of that day),
// or a local time "YYYY-MM-DDTHH:MM[:SS]" of the shop's time zone. See README, KPIs.

#include <boost/asio/awaitable.hpp>

#include "gateway/http/http_api.hpp"

namespace fenliu::gateway {

/// 200 JSON (or CSV with format=csv); errors JSON {"error","field","detail"}: 400 bad_request
/// naming the parameter, 401 unauthorized, 403 forbidden, 405 method_not_allowed, 503
/// store_unavailable. The store read is awaited on the connection's strand.
boost::asio::awaitable<http_response> kpi_api(const http_request& req, services& svc);

}  // namespace fenliu::gateway
