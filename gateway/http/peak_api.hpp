#pragma once
// GET /api/peak: peak mode's state and schedule. POST /api/peak {"on": true|false}: a
// supervisor switches it (holds until the schedule's next window start or end). Both need a
// supervisor token. Errors are JSON with a stable `error` and the `field` at fault:
// 401 unauthorized, 403 forbidden, 400 bad_request.

#include "gateway/http/http_api.hpp"

namespace fenliu::gateway {

http_response peak_api(const http_request& req, services& svc);

}  // namespace fenliu::gateway
