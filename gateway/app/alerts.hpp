#pragma once
// Supervisor alerts: every alert the router raises is stored (listed again after a reload
// until a supervisor acknowledges it) and pushed to every supervisor session.

#include "fenliu/router/actions.hpp"
#include "gateway/app/services.hpp"

namespace fenliu::gateway {

/// Gives the alert an id and a time, stores it and pushes it once stored. A store that refuses
/// or fails the write (full queue, unavailable) still lets the push through.
void raise_alert(services& svc, const router::action::supervisor_alert& alert);

}  // namespace fenliu::gateway
