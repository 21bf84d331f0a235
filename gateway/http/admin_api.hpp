#pragma once
// The admin API (issue #11, part "admin"): the shop's admin-able config sections over HTTP
// JSON, each change validated by the config parsers, stored with its audit row in one store
// transaction and applied without a restart. `Authorization: Bearer <token>` of role admin of
// this shop. Endpoints (see README, Admin API):
//   GET    /api/admin/sections                      the admin-able sections
//   GET    /api/admin/<section>                     the section's value
//   PUT    /api/admin/<section>                     replace the whole section
//   PATCH  /api/admin/<section>                     JSON merge patch (object sections)
//   POST   /api/admin/<section>                     add an item (list sections)
//   GET    /api/admin/<section>/<key>               one item
//   PATCH  /api/admin/<section>/<key>               JSON merge patch of one item
//   PUT    /api/admin/<section>/<key>               replace one item
//   DELETE /api/admin/<section>/<key>               remove one item
//   POST   /api/admin/agents/<id>/disable | enable  take an agent out of routing or back
//   GET    /api/admin/audit?limit=N                 the audit log, newest first

#include <boost/asio/awaitable.hpp>

#include "gateway/http/http_api.hpp"

namespace fenliu::gateway {

/// Whether the request's path is under /api/admin/.
bool is_admin_request(const http_request& req);

/// Answers the request; errors are JSON {"error","field","detail"}: 401 unauthorized, 403
/// forbidden, 400 bad_request naming the field, 404 not_found, 405 method_not_allowed, 503
/// store_unavailable. Runs on the connection's strand; the store is awaited, never waited for.
boost::asio::awaitable<http_response> admin_api(const http_request& req, services& svc);

}  // namespace fenliu::gateway
