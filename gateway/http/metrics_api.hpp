#pragma once
// GET /metrics: the Prometheus text exposition of the server's metrics (gateway/metrics).

#include <boost/asio/awaitable.hpp>

#include "gateway/http/http_api.hpp"

namespace fenliu::gateway {

/// Answers 200 text/plain; version=0.0.4. The queue figures are read on the router's strand
/// and awaited (never waited for); everything else is read from the registry's atomics. Runs on
/// the connection's strand.
boost::asio::awaitable<http_response> metrics_api(const http_request& req, services& svc);

}  // namespace fenliu::gateway
