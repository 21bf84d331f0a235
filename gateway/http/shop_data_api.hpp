#pragma once
// The shop data API: the shop's system imports products and orders.
//   PUT  /api/products/<id>   one product, JSON
//   PUT  /api/orders/<id>     one order, JSON
//   POST /api/import/products a JSON array or a CSV table (Content-Type text/csv)
//   POST /api/import/orders   the same, for orders
// `Authorization: Bearer <token>` of role admin, or supervisor, of this shop. Every row is checked
// before anything is written, and all rows are written in one store transaction: a request
// either stores everything or nothing. See README, Shop data.

#include <boost/asio/awaitable.hpp>

#include "gateway/http/http_api.hpp"

namespace fenliu::gateway {

/// Whether the request is one of the endpoints above (any method: a wrong one gets 405).
bool is_shop_data_request(const http_request& req);

/// Answers 200 (updated) / 201 (created) with the stored object, or 200 {"imported": N} for a
/// bulk import; errors are JSON {"error","field","detail"}: 401 unauthorized, 403 forbidden,
/// 400 bad_request naming the field, 405 method_not_allowed, 413 payload_too_large, 415
/// unsupported_media_type, 503 store_unavailable. Runs on the connection's strand; the store
/// write is awaited, never waited for.
boost::asio::awaitable<http_response> shop_data_api(const http_request& req, services& svc);

}  // namespace fenliu::gateway
