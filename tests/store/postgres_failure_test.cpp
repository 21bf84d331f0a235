// What only the PostgreSQL back end has: a server it cannot reach, a connection lost under it
// (a restart of PostgreSQL, a network failure), and a schema from a newer build.

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <memory>
#include <string>

#include "postgres_test_util.hpp"

namespace fenliu::store::test {
namespace {

/// A connection of the test's own, beside the store's.
class admin_connection {
 public:
  admin_connection() : conn_(PQconnectdb(postgres_test_dsn().c_str())) {
    EXPECT_EQ(PQstatus(conn_), CONNECTION_OK) << PQerrorMessage(conn_);
  }
  ~admin_connection() { PQfinish(conn_); }
  admin_connection(const admin_connection&) = delete;
  admin_connection& operator=(const admin_connection&) = delete;

  /// The first column of the first row of `sql` with $1 = `arg`, as text.
  std::string value(const char* sql, const std::string& arg) {
    const char* values[] = {arg.c_str()};
    PGresult* r = PQexecParams(conn_, sql, 1, nullptr, values, nullptr, nullptr, 0);
    std::string out;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) {
      out = PQgetvalue(r, 0, 0);
    } else {
      ADD_FAILURE() << PQresultErrorMessage(r);
    }
    PQclear(r);
    return out;
  }

 private:
  PGconn* conn_;
};

/// Ends the server side of every connection of the store in `schema`, as a restart of the
/// server would, and waits until they are gone. Returns how many there were.
int terminate_connections_of(const std::string& schema) {
  admin_connection admin;
  const std::string name = "fenliu:" + schema;
  const int ended = std::stoi(admin.value(
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1",
      name));
  // Termination is a signal: the backends exit soon after. Bounded by polls, not by time.
  for (int i = 0; i < 100000; ++i) {
    if (admin.value("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", name) ==
        "0") {
      break;
    }
  }
  return ended;
}

TEST(postgres_store, a_server_it_cannot_reach_fails_the_open) {
  temp_dir dir;
  auto options = postgres_options_for(dir.path());
  options.dsn = "host=127.0.0.1 port=1 user=fenliu dbname=fenliu_test connect_timeout=5";
  EXPECT_THROW(open_postgres_store(options), std::runtime_error);
  options.dsn.clear();
  EXPECT_THROW(open_postgres_store(options), std::invalid_argument);
}

TEST(postgres_store, a_lost_connection_fails_its_batch_and_the_next_write_connects_again) {
  temp_dir dir;
  auto s = open_postgres_store(postgres_options_for(dir.path()));
  const auto c = create_sync(*s, conversation("buyer-1"));
  ASSERT_EQ(append_sync(*s, text(c, "b", "1", "one")).value.seq, 1u);
  ASSERT_EQ(read_after_sync(*s, c, 0).value.size(), 1u);  // the reader has connected too

  ASSERT_EQ(terminate_connections_of(postgres_schema_for(dir.path())), 2);  // writer, reader

  // The batch that finds the connection gone fails as a whole, retryable, and uses no seq.
  auto lost = append_sync(*s, text(c, "b", "2", "two"));
  EXPECT_EQ(lost.ec, errc::write_failed);
  // The client's resend: the writer has connected again.
  auto resent = append_sync(*s, text(c, "b", "2", "two"));
  ASSERT_FALSE(resent.ec) << resent.ec.message();
  EXPECT_EQ(resent.value.seq, 2u);
  EXPECT_FALSE(resent.value.duplicate);

  EXPECT_EQ(read_after_sync(*s, c, 0).ec, std::errc::io_error);
  auto read = read_after_sync(*s, c, 0);
  ASSERT_FALSE(read.ec) << read.ec.message();
  ASSERT_EQ(read.value.size(), 2u);
  EXPECT_EQ(read.value[1].payload, "two");
}

TEST(postgres_store, a_schema_from_a_newer_build_is_refused) {
  temp_dir dir;
  const auto options = postgres_options_for(dir.path());
  open_postgres_store(options)->shutdown();
  admin_connection admin;
  admin.value(
      ("UPDATE " + postgres_schema_for(dir.path()) + ".fenliu_schema SET version = 999 "
       "RETURNING $1::text")
          .c_str(),
      "x");
  EXPECT_THROW(open_postgres_store(options), std::runtime_error);
}

}  // namespace
}  // namespace fenliu::store::test
