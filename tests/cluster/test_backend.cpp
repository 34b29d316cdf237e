// The dqlite backend (src/store/dqlite_*.cpp) against a real three-node
// cluster of `tally node start` processes on 127.0.0.1.

#include "cluster/cluster.hpp"

#include "store/dqlite_connection.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <iostream>
#include <string>
#include <thread>

namespace tally::test {
namespace {

using store::SqlError;
using store::Type;
using store::dqlite::DqliteConnection;
using store::dqlite::Effect;

std::unique_ptr<DqliteConnection> connect(Cluster& cluster, const std::string& name, int busy_ms = 5000) {
  store::dqlite::Options options;
  options.busy_timeout_ms = busy_ms;
  return std::make_unique<DqliteConnection>(store::dqlite::parse_cluster_url(cluster.url(name)), options);
}

std::int64_t count(DqliteConnection& db, const std::string& sql) {
  auto q = db.prepare(sql);
  EXPECT_TRUE(q->step());
  return q->column_int64(0);
}

TEST(DqliteScan, EffectsParametersAndScripts) {
  using store::dqlite::scan_statement;
  EXPECT_EQ(scan_statement("  begin immediate").effect, Effect::begin);
  EXPECT_EQ(scan_statement("COMMIT").effect, Effect::commit);
  EXPECT_EQ(scan_statement("rollback").effect, Effect::rollback);
  const auto to = scan_statement("ROLLBACK TRANSACTION TO SAVEPOINT sp1");
  EXPECT_EQ(to.effect, Effect::rollback_to);
  EXPECT_EQ(to.savepoint, "SP1");
  EXPECT_EQ(scan_statement("release sp1").savepoint, "SP1");
  EXPECT_EQ(scan_statement("RELEASE SAVEPOINT \"sp1\"").savepoint, "SP1");
  EXPECT_EQ(scan_statement("/* c */ SELECT 1").effect, Effect::query);
  EXPECT_EQ(scan_statement("WITH x AS (SELECT 1) SELECT * FROM x").effect, Effect::query);
  EXPECT_EQ(scan_statement("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x").effect, Effect::write);
  EXPECT_EQ(scan_statement("INSERT INTO t VALUES (1)").effect, Effect::write);
  EXPECT_EQ(scan_statement("PRAGMA user_version").effect, Effect::query);
  EXPECT_EQ(scan_statement("PRAGMA table_info('asset')").effect, Effect::query);
  EXPECT_EQ(scan_statement("PRAGMA user_version = 3").effect, Effect::write);
  EXPECT_TRUE(scan_statement("INSERT INTO t VALUES (1) RETURNING id").returning);
  EXPECT_FALSE(scan_statement("SELECT 'returning' AS x").returning);

  const auto shape =
      scan_statement("SELECT :a, ':not' , \":nor\", ?, @b, :a, -- :comment\n ?7, /* $x */ $c FROM t WHERE x = ':s'");
  EXPECT_EQ(shape.names.at(":a"), 1);
  EXPECT_EQ(shape.names.at("@b"), 3);
  EXPECT_EQ(shape.names.at("$c"), 8);
  EXPECT_EQ(shape.names.count(":not"), 0U);
  EXPECT_EQ(shape.names.count(":comment"), 0U);
  EXPECT_EQ(shape.names.count("$x"), 0U);
  EXPECT_EQ(shape.parameters, 8);

  const auto statements = store::dqlite::split_script(
      "CREATE TABLE a (x);\n-- a comment; with a semicolon\n"
      "CREATE TRIGGER t BEFORE INSERT ON a BEGIN SELECT CASE WHEN 1 THEN RAISE(ABORT, 'x;y') END; END;\n"
      "INSERT INTO a VALUES (';');  ");
  ASSERT_EQ(statements.size(), 3U);
  EXPECT_NE(statements[1].find("END; END;"), std::string::npos);
}

TEST(DqliteAddress, ParsesAndRefuses) {
  const auto a = store::dqlite::parse_cluster_url("dqlite://127.0.0.1:1,localhost:2/inv.db");
  ASSERT_EQ(a.nodes.size(), 2U);
  EXPECT_EQ(a.nodes[1], "localhost:2");
  EXPECT_EQ(a.name, "inv.db");
  EXPECT_THROW(store::dqlite::parse_cluster_url("dqlite://127.0.0.1:1"), std::invalid_argument);
  EXPECT_THROW(store::dqlite::parse_cluster_url("dqlite://127.0.0.1/x"), std::invalid_argument);
  EXPECT_THROW(store::dqlite::parse_cluster_url("dqlite://127.0.0.1:1,/x"), std::invalid_argument);
  EXPECT_THROW(store::dqlite::parse_cluster_url("dqlite://127.0.0.1:1/a/b"), std::invalid_argument);
  EXPECT_THROW(store::dqlite::parse_cluster_url("dqlite://127.0.0.1:99999/x"), std::invalid_argument);
}

TEST(DqliteBackend, EveryTypeBindsAndReadsBack) {
  auto& cluster = shared_cluster();
  auto db = connect(cluster, cluster.fresh_name("types"));
  db->exec("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n)");
  auto insert = db->prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)");
  insert->bind_int64(1, -9007199254740993LL);
  insert->bind_double(2, 2.5);
  insert->bind_text(3, "ünïcode 'quoted'");
  const std::string blob("\0\1\2\xff", 4);
  insert->bind_blob(4, blob.data(), blob.size());
  insert->bind_null(5);
  EXPECT_FALSE(insert->step());
  EXPECT_EQ(db->changes(), 1);
  EXPECT_EQ(db->last_insert_rowid(), 1);

