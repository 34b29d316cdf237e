// Losing nodes under the dqlite backend, on clusters of their own (each test
// kills nodes): reconnecting to a new leader, a transaction lost with its
// leader, a COMMIT whose outcome is unknown, and a minority that cannot write.

#include "cluster/cluster.hpp"

#include "error.hpp"
#include "store/dqlite_connection.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>

namespace tally::test {
namespace {

using store::SqlError;
using store::dqlite::DqliteConnection;
using Clock = std::chrono::steady_clock;

std::unique_ptr<DqliteConnection> connect(Cluster& cluster, const std::string& name, int reconnect_ms = 10000) {
  store::dqlite::Options options;
  options.reconnect_ms = reconnect_ms;
  return std::make_unique<DqliteConnection>(store::dqlite::parse_cluster_url(cluster.url(name)), options);
}

std::int64_t count(DqliteConnection& db, const std::string& sql) {
  auto q = db.prepare(sql);
  EXPECT_TRUE(q->step());
  return q->column_int64(0);
}

TEST(FailoverBackend, WritesResumeOnTheNewLeaderAndTheKilledNodeCatchesUp) {
  Cluster cluster(3);
  auto db = connect(cluster, "inv");
  db->exec("CREATE TABLE t (n INTEGER PRIMARY KEY)");
  auto insert = db->prepare("INSERT INTO t VALUES (?)");
  for (int n = 1; n <= 50; ++n) {
    insert->reset();
    insert->bind_int64(1, n);
    insert->step();
  }
  const int first = cluster.leader();
  ASSERT_GE(first, 0);
  cluster.kill(first);
  const auto killed_at = Clock::now();
  insert->reset();
  insert->bind_int64(1, 51);
  insert->step();  // outside a transaction: found the new leader and ran again
  const auto resumed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - killed_at).count();
  std::cout << "writes resumed " << resumed_ms << " ms after the leader was killed\n";
  EXPECT_LT(resumed_ms, 10000);
  EXPECT_EQ(db->reconnects(), 1);
  EXPECT_EQ(count(*db, "SELECT count(*) FROM t"), 51);

  // The killed node comes back, catches up, and can lead with every row.
  cluster.restart(first);
  ASSERT_TRUE(cluster.wait_voters(3, 30000));
  const int second = cluster.leader();
  ASSERT_GE(second, 0);
  ASSERT_NE(second, first);
  // Wait until the restarted node has the rows: then losing the second leader loses nothing.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  cluster.kill(second);
  EXPECT_EQ(count(*db, "SELECT count(*) FROM t"), 51);
  EXPECT_EQ(count(*db, "SELECT sum(n) FROM t"), 51 * 52 / 2);
}

TEST(FailoverBackend, ATransactionGoesWithItsLeader) {
  Cluster cluster(3);
  auto db = connect(cluster, "inv");
  db->exec("CREATE TABLE t (n)");
  db->exec("BEGIN IMMEDIATE");
  db->exec("INSERT INTO t VALUES (1)");
  cluster.kill(cluster.leader());
  try {
    db->exec("INSERT INTO t VALUES (2)");
    FAIL() << "the transaction went on without its leader";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), SQLITE_IOERR);
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("the cluster leader was lost in the middle of a transaction (", 0), 0U) << message;
    EXPECT_NE(message.find("): the transaction is rolled back, nothing of it was written; try again"),
              std::string::npos)
        << message;
  }
  EXPECT_FALSE(db->in_transaction());
  db->exec("ROLLBACK");  // what a caller does next: nothing left to roll back
  EXPECT_EQ(count(*db, "SELECT count(*) FROM t"), 0);
}

TEST(FailoverBackend, ACommitWithoutAnAnswerHasAnUnknownOutcome) {
  Cluster cluster(3);
  store::dqlite::Options options;
  options.io_timeout_ms = 1500;
  DqliteConnection db(store::dqlite::parse_cluster_url(cluster.url("inv")), options);
  db.exec("CREATE TABLE t (n)");
  db.exec("BEGIN IMMEDIATE");
  db.exec("INSERT INTO t VALUES (1)");
  const int leader = cluster.leader();
  cluster.pause(leader);  // the COMMIT goes out and no answer comes back
  try {
    db.exec("COMMIT");
    FAIL() << "COMMIT succeeded on a frozen leader";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), SQLITE_IOERR);
    // The operation to run is a mark each face renders (the CLI: `tally log --limit 5`).
    EXPECT_EQ(std::string(e.what()),
              "the connection to the cluster leader was lost during COMMIT: the outcome is unknown; check "
              "whether the change was stored (" +
                  command_ref("log " + field_ref("limit") + " 5") + ") before trying again");
  }
  EXPECT_FALSE(db.in_transaction());
  cluster.kill(leader);
  // Here the frozen leader never took the COMMIT: the row is not there.
  EXPECT_EQ(count(db, "SELECT count(*) FROM t"), 0);
}

TEST(FailoverBackend, ALeaderLostBeforeTheCommitWroteNothing) {
  Cluster cluster(3);
  auto db = connect(cluster, "inv");
  db->exec("CREATE TABLE t (n)");
  db->exec("BEGIN IMMEDIATE");
  db->exec("INSERT INTO t VALUES (1)");
  cluster.kill(cluster.leader());
  try {
    db->exec("COMMIT");
    FAIL() << "COMMIT succeeded on a dead leader";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), SQLITE_IOERR);
    EXPECT_NE(std::string(e.what()).find("nothing of it was written"), std::string::npos) << e.what();
  }
  EXPECT_EQ(count(*db, "SELECT count(*) FROM t"), 0);
}

TEST(FailoverBackend, AMinorityRefusesAndAReturningNodeRestoresWrites) {
  Cluster cluster(3);
  auto db = connect(cluster, "inv", 3000);
  db->exec("CREATE TABLE t (n)");
  const int leader = cluster.leader();
  const int other = (leader + 1) % 3;
  cluster.kill(leader);
  cluster.kill(other);
  const auto start = Clock::now();
  try {
    db->exec("INSERT INTO t VALUES (1)");
    FAIL() << "one node of three wrote";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), SQLITE_IOERR);
    const std::string message = e.what();
    EXPECT_NE(message.find("a cluster writes and reads only while more than half of its voters run"), std::string::npos)
        << message;
  }
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(20));
  cluster.restart(other);
  ASSERT_TRUE(cluster.wait_voters(3, 30000));
  db->exec("INSERT INTO t VALUES (2)");
  EXPECT_EQ(count(*db, "SELECT group_concat(n) FROM t"), 2);
}

TEST(FailoverBackend, BackupIsASqliteFileTheShellOpens) {
  Cluster cluster(3);
  auto db = connect(cluster, "inv");
  db->exec(
      "CREATE TABLE t (n INTEGER PRIMARY KEY, s TEXT);"
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500) "
      "INSERT INTO t SELECT x, printf('row %d', x) FROM c;");
  const auto path = cluster.dir() / "backup.db";
  db->backup_to(path.string());
  EXPECT_FALSE(std::filesystem::exists(path.string() + "-wal"));
  sqlite3* file = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &file, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(file, "SELECT (SELECT count(*) FROM t), (SELECT * FROM pragma_integrity_check)", -1, &q,
                               nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int64(q, 0), 500);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(q, 1)), "ok");
  sqlite3_finalize(q);
  sqlite3_close(file);
  EXPECT_THROW(db->backup_to(path.string()), SqlError);  // never over an existing file
}

}  // namespace
}  // namespace tally::test
