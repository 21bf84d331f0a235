// What only the PostgreSQL back end has: a server it cannot reach, a connection lost under it
// (a restart of PostgreSQL, a network failure), and a schema from a newer build.

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

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

/// The server processes (backends) of the store's connections in `schema`.
std::vector<pid_t> backends_of(const std::string& schema) {
  admin_connection admin;
  std::istringstream pids(admin.value(
      "SELECT coalesce(string_agg(pid::text, ' '), '') FROM pg_stat_activity "
      "WHERE application_name = $1",
      "fenliu:" + schema));
  std::vector<pid_t> out;
  for (pid_t pid = 0; pids >> pid;) {
    out.push_back(pid);
  }
  return out;
}

bool any_alive(const std::vector<pid_t>& pids) {
  for (const pid_t pid : pids) {
    if (::kill(pid, 0) == 0) {
      return true;
    }
  }
  return false;
}

// A server that stops answering (SIGSTOP of its backends: a paused VM, a half-open network)
// must cost the store its timeout, not its writer: with blocking libpq calls this test would
// hang in the first append below until CTest killed it.
TEST(postgres_store, a_server_that_stops_answering_fails_the_batch_within_the_timeout) {
  temp_dir dir;
  auto options = postgres_options_for(dir.path());
  options.timeout_ms = 300;
  auto s = open_postgres_store(options);
  const auto c = create_sync(*s, conversation("buyer-1"));
  ASSERT_EQ(append_sync(*s, text(c, "b", "1", "one")).value.seq, 1u);
  ASSERT_EQ(read_after_sync(*s, c, 0).value.size(), 1u);

  const auto paused = backends_of(postgres_schema_for(dir.path()));
  ASSERT_EQ(paused.size(), 2u);  // writer, reader
  for (const pid_t pid : paused) {
    ASSERT_EQ(::kill(pid, SIGSTOP), 0);
  }
  // Sent, never answered: the batch fails as a whole, retryable, and so does the read.
  EXPECT_EQ(append_sync(*s, text(c, "b", "2", "two")).ec, errc::write_failed);
  EXPECT_EQ(read_after_sync(*s, c, 0).ec, std::errc::io_error);
  // While the old backends stay paused, the writer connects again (new backends) and writes.
  auto other = append_sync(*s, text(c, "b", "3", "three"));
  ASSERT_FALSE(other.ec) << other.ec.message();

  for (const pid_t pid : paused) {
    ASSERT_EQ(::kill(pid, SIGCONT), 0);
  }
  // The given-up connections are closed: their backends exit once they run again. Whatever
  // the paused writer had been sent it may still commit then; the resend finds it either way.
  for (int i = 0; i < 1000000 && any_alive(paused); ++i) {
    ::usleep(1000);
  }
  auto resent = append_sync(*s, text(c, "b", "2", "two"));
  ASSERT_FALSE(resent.ec) << resent.ec.message();
  auto read = read_after_sync(*s, c, 0);
  ASSERT_FALSE(read.ec) << read.ec.message();
  ASSERT_EQ(read.value.size(), 3u);  // one, three and two, each once
  EXPECT_EQ(read.value[0].payload, "one");
  int twos = 0;
  for (const auto& m : read.value) {
    twos += m.payload == "two" ? 1 : 0;
  }
  EXPECT_EQ(twos, 1);
  EXPECT_EQ(read.value[1].payload, "three");  // written while the first writer was paused
  EXPECT_EQ(read.value[2].payload, "two");
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
