// Shop leases and the write fence (postgres_lease.hpp, postgres_store.hpp).

#include <utility>

#include "fenliu/store/postgres_lease.hpp"
#include "fenliu/store/postgres_store.hpp"
#include "pg.hpp"
#include "pg_schema.hpp"

namespace fenliu::store {

void write_fence::hold(std::string shop_id, std::string owner, std::int64_t epoch) {
  std::lock_guard lock(mutex_);
  claim_ = claim{std::move(shop_id), std::move(owner), epoch};
}

void write_fence::drop() {
  std::lock_guard lock(mutex_);
  claim_.epoch = 0;
}

write_fence::claim write_fence::current() const {
  std::lock_guard lock(mutex_);
  return claim_;
}

namespace {

// The database's clock in milliseconds: now() is the statement's start, one value throughout.
#define FENLIU_PG_NOW_MS "(extract(epoch FROM now()) * 1000)::bigint"

// Taken when free or lapsed (epoch + 1), renewed when ours and running (same epoch); the
// WHERE leaves a running lease of another node alone, and then nothing is returned.
constexpr pg::query acquire_lease{
    "lease_acquire",
    "INSERT INTO shop_leases AS l (shop_id, owner, epoch, until_ms) "
    "VALUES($1, $2, 1, " FENLIU_PG_NOW_MS " + $3) "
    "ON CONFLICT (shop_id) DO UPDATE SET "
    "epoch = CASE WHEN l.owner = excluded.owner AND l.until_ms >= " FENLIU_PG_NOW_MS
    " THEN l.epoch ELSE l.epoch + 1 END, "
    "owner = excluded.owner, until_ms = excluded.until_ms "
    "WHERE l.owner = excluded.owner OR l.until_ms < " FENLIU_PG_NOW_MS " "
    "RETURNING epoch, until_ms - " FENLIU_PG_NOW_MS};
constexpr pg::query inspect_lease{
    "lease_inspect", "SELECT owner, epoch, until_ms - " FENLIU_PG_NOW_MS
                     " FROM shop_leases WHERE shop_id = $1"};
constexpr pg::query release_lease{
    "lease_release", "UPDATE shop_leases SET until_ms = 0 WHERE shop_id = $1 AND owner = $2"};

#undef FENLIU_PG_NOW_MS

}  // namespace

struct postgres_lease::impl {
  pg::connection db;
  impl(std::string dsn, std::string schema) : db(std::move(dsn), std::move(schema), true) {}

  // A lost connection is tried again once per call.
  bool ready() { return db.healthy() || db.reconnect(); }
};

postgres_lease::postgres_lease(std::string dsn, std::string schema)
    : impl_(std::make_unique<impl>(std::move(dsn), std::move(schema))) {
  pg::migrate(impl_->db);
}

postgres_lease::~postgres_lease() = default;

lease_state postgres_lease::acquire(const std::string& shop, const std::string& node,
                                    std::chrono::milliseconds ttl) {
  if (!impl_->ready()) {
    return {};
  }
  const pg::result r =
      impl_->db.run(acquire_lease, pg::params{}.bytes(shop).bytes(node).i64(ttl.count()));
  if (!r.ok()) {
    return {};
  }
  if (r.rows() == 1) {
    return lease_state{true, true, node, r.i64(0, 0), r.i64(0, 1)};
  }
  lease_state s = inspect(shop);
  s.held = false;
  return s;
}

lease_state postgres_lease::inspect(const std::string& shop) {
  if (!impl_->ready()) {
    return {};
  }
  const pg::result r = impl_->db.run(inspect_lease, pg::params{}.bytes(shop));
  if (!r.ok()) {
    return {};
  }
  lease_state s;
  s.reachable = true;
  if (r.rows() == 1) {
    s.owner = r.bytes(0, 0);
    s.epoch = r.i64(0, 1);
    s.remaining_ms = r.i64(0, 2);
  }
  return s;
}

bool postgres_lease::release(const std::string& shop, const std::string& node) {
  if (!impl_->ready()) {
    return false;
  }
  const pg::result r = impl_->db.run(release_lease, pg::params{}.bytes(shop).bytes(node));
  return r.ok() && r.affected() == 1;
}

}  // namespace fenliu::store
