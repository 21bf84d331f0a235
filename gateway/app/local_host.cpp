#include "gateway/app/dispatcher.hpp"
#include "gateway/app/services.hpp"
#include "gateway/app/session_host.hpp"

namespace fenliu::gateway {

attach_result local_host::attach(const std::shared_ptr<session_sink>& session) {
  return svc_.hub.attach(session) ? attach_result::attached : attach_result::too_many_connections;
}

frame_ptr local_host::welcome(const std::shared_ptr<session_sink>& session) {
  return on_session_attached(svc_, session);
}

void local_host::handle(const std::shared_ptr<session_sink>& session, std::string_view,
                        decoded_frame frame, const boost::asio::any_io_executor& strand) {
  dispatch(svc_, session, std::move(frame), strand);
}

void local_host::detach(const session_sink& session) {
  const bool last = svc_.hub.detach(session);
  on_session_detached(svc_, session, last);
}

}  // namespace fenliu::gateway
