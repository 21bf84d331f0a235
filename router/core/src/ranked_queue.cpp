#include "ranked_queue.hpp"

#include <algorithm>
#include <iterator>

namespace fenliu::router::detail {
namespace {

bool key_less(const queue_entry& e, const queue_key& k) {
  return e.key < k;
}

}  // namespace

std::size_t ranked_queue::block_for(const queue_key& k) const {
  // The first block whose last key is not below k; past the end: the last block.
  auto it = std::lower_bound(
      blocks_.begin(), blocks_.end(), k,
      [](const std::vector<queue_entry>& b, const queue_key& key) { return b.back().key < key; });
  if (it == blocks_.end()) {
    return blocks_.empty() ? 0 : blocks_.size() - 1;
  }
  return static_cast<std::size_t>(std::distance(blocks_.begin(), it));
}

int ranked_queue::insert(const queue_entry& e) {
  if (blocks_.empty()) {
    auto& first = blocks_.emplace_back();
    first.reserve(max_block);
    first.push_back(e);
    size_ = 1;
    return 1;
  }
  std::size_t b = block_for(e.key);
  auto& block = blocks_[b];
  auto at = std::lower_bound(block.begin(), block.end(), e.key, key_less);
  const auto offset = static_cast<std::size_t>(std::distance(block.begin(), at));
  block.insert(at, e);
  ++size_;
  std::size_t before = 0;
  for (std::size_t i = 0; i < b; ++i) {
    before += blocks_[i].size();
  }
  if (block.size() >= max_block) {
    // Split in halves; the new block keeps its capacity for later inserts.
    std::vector<queue_entry> upper;
    upper.reserve(max_block);
    const auto half = static_cast<std::ptrdiff_t>(block.size() / 2);
    upper.assign(block.begin() + half, block.end());
    block.erase(block.begin() + half, block.end());
    blocks_.insert(blocks_.begin() + static_cast<std::ptrdiff_t>(b) + 1, std::move(upper));
  }
  return static_cast<int>(before + offset + 1);
}

bool ranked_queue::erase(const queue_key& k) {
  if (blocks_.empty()) {
    return false;
  }
  const std::size_t b = block_for(k);
  auto& block = blocks_[b];
  auto at = std::lower_bound(block.begin(), block.end(), k, key_less);
  if (at == block.end() || at->key != k) {
    return false;
  }
  block.erase(at);
  --size_;
  if (block.empty()) {
    blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(b));
  } else if (b + 1 < blocks_.size() && block.size() + blocks_[b + 1].size() < max_block / 2) {
    // Keep the block count proportional to the size.
    auto& next = blocks_[b + 1];
    block.insert(block.end(), next.begin(), next.end());
    blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(b) + 1);
  }
  return true;
}

int ranked_queue::position(const queue_key& k) const {
  if (blocks_.empty()) {
    return 0;
  }
  const std::size_t b = block_for(k);
  const auto& block = blocks_[b];
  auto at = std::lower_bound(block.begin(), block.end(), k, key_less);
  if (at == block.end() || at->key != k) {
    return 0;
  }
  std::size_t before = 0;
  for (std::size_t i = 0; i < b; ++i) {
    before += blocks_[i].size();
  }
  return static_cast<int>(before + static_cast<std::size_t>(std::distance(block.begin(), at)) + 1);
}

queue_entry* ranked_queue::find(const queue_key& k) {
  if (blocks_.empty()) {
    return nullptr;
  }
  auto& block = blocks_[block_for(k)];
  auto at = std::lower_bound(block.begin(), block.end(), k, key_less);
  return at == block.end() || at->key != k ? nullptr : &*at;
}

}  // namespace fenliu::router::detail
