// Subject-access export, retention purge and online backup on a real SQLite file.
#include "manage/data_protection.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "manage/test_attempts.h"
#include "manage/xapi.h"
#include "store/audit_log.h"
#include "store/backup.h"
#include "store/database.h"
#include "store/test_data.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

using nlohmann::json;
using testing::TempDir;

constexpr int64_t kJan2025 = 1735689600;
constexpr int64_t kJan2027 = 1798761600;

int Count(SQLite::Database& db, const std::string& sql) { return db.execAndGet(sql).getInt(); }

StoreOptions WithOutbox(const SiteConfig& site) {
  StoreOptions options;
  options.outbox_statement = [&site](const RecordedAttempt& r) {
    return XapiStatement(site, XapiAttemptFrom(r)).dump();
  };
  return options;
}

// ExportPerson and Purge over a data layer opened on the file `db` belongs to (a connection
// of its own, as `bulletin admin` has beside `bulletin serve`).
std::optional<json> ExportPerson(SQLite::Database& db, const std::string& email, int64_t now) {
  std::unique_ptr<DataLayer> data = testing::OpenTestData(db.getFilename());
  std::optional<json> out;
  std::string err;
  EXPECT_TRUE(bulletin::ExportPerson(data->personal_data(), email, now, &out, &err)) << err;
  return out;
}

PurgeReport Purge(SQLite::Database& db, int64_t cutoff, bool anonymise, bool dry_run) {
  std::unique_ptr<DataLayer> data = testing::OpenTestData(db.getFilename());
  PurgeReport report;
  std::string err;
  EXPECT_TRUE(data->personal_data().Purge(cutoff, anonymise, dry_run, &report, &err)) << err;
  return report;
}

TEST(ExportPersonTest, HoldsEverythingAboutThePersonAndNothingAboutOthers) {
  TempDir tmp;
  std::string path = tmp / "bulletin.db";
  SiteConfig site = testing::TestSite();
  testing::RecordAttempts(path,
                          {{"sam@police.example", "police", true, kJan2027, "CODESAM"},
                           {"sam@police.example", "police", false, kJan2027 + 60},
                           {"ann@health.example", "health", true, kJan2027, "CODEANN"}},
                          WithOutbox(site));
  auto db = OpenDatabase(path);
  testing::AddStaff(*db, "Sam@Police.example", "police");
  db->exec(
      "INSERT INTO managers(email, organisation, password_hash, created_at, updated_at) "
      "VALUES ('SAM@police.example', 'police', '$argon2id$secret-hash', 1, 1)");
  db->exec("INSERT INTO login_failures(key, at) VALUES ('email:sam@police.example', 5)");
  testing::RecordAudit(path,
                       {0, "sam@police.example", "police", "export-csv", "team A", "10.0.0.1"});
  testing::RecordAudit(path, {0, "cli:root", "", "import-staff", "added sam@police.example", ""});
  testing::RecordAudit(path, {0, "cli:root", "", "import-staff", "added samXpolice.example", ""});

  std::optional<json> person = ExportPerson(*db, "SAM@POLICE.EXAMPLE", kJan2027);
  ASSERT_TRUE(person);
  json& p = *person;
  EXPECT_EQ(p["learner"]["email"], "sam@police.example");
  ASSERT_EQ(p["attempts"].size(), 2u);
  EXPECT_EQ(p["attempts"][0]["answers"], json::parse(R"({"q1":["a"],"q2":["b","c"]})"));
  EXPECT_EQ(p["attempts"][0]["created_at"], "2027-01-01T00:00:00Z");
  ASSERT_EQ(p["certificates"].size(), 1u);
  EXPECT_EQ(p["certificates"][0]["code"], "CODESAM");
  EXPECT_EQ(p["staff"]["organisation"], "police");
  EXPECT_EQ(p["manager"]["organisation"], "police");
  EXPECT_EQ(p["manager"]["open_sessions"], 0);
  EXPECT_EQ(p["failed_logins"].size(), 1u);
  EXPECT_EQ(p["audit_log"].size(), 2u) << p["audit_log"].dump(2);
  EXPECT_EQ(p["lrs_outbox"].size(), 2u);
  EXPECT_EQ(p["lrs_outbox"][0]["statement"]["verb"]["id"], "http://adlnet.gov/expapi/verbs/passed");
  std::string text = p.dump();
  EXPECT_EQ(text.find("argon2id"), std::string::npos) << "never the password hash";
  EXPECT_EQ(text.find("password"), std::string::npos);
  EXPECT_EQ(text.find("ann@"), std::string::npos);
  EXPECT_EQ(text.find("CODEANN"), std::string::npos);

  EXPECT_FALSE(ExportPerson(*db, "nobody@example.org", kJan2027));
}

