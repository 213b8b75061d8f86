#include "store/database.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <fstream>

#include "store/account_records.h"
#include "store/report_records.h"
#include "store/roster_records.h"
#include "store/test_data.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

using testing::TempDir;

int UserVersion(SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt(); }

TEST(DatabaseTest, NewFileGetsTheWholeSchemaInWalMode) {
  TempDir tmp;
  auto db = OpenDatabase(tmp / "data/new.db");
  EXPECT_EQ(UserVersion(*db), CurrentSchemaVersion());
  EXPECT_EQ(db->execAndGet("PRAGMA journal_mode").getString(), "wal");
  for (const char* table : {"learners", "attempts", "certificates", "managers", "sessions", "staff",
                            "assignments", "audit_log", "lrs_outbox"}) {
    EXPECT_TRUE(db->tableExists(table)) << table;
  }
}

TEST(DatabaseTest, VersionOneFileIsMigratedKeepingItsRows) {
  TempDir tmp;
  std::string path = tmp / "old.db";
  {
    SQLite::Database old(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    old.exec(
        "CREATE TABLE learners (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE COLLATE "
        "NOCASE, name TEXT NOT NULL, organisation TEXT NOT NULL, team TEXT NOT NULL, "
        "created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
        "INSERT INTO learners VALUES (1, 'sam@example.org', 'Sam', 'police', 'PPU', 1, 1);"
        // Version 1's other tables, which version 2's change-counting triggers watch.
        "CREATE TABLE attempts (id INTEGER PRIMARY KEY, learner_id INTEGER NOT NULL);"
        "CREATE TABLE certificates (code TEXT PRIMARY KEY, attempt_id INTEGER NOT NULL);"
        "PRAGMA user_version=1;");
  }
  auto db = OpenDatabase(path);
  EXPECT_EQ(UserVersion(*db), CurrentSchemaVersion());
  EXPECT_EQ(db->execAndGet("SELECT name FROM learners WHERE email = 'SAM@example.org'").getString(),
            "Sam");
  EXPECT_TRUE(db->tableExists("staff"));
  // Opening again changes nothing.
  db.reset();
  db = OpenDatabase(path);
  EXPECT_EQ(UserVersion(*db), CurrentSchemaVersion());
}

TEST(DatabaseTest, FileFromANewerBulletinIsRefusedUntouched) {
  TempDir tmp;
  std::string path = tmp / "newer.db";
  {
    SQLite::Database newer(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    newer.exec("CREATE TABLE future (x); PRAGMA user_version=999;");
  }
  try {
    OpenDatabase(path);
    FAIL() << "opened a newer database";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("newer version of bulletin"), std::string::npos);
  }
  SQLite::Database check(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(UserVersion(check), 999);
  EXPECT_FALSE(check.tableExists("staff"));
}

// Rows written by a bulletin at each schema version, in that version's own terms:
// kSeeds[v] is run on a file at version v. A branch adding migration N appends the rows
// that version N makes possible as kSeeds[N] and checks them in ExpectSeedsSurvived.
const char* const kSeeds[] = {
    // 0: an empty file.
    "",
    // 1: a learner, a passed attempt and its certificate.
    "INSERT INTO learners(id, email, name, organisation, team, created_at, updated_at) "
    "VALUES (1, 'sam@example.org', 'Sam', 'police', 'PPU', 1, 1);"
    "INSERT INTO attempts(id, learner_id, quiz_id, quiz_version, quiz_title, name, "
    "organisation, team, answers, correct, total, score, passed, created_at) VALUES "
    "(1, 1, 'dv', 'v1', 'Domestic abuse', 'Sam', 'police', 'PPU', '{}', 5, 5, 100, 1, 1000);"
    "INSERT INTO certificates(code, attempt_id, valid_until) VALUES ('CODE1', 1, '2027-01-01');",
    // 2: a manager, a staff member, an admin assignment and an audit line.
    "INSERT INTO managers(email, organisation, password_hash, created_at, updated_at) "
    "VALUES ('lead@example.org', 'police', 'hash', 2, 2);"
    "INSERT INTO staff(email, name, organisation, team, role, created_at, updated_at) "
    "VALUES ('sam@example.org', 'Sam', 'police', 'PPU', 'Officer', 2, 2);"
    "INSERT INTO assignments(quiz_id, organisation, team, role, created_at) "
    "VALUES ('dv', 'police', '', '', 2);"
    "INSERT INTO audit_log(at, actor, organisation, action, detail, address) "
    "VALUES (2, 'cli:root', '', 'assign', '#1', '');",
    // 3: an attempt that records the questions its paper asked.
    "INSERT INTO attempts(id, learner_id, quiz_id, quiz_version, quiz_title, name, "
    "organisation, team, answers, correct, total, score, passed, created_at, questions) VALUES "
    "(2, 1, 'dv', 'v2', 'Domestic abuse', 'Sam', 'police', 'PPU', '{}', 1, 5, 20, 0, 3000, "
    "'q3 q1');",
};
constexpr int kSeedCount = sizeof(kSeeds) / sizeof(kSeeds[0]);

// Reads back, through the data layer, every seed written at or before `version`.
void ExpectSeedsSurvived(DataLayer& data, int version) {
  std::string err;
  if (version >= 1) {
    std::optional<Certificate> cert = data.attempts().FindCertificate("CODE1");
    ASSERT_TRUE(cert);
    EXPECT_EQ(cert->name, "Sam");
    EXPECT_EQ(cert->score, 100);
    std::vector<AttemptFacts> attempts;
    ASSERT_TRUE(data.reports().ExportAttempts("", &attempts, &err)) << err;
    ASSERT_EQ(attempts.size(), version >= 3 ? 2u : 1u);
    EXPECT_EQ(attempts[0].learner_key.size(), 32u) << "version 2 gave old learners a key";
  }
  if (version >= 3) {
    EXPECT_EQ(data.attempts().LastFailedAttemptAt("sam@example.org", "dv"), 3000);
  }
  if (version >= 2) {
    std::optional<ManagerRecord> manager;
    ASSERT_TRUE(data.accounts().FindManager("LEAD@example.org", &manager, &err)) << err;
    ASSERT_TRUE(manager);
    EXPECT_EQ(manager->organisation, "police");
    std::vector<StaffMember> staff;
    ASSERT_TRUE(data.roster().LoadStaff("police", &staff, &err)) << err;
    ASSERT_EQ(staff.size(), 1u);
    EXPECT_EQ(staff[0].role, "Officer");
    std::vector<AssignmentRecord> assignments;
    ASSERT_TRUE(data.roster().ListAssignments(&assignments, &err)) << err;
    ASSERT_EQ(assignments.size(), 1u);
    EXPECT_EQ(assignments[0].quiz_id, "dv");
    std::vector<AuditEntry> log = data.audit().Recent(5);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].action, "assign");
  }
}