  auto q = db->prepare("SELECT i, r, s, b, n, i + 1 AS next FROM t");
  EXPECT_EQ(q->column_count(), 6);
  EXPECT_EQ(q->column_name(5), "next");
  ASSERT_TRUE(q->step());
  EXPECT_EQ(q->column_type(0), Type::integer);
  EXPECT_EQ(q->column_int64(0), -9007199254740993LL);
  EXPECT_EQ(q->column_type(1), Type::real);
  EXPECT_DOUBLE_EQ(q->column_double(1), 2.5);
  EXPECT_EQ(q->column_text(1), "2.5");
  EXPECT_EQ(q->column_type(2), Type::text);
  EXPECT_EQ(q->column_text(2), "ünïcode 'quoted'");
  EXPECT_EQ(q->column_type(3), Type::blob);
  EXPECT_EQ(q->column_blob(3), blob);
  EXPECT_EQ(q->column_type(4), Type::null);
  EXPECT_EQ(q->column_text(4), "");
  EXPECT_EQ(q->column_text(5), "-9007199254740992");
  EXPECT_FALSE(q->step());
  EXPECT_THROW(q->column_int64(0), SqlError);
  EXPECT_EQ(q->sql(), "SELECT i, r, s, b, n, i + 1 AS next FROM t");

  // Reset keeps the bindings; clear_bindings makes them NULL.
  auto again = db->prepare("SELECT ?1 || 'x'");
  again->bind_text(1, "a");
  ASSERT_TRUE(again->step());
  EXPECT_EQ(again->column_text(0), "ax");
  again->reset();
  ASSERT_TRUE(again->step());
  EXPECT_EQ(again->column_text(0), "ax");
  again->reset();
  again->clear_bindings();
  ASSERT_TRUE(again->step());
  EXPECT_EQ(again->column_type(0), Type::null);
  EXPECT_THROW(again->bind_int64(2, 1), SqlError);
}

TEST(DqliteBackend, NamedParametersTakeSqliteNumbers) {
  auto& cluster = shared_cluster();
  auto db = connect(cluster, cluster.fresh_name("named"));
  auto q = db->prepare("SELECT :status, ?, :other, :status, ':status'");
  EXPECT_EQ(q->parameter_index(":status"), 1);
  EXPECT_EQ(q->parameter_index(":other"), 3);
  EXPECT_EQ(q->parameter_index(":missing"), 0);
  q->bind_text(q->parameter_index(":status"), "in_stock");
  q->bind_int64(2, 7);
  q->bind_text(q->parameter_index(":other"), "o");
  ASSERT_TRUE(q->step());
  EXPECT_EQ(q->column_text(0), "in_stock");
  EXPECT_EQ(q->column_int64(1), 7);
  EXPECT_EQ(q->column_text(2), "o");
  EXPECT_EQ(q->column_text(3), "in_stock");
  EXPECT_EQ(q->column_text(4), ":status");
}

TEST(DqliteBackend, ManyBatchesStreamAndInterleave) {
  auto& cluster = shared_cluster();
  auto db = connect(cluster, cluster.fresh_name("batches"));
  db->exec(
      "CREATE TABLE big (n INTEGER PRIMARY KEY, pad TEXT);"
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000) "
      "INSERT INTO big SELECT x, printf('%040d', x) FROM c;");
  EXPECT_EQ(count(*db, "SELECT count(*) FROM big"), 3000);

