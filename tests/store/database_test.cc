#include "store/database.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace bulletin
