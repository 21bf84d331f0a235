#pragma once
// Hands each finished store transaction's callbacks to the I/O threads in one post, through one
// strand, so that the writer thread goes on writing instead of encoding and fanning out, and a
// committed batch costs one wake-up of an I/O thread rather than one per recipient and sender.
// The strand keeps batches in commit order across I/O threads, so every recipient still gets
// its frames in seq order, and a sender's ack still follows the message's fan-out. Inside the
// strand's handler a session strand that is idle runs inline (asio::dispatch), so frames reach
// the sessions' queues without further posts.

#include <atomic>
#include <functional>
#include <memory>

namespace boost::asio {
class io_context;
}

namespace fenliu::gateway {

class batch_completions {
 public:
  batch_completions();
  ~batch_completions();
  batch_completions(const batch_completions&) = delete;
  batch_completions& operator=(const batch_completions&) = delete;

  /// From here on batches complete on `io`'s threads. Before (while the server seeds its store
  /// and nothing runs `io` yet) they complete on the writer thread, as without this class.
  void start(boost::asio::io_context& io);
  /// store_options::complete_batches_with. Called on the store's writer thread.
  void hand(std::function<void()> complete_batch);
  /// Drops the strand; call once the store's writer has stopped and before `io` is destroyed
  /// (the strand's state lives in `io`'s strand service).
  void stop();

 private:
  struct strand_holder;
  std::unique_ptr<strand_holder> strand_;
  std::atomic<bool> started_{false};
};

}  // namespace fenliu::gateway