  // A cursor part-way through its batches while another statement runs.
  auto a = db->prepare("SELECT n, pad FROM big ORDER BY n");
  std::int64_t seen = 0;
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(a->step());
    EXPECT_EQ(a->column_int64(0), ++seen);
  }
  EXPECT_EQ(count(*db, "SELECT max(n) FROM big"), 3000);
  db->exec("INSERT INTO big VALUES (3001, 'late')");
  while (a->step()) {
    EXPECT_EQ(a->column_int64(0), ++seen);
  }
  EXPECT_EQ(seen, 3000);  // the snapshot the query started on

  // Reset part-way (INTERRUPT), then run again whole.
  auto b = db->prepare("SELECT n FROM big ORDER BY n");
  ASSERT_TRUE(b->step());
  b->reset();
  std::int64_t rows = 0;
  while (b->step()) {
    ++rows;
  }
  EXPECT_EQ(rows, 3001);
  // A cursor dropped part-way leaves the connection usable.
  {
    auto c = db->prepare("SELECT n FROM big");
    ASSERT_TRUE(c->step());
  }
  EXPECT_EQ(count(*db, "SELECT count(*) FROM big"), 3001);
}

TEST(DqliteBackend, ConstraintAndTriggerFailuresAreSqlErrors) {
  auto& cluster = shared_cluster();
  auto db = connect(cluster, cluster.fresh_name("rules"));
  db->exec(
      "CREATE TABLE item (code TEXT PRIMARY KEY, qty INTEGER NOT NULL CHECK (qty >= 0));\n"
      "CREATE TRIGGER item_frozen BEFORE UPDATE ON item WHEN OLD.code = 'FROZEN'\n"
      "BEGIN SELECT RAISE(ABORT, 'item FROZEN cannot change; add a correction instead'); END;\n"
      "INSERT INTO item VALUES ('FROZEN', 1);");
  try {
    db->exec("UPDATE item SET qty = 2 WHERE code = 'FROZEN'");
    FAIL() << "the trigger did not fire";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), SQLITE_CONSTRAINT);
    EXPECT_STREQ(e.what(), "item FROZEN cannot change; add a correction instead");
  }
  auto dup = db->prepare("INSERT INTO item VALUES (?, 1)");
  dup->bind_text(1, "FROZEN");
  try {
    dup->step();
    FAIL() << "a duplicate key was taken";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), SQLITE_CONSTRAINT);
    EXPECT_NE(std::string(e.what()).find("UNIQUE constraint failed: item.code"), std::string::npos) << e.what();
  }
  try {
    db->exec("INSERT INTO item VALUES ('NEG', -1)");
    FAIL();
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), SQLITE_CONSTRAINT);
    EXPECT_NE(std::string(e.what()).find("CHECK constraint failed"), std::string::npos) << e.what();
  }
  try {
    db->prepare("SELEC 1");
    FAIL();
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), SQLITE_ERROR);
    EXPECT_NE(std::string(e.what()).find("syntax error"), std::string::npos) << e.what();
  }
  EXPECT_THROW(db->prepare("INSERT INTO item VALUES ('R', 1) RETURNING code"), SqlError);
  // Pragmas that read and that set, as migrations use them.
  db->exec("PRAGMA user_version = 7");
  EXPECT_EQ(count(*db, "PRAGMA user_version"), 7);
  EXPECT_EQ(count(*db, "SELECT user_version FROM pragma_user_version"), 7);
  EXPECT_EQ(count(*db, "PRAGMA foreign_keys"), 1);
  EXPECT_EQ(count(*db, "SELECT count(*) FROM item"), 1);
  EXPECT_EQ(count(*db, "SELECT qty FROM item"), 1);
}