TEST(RetentionTest, CutoffIsCalendarMonthsBack) {
  EXPECT_EQ(IsoUtcTimestamp(RetentionCutoff(kJan2027 + 3600, 24)), "2025-01-01T01:00:00Z");
  // 31 March less one month is the end of February.
  EXPECT_EQ(IsoUtcTimestamp(RetentionCutoff(1806451200, 1)), "2027-02-28T00:00:00Z");
}

class PurgeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = tmp_ / "bulletin.db";
    testing::RecordAttempts(path_,
                            {{"old@police.example", "police", true, kJan2025, "OLDCODE"},
                             {"both@police.example", "police", true, kJan2025, "BOTHOLD"},
                             {"both@police.example", "police", true, kJan2027, "BOTHNEW"},
                             {"new@health.example", "health", false, kJan2027}},
                            WithOutbox(site_));
    db_ = OpenDatabase(path_);
  }

  std::string Snapshot() {
    std::string out;
    for (const char* table : {"learners", "attempts", "certificates", "lrs_outbox"}) {
      SQLite::Statement q(*db_, std::string("SELECT * FROM ") + table + " ORDER BY 1");
      while (q.executeStep()) {
        for (int i = 0; i < q.getColumnCount(); ++i) out += q.getColumn(i).getString() + "|";
        out += "\n";
      }
    }
    return out;
  }

  TempDir tmp_;
  std::string path_;
  SiteConfig site_ = testing::TestSite();
  std::unique_ptr<SQLite::Database> db_;
};

