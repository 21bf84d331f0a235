#include "checkpointer.hpp"

#include "thread_name.hpp"

namespace fenliu::store::detail {

checkpointer::checkpointer(const std::string& path, connection& writer_db, int threshold_pages)
    : threshold_pages_(threshold_pages),
      writer_db_(writer_db),
      db_(std::make_unique<connection>(path)) {
  sqlite3_busy_timeout(db_->get(), 5000);
  // A connection learns that the file is in WAL mode only when it first reads it; until then
  // a checkpoint on it is a silent no-op (log size -1).
  db_->query_int("SELECT count(*) FROM sqlite_schema");
  thread_ = std::thread([this] {
    name_this_thread("fl-store-ckpt");
    run();
  });
  // Last, after everything that may throw: a constructor that throws runs no destructor, and
  // the hook must not outlive this object. It replaces the writer's automatic checkpoint
  // (sqlite3_wal_autocheckpoint is a WAL hook too).
  sqlite3_wal_hook(writer_db_.get(), &checkpointer::on_commit, this);
}

checkpointer::~checkpointer() {
  shutdown();
}

void checkpointer::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      return;
    }
    stopping_ = true;
  }
  sqlite3_wal_hook(writer_db_.get(), nullptr, nullptr);
  wake_.notify_one();
  if (thread_.joinable()) {
    thread_.join();
  }
}

// Runs on the writer thread right after a commit; must be cheap and must not touch the writer's
// connection.
int checkpointer::on_commit(void* self, sqlite3*, const char*, int wal_pages) {
  auto* c = static_cast<checkpointer*>(self);
  if (wal_pages < c->threshold_pages_) {
    return SQLITE_OK;
  }
  bool wake = false;
  {
    std::lock_guard lock(c->mutex_);
    wake = !c->wanted_;
    c->wanted_ = true;
  }
  if (wake) {
    c->wake_.notify_one();
  }
  return SQLITE_OK;
}

void checkpointer::run() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return wanted_ || stopping_; });
      if (stopping_) {
        return;
      }
      wanted_ = false;
    }
    // PASSIVE: copies what it can without waiting for anyone; a busy result is not an error,
    // the next signal retries. The WAL restarts from the beginning at a later commit once a
    // checkpoint got everything.
    int log_pages = 0;
    int copied = 0;
    sqlite3_wal_checkpoint_v2(db_->get(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_pages, &copied);
  }
}

}  // namespace fenliu::store::detail