TEST(DatabaseTest, MigratesFromEveryEarlierVersionKeepingItsData) {
  ASSERT_EQ(kSeedCount, CurrentSchemaVersion() + 1)
      << "a new migration needs its seed rows in kSeeds";
  for (int start = 0; start <= CurrentSchemaVersion(); ++start) {
    SCOPED_TRACE("from version " + std::to_string(start));
    TempDir tmp;
    const std::string path = tmp / "old.db";
    for (int v = 0; v <= start; ++v) {
      MigrateDatabaseTo(path, v);
      SQLite::Database db(path, SQLite::OPEN_READWRITE);
      db.exec(kSeeds[v]);
    }
    std::unique_ptr<DataLayer> data = testing::OpenTestData(path);
    ASSERT_TRUE(data);
    {
      SQLite::Database check(path, SQLite::OPEN_READONLY);
      EXPECT_EQ(UserVersion(check), CurrentSchemaVersion());
    }
    ExpectSeedsSurvived(*data, start);
    // The data layer writes to every table group of the migrated file.
    int64_t id = 0;
    std::string err;
    EXPECT_TRUE(data->roster().AddAssignment({0, "dv", "", "", ""}, 3, &id, &err)) << err;
    EXPECT_TRUE(data->audit().Record({3, "cli:root", "", "assign", "#2", ""}, &err)) << err;
  }
}

TEST(DatabaseTest, AFileThatIsNotADatabaseIsRefusedWithTheReason) {
  TempDir tmp;
  const std::string path = tmp / "notes.db";
  std::ofstream(path) << std::string(4096, 'x');
  std::string err;
  EXPECT_FALSE(OpenSqliteDataLayer(path, &err));
  EXPECT_NE(err.find(path), std::string::npos) << err;
  EXPECT_NE(err.find("not a database"), std::string::npos) << err;
}

}  // namespace
}  // namespace bulletin