TEST_F(PurgeTest, ADryRunCountsAndChangesNothing) {
  std::string before = Snapshot();
  PurgeReport r = Purge(*db_, kJan2027 - 86400, /*anonymise=*/false, /*dry_run=*/true);
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(r.certificates, 2);
  EXPECT_EQ(r.outbox_rows, 2);
  EXPECT_EQ(r.learners, 1);
  EXPECT_EQ(Snapshot(), before);
  PurgeReport anonymised = Purge(*db_, kJan2027 - 86400, /*anonymise=*/true, /*dry_run=*/true);
  EXPECT_EQ(anonymised.attempts, 2);
  EXPECT_EQ(anonymised.learners, 1);
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(PurgeTest, DeletesOldAttemptsWithTheirCertificatesOutboxRowsAndEmptyLearners) {
  PurgeReport r = Purge(*db_, kJan2027 - 86400, false, false);
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(Count(*db_, "SELECT count(*) FROM attempts"), 2);
  EXPECT_EQ(Count(*db_, "SELECT count(*) FROM attempts WHERE created_at < 1798761600"), 0);
  EXPECT_EQ(Count(*db_, "SELECT count(*) FROM certificates"), 1);
  EXPECT_EQ(Count(*db_, "SELECT count(*) FROM lrs_outbox"), 2);
  EXPECT_EQ(Count(*db_, "SELECT count(*) FROM learners WHERE email = 'old@police.example'"), 0);
  EXPECT_EQ(Count(*db_, "SELECT count(*) FROM learners WHERE email = 'both@police.example'"), 1);
  EXPECT_EQ(Purge(*db_, kJan2027 - 86400, false, false).attempts, 0) << "nothing left to do";
}

TEST_F(PurgeTest, AnonymisingKeepsTotalsButNotThePerson) {
  PurgeReport r = Purge(*db_, kJan2027 - 86400, true, false);
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(r.learners, 1);
  EXPECT_EQ(Count(*db_, "SELECT count(*) FROM attempts"), 4) << "kept for totals";
  EXPECT_EQ(Count(*db_,
                  "SELECT count(*) FROM attempts a JOIN learners l ON l.id = a.learner_id "
                  "WHERE a.created_at < 1798761600 AND a.name = '' AND a.answers = '{}' "
                  "AND l.email = 'anonymous@invalid' AND a.organisation = 'police' "
                  "AND a.passed = 1"),
            2);
  EXPECT_EQ(Count(*db_, "SELECT count(*) FROM certificates"), 1);
  EXPECT_FALSE(ExportPerson(*db_, "old@police.example", kJan2027));
  EXPECT_EQ(Purge(*db_, kJan2027 - 86400, true, false).attempts, 0) << "not anonymised twice";
}

TEST_F(PurgeTest, RunsSafelyBesideAWriterThatKeepsRecording) {
  std::string err;
  auto store = OpenSqliteStore(path_, &err);
  ASSERT_TRUE(store) << err;
  std::atomic<bool> stop{false};
  std::atomic<int> recorded{0}, failed{0};
  std::thread writer([&] {
    for (int i = 0; !stop && i < 2000; ++i) {
      int64_t id = 0;
      std::string e;
      NewAttempt a = testing::MakeAttempt(
          {"writer" + std::to_string(i) + "@police.example", "police", i % 2 == 0, kJan2027});
      if (store->RecordAttempt(a, &id, &e)) {
        ++recorded;
      } else {
        ++failed;
      }
    }
  });
  ASSERT_TRUE(testing::WaitFor([&] { return recorded > 20; }));
  PurgeReport r = Purge(*db_, kJan2027 - 86400, false, false);
  ASSERT_TRUE(testing::WaitFor([&] { return recorded > 40; }));
  stop = true;
  writer.join();
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(Count(*db_, "SELECT count(*) FROM attempts"), 2 + recorded);
}

TEST(BackupTest, CopiesALiveDatabaseWithEveryAcknowledgedAttempt) {
  TempDir tmp;
  std::string path = tmp / "data/bulletin.db";
  std::string err;
  auto store = OpenSqliteStore(path, &err);
  ASSERT_TRUE(store) << err;
  std::atomic<bool> stop{false};
  std::atomic<int> recorded{0};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      int64_t id = 0;
      std::string e;
      if (store->RecordAttempt(
              testing::MakeAttempt({"w" + std::to_string(i) + "@police.example", "police"}), &id,
              &e)) {
        ++recorded;
      }
    }
  });
  ASSERT_TRUE(testing::WaitFor([&] { return recorded > 50; }));
  int acknowledged = recorded;
  bool ok = BackupDatabase(path, tmp / "backups/copy.db", false, &err);
  stop = true;
  writer.join();
  ASSERT_TRUE(ok) << err;

  SQLite::Database copy(tmp / "backups/copy.db", SQLite::OPEN_READONLY);
  EXPECT_GE(Count(copy, "SELECT count(*) FROM attempts"), acknowledged);
  EXPECT_EQ(copy.execAndGet("PRAGMA integrity_check").getString(), "ok");
  EXPECT_EQ(copy.execAndGet("PRAGMA journal_mode").getString(), "delete") << "one standalone file";
  EXPECT_FALSE(std::filesystem::exists(tmp / "backups/copy.db-wal"));
  for (const auto& entry : std::filesystem::directory_iterator(tmp / "backups")) {
    EXPECT_EQ(entry.path().filename(), "copy.db") << "no temporary file left";
  }

  // An existing file is refused, and stays as it was, unless --force.
  std::filesystem::resize_file(tmp / "backups/copy.db", 0);
  EXPECT_FALSE(BackupDatabase(path, tmp / "backups/copy.db", false, &err));
  EXPECT_EQ(err, tmp / "backups/copy.db" +
                     ": already exists; choose another name or pass --force to replace it");
  EXPECT_EQ(std::filesystem::file_size(tmp / "backups/copy.db"), 0u);
  EXPECT_TRUE(BackupDatabase(path, tmp / "backups/copy.db", true, &err)) << err;
  EXPECT_GT(std::filesystem::file_size(tmp / "backups/copy.db"), 0u);

  EXPECT_FALSE(BackupDatabase(tmp / "missing.db", tmp / "other.db", false, &err));
  EXPECT_NE(err.find("no database here"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(tmp / "other.db"));
}

}  // namespace
}  // namespace bulletin