TEST(DqliteBackend, TransactionsAndSavepoints) {
  auto& cluster = shared_cluster();
  auto db = connect(cluster, cluster.fresh_name("tx"));
  db->exec("CREATE TABLE t (x)");
  EXPECT_FALSE(db->in_transaction());
  db->exec("BEGIN IMMEDIATE");
  EXPECT_TRUE(db->in_transaction());
  db->exec("INSERT INTO t VALUES (1)");
  db->exec("SAVEPOINT inner_one");
  db->exec("INSERT INTO t VALUES (2)");
  db->exec("ROLLBACK TO inner_one");
  db->exec("RELEASE inner_one");
  EXPECT_TRUE(db->in_transaction());
  db->exec("COMMIT");
  EXPECT_FALSE(db->in_transaction());
  EXPECT_EQ(count(*db, "SELECT group_concat(x) FROM t"), 1);

  db->exec("BEGIN");
  db->exec("INSERT INTO t VALUES (3)");
  db->exec("ROLLBACK");
  EXPECT_FALSE(db->in_transaction());
  EXPECT_EQ(count(*db, "SELECT count(*) FROM t"), 1);

  // A SAVEPOINT outside a transaction opens one; its RELEASE commits it.
  auto sp = db->prepare("SAVEPOINT outer_one");
  sp->step();
  EXPECT_TRUE(db->in_transaction());
  db->exec("INSERT INTO t VALUES (4)");
  db->exec("RELEASE SAVEPOINT outer_one");
  EXPECT_FALSE(db->in_transaction());
  EXPECT_EQ(count(*db, "SELECT count(*) FROM t"), 2);
}

TEST(DqliteBackend, SecondWriterWaitsForTheBusyTimeout) {
  auto& cluster = shared_cluster();
  const std::string name = cluster.fresh_name("busy");
  auto a = connect(cluster, name);
  auto b = connect(cluster, name, 400);
  a->exec("CREATE TABLE t (x)");
  a->exec("BEGIN IMMEDIATE");
  a->exec("INSERT INTO t VALUES (1)");
  const auto start = std::chrono::steady_clock::now();
  try {
    b->exec("BEGIN IMMEDIATE");
    FAIL() << "the second writer got the lock";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), SQLITE_BUSY) << e.what();
  }
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, std::chrono::milliseconds(400));
  EXPECT_LT(waited, std::chrono::milliseconds(3000));
  EXPECT_FALSE(b->in_transaction());

  // Within the timeout, the second writer gets the lock once the first commits.
  auto c = connect(cluster, name, 5000);
  std::thread committer([&a] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    a->exec("COMMIT");
  });
  c->exec("BEGIN IMMEDIATE");
  committer.join();
  c->exec("INSERT INTO t VALUES (2)");
  c->exec("COMMIT");
  EXPECT_EQ(count(*c, "SELECT count(*) FROM t"), 2);
}

TEST(DqliteBackend, FindsTheLeaderFromAFollower) {
  auto& cluster = shared_cluster();
  const int leader = cluster.leader();
  ASSERT_GE(leader, 0);
  const int follower = (leader + 1) % cluster.size();
  store::dqlite::ClusterAddress address{{cluster.address(follower)}, cluster.fresh_name("follower")};
  DqliteConnection db(address, store::dqlite::Options{});
  db.exec("CREATE TABLE t (x); INSERT INTO t VALUES (42);");
  EXPECT_EQ(count(db, "SELECT x FROM t"), 42);
  EXPECT_EQ(db.location(), "dqlite://" + cluster.address(follower) + "/" + address.name);
}

TEST(DqliteBackend, NoClusterIsAStorageErrorWithinTheWait) {
  store::dqlite::Options options;
  options.reconnect_ms = 500;
  const auto start = std::chrono::steady_clock::now();
  try {
    DqliteConnection db(store::dqlite::parse_cluster_url("dqlite://127.0.0.1:1/none"), options);
    FAIL();
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), SQLITE_IOERR);
    EXPECT_NE(std::string(e.what()).find("no leader of the cluster answered within 0.5 s"), std::string::npos)
        << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST(DqliteBackend, RoundTrips) {
  auto& cluster = shared_cluster();
  auto db = connect(cluster, cluster.fresh_name("trips"));
  db->exec("CREATE TABLE t (n)");
  constexpr int k_rounds = 200;
  auto read = db->prepare("SELECT 1");
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < k_rounds; ++i) {
    read->reset();
    ASSERT_TRUE(read->step());
  }
  const double read_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / k_rounds;
  auto write = db->prepare("INSERT INTO t VALUES (?)");
  start = std::chrono::steady_clock::now();
  for (int i = 0; i < k_rounds; ++i) {
    write->reset();
    write->bind_int64(1, i);
    write->step();
  }
  const double commit_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / k_rounds;
  std::cout << "one read (SELECT 1): " << read_ms << " ms; one autocommit INSERT (a Raft commit): " << commit_ms
            << " ms\n";
  EXPECT_EQ(count(*db, "SELECT count(*) FROM t"), k_rounds);
  EXPECT_LT(read_ms, 100.0);
  EXPECT_LT(commit_ms, 1000.0);
}

}  // namespace
}  // namespace tally::test
