#include "pg_socket_wait.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

namespace fenliu::store::pg {

namespace asio = boost::asio;

// The thread's own io_context: it runs only inside wait(), so nothing else is ever dispatched on
// a store thread, and a store thread never touches the gateway's executors.
struct socket_wait::impl {
  asio::io_context io{1};
};

socket_wait::socket_wait() : impl_(std::make_unique<impl>()) {}
socket_wait::~socket_wait() = default;

socket_wait::outcome socket_wait::wait(int fd, bool read, bool write,
                                       std::chrono::steady_clock::time_point until) {
  if (fd < 0) {
    return outcome::failed;
  }
  auto& io = impl_->io;
  io.restart();
  boost::system::error_code ec;
  // Registering the descriptor afresh for each wait: epoll reports a socket that is already
  // ready at registration, which an edge-triggered registration kept across waits could miss.
  asio::posix::stream_descriptor socket(io);
  socket.assign(fd, ec);
  if (ec) {
    return outcome::failed;
  }
  outcome result = outcome::timed_out;
  const auto on_ready = [&result](const boost::system::error_code& e) {
    if (result == outcome::timed_out) {
      result = e ? (e == asio::error::operation_aborted ? outcome::timed_out : outcome::failed)
                 : outcome::ready;
    }
  };
  if (read) {
    socket.async_wait(asio::posix::stream_descriptor::wait_read, on_ready);
  }
  if (write) {
    socket.async_wait(asio::posix::stream_descriptor::wait_write, on_ready);
  }
  io.run_one_until(until);
  // The other wait (or both, at the deadline) ends as cancelled; its handler must run before
  // `socket` goes, and the descriptor goes back to libpq unclosed.
  socket.cancel(ec);
  io.restart();
  io.run();
  (void)socket.release();
  return result;
}

}  // namespace fenliu::store::pg
