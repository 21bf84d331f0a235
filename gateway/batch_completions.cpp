#include "gateway/batch_completions.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

namespace fenliu::gateway {

struct batch_completions::strand_holder {
  explicit strand_holder(boost::asio::io_context& io) : strand(boost::asio::make_strand(io)) {}
  boost::asio::strand<boost::asio::io_context::executor_type> strand;
};

batch_completions::batch_completions() = default;
batch_completions::~batch_completions() = default;

void batch_completions::start(boost::asio::io_context& io) {
  strand_ = std::make_unique<strand_holder>(io);
  started_.store(true, std::memory_order_release);
}

void batch_completions::stop() {
  started_.store(false, std::memory_order_release);
  strand_.reset();
}

void batch_completions::hand(std::function<void()> complete_batch) {
  // The flag only goes from false to true, and an inline batch has completed before the writer
  // takes the next one: no batch handed to the strand can be overtaken by an inline one.
  if (!started_.load(std::memory_order_acquire)) {
    complete_batch();
    return;
  }
  boost::asio::post(strand_->strand, std::move(complete_batch));
}

}  // namespace fenliu::gateway
