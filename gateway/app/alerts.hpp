#pragma once
// Supervisor alerts: every alert the router raises is stored (listed again after a reload
// until a supervisor acknowledges it) and pushed to every supervisor session.

#include "fenliu/router/actions.hpp"
#include "gateway/app/services.hpp"

namespace fenliu::gateway {

/// Gives the alert an id and a time, stores it and pushes it. A store that refuses the write
/// (full queue, unavailable) still lets the push through: an alert is never held back.
void raise_alert(services& svc, const router::action::supervisor_alert& alert);

}  // namespace fenliu::gateway
