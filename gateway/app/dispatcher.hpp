#pragma once
// Carries out one validated client frame for a session: store reads and writes, router events,
// replies. Runs on the session's strand and never blocks: store work completes on store threads
// and replies go through the session's mailbox.

#include <boost/asio/any_io_executor.hpp>
#include <memory>

#include "gateway/app/services.hpp"
#include "gateway/app/session_sink.hpp"
#include "gateway/protocol/requests.hpp"

namespace fenliu::gateway {

/// Runs the frame's handler for `self`. Call on the session's strand, `strand`; handlers that
/// wait for the store are spawned on it as coroutines and continue there.
void dispatch(services& svc, const std::shared_ptr<session_sink>& self, decoded_frame frame,
              const boost::asio::any_io_executor& strand);

/// Connection lifecycle hooks: presence for the router, Welcome for the client.
/// Returns the Welcome, which the session must send before anything else: frames fanned out to
/// it since it joined the hub may already be queued, and Welcome goes ahead of them.
frame_ptr on_session_attached(services& svc, const std::shared_ptr<session_sink>& self);
void on_session_detached(services& svc, const session_sink& self, bool last_of_identity);

}  // namespace fenliu::gateway
