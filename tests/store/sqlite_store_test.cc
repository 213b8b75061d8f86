#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include "store/store.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

using testing::TempDir;

NewAttempt Sample(const std::string& email, bool passed, const std::string& code = "") {
  NewAttempt a;
  a.learner = {"Sam Patel", email, "riverside-police", "Public protection"};
  a.quiz_id = "coercive-control-awareness";
  a.quiz_version = "0123456789abcdef";
  a.quiz_title = "Coercive control awareness";
  a.answers_json = R"({"q1":["a"]})";
  a.correct = passed ? 9 : 3;
  a.total = 10;
  a.score = a.correct * 10;
  a.passed = passed;
  a.created_at = 1767225600;  // 2026-01-01
  a.certificate_code = code;
  a.valid_until = passed ? "2027-01-01" : "";
  return a;
}

TEST(SqliteStoreTest, RecordsAttemptsAndCertificates) {
  TempDir tmp;
  std::string err;
  auto store = OpenSqliteStore(tmp / "data/bulletin.db", &err);
  ASSERT_TRUE(store) << err;
  int64_t id = 0;
  ASSERT_TRUE(store->RecordAttempt(Sample("sam@example.org.uk", true, "CODE1"), &id, &err)) << err;
  EXPECT_GT(id, 0);
  ASSERT_TRUE(store->RecordAttempt(Sample("SAM@Example.org.uk", false), &id, &err)) << err;
  EXPECT_EQ(store->CountAttemptsSince("sam@example.org.uk", "coercive-control-awareness", 0), 2);
  EXPECT_EQ(
      store->CountAttemptsSince("sam@example.org.uk", "coercive-control-awareness", 1767225601), 0);
  auto cert = store->FindCertificate("CODE1");
  ASSERT_TRUE(cert);
  EXPECT_EQ(cert->name, "Sam Patel");
  EXPECT_EQ(cert->score, 90);
  EXPECT_EQ(cert->valid_until, "2027-01-01");
  EXPECT_FALSE(store->FindCertificate("code1"));
}

TEST(SqliteStoreTest, DataSurvivesReopeningAndUsesWalWithFullSync) {
  TempDir tmp;
  std::string err;
  int64_t id;
  {
    auto store = OpenSqliteStore(tmp / "b.db", &err);
    ASSERT_TRUE(store) << err;
    ASSERT_TRUE(store->RecordAttempt(Sample("a@example.org.uk", true, "C"), &id, &err));
  }
  auto store = OpenSqliteStore(tmp / "b.db", &err);
  ASSERT_TRUE(store) << err;
  EXPECT_TRUE(store->FindCertificate("C"));
  SQLite::Database db(tmp / "b.db");
  EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM learners").getInt(), 1);
}

TEST(SqliteStoreTest, ADuplicateCertificateFailsAloneInItsBatch) {
  TempDir tmp;
  std::string err;
  auto store = OpenSqliteStore(tmp / "c.db", &err);
  ASSERT_TRUE(store);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0}, failed{0};
  for (int i = 0; i < 40; ++i) {
    threads.emplace_back([&, i] {
      int64_t id;
      std::string e;
      // Two of the forty share a certificate code: exactly one of those must fail.
      std::string code = (i == 7 || i == 8) ? "SAME" : "CODE" + std::to_string(i);
      if (store->RecordAttempt(Sample("p" + std::to_string(i) + "@example.org.uk", true, code), &id,
                               &e)) {
        ++ok;
      } else {
        ++failed;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 39);
  EXPECT_EQ(failed, 1);
  SQLite::Database db(tmp / "c.db");
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM attempts").getInt(), 39);
}

TEST(SqliteStoreTest, ReportsAnUnopenablePath) {
  TempDir tmp;
  std::string err;
  std::ofstream(tmp / "file") << "x";
  EXPECT_FALSE(OpenSqliteStore(tmp / "file/db.sqlite", &err));
  EXPECT_NE(err.find("file/db.sqlite"), std::string::npos) << err;
}

}  // namespace
}  // namespace bulletin
