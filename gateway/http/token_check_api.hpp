#pragma once
// GET /api/token-check (part "receipts"): does the server accept this token? The pages ask when a
// WebSocket upgrade was refused, since a browser never sees the 401 of a refused upgrade: a 401
// here means "sign in again", anything else (or no answer) a restart or a network problem.
// Token in `Authorization: Bearer <token>`. 200 {"role","identity"}; 401
// {"error":"unauthorized","field":"token","detail":"<why: expired, bad_signature, ...>"}.

#include "gateway/http/http_api.hpp"

namespace fenliu::gateway {

http_response token_check(const http_request& req, services& svc);

}  // namespace fenliu::gateway
