#pragma once
// The unit the protocol layer hands to the rest of the gateway: one encoded server frame.

#include <memory>
#include <string>

namespace fenliu::gateway {

/// An encoded ServerEnvelope, shared by every recipient of a fan-out. Immutable once built, so
/// any thread may hold and send it.
using frame_ptr = std::shared_ptr<const std::string>;

}  // namespace fenliu::gateway
