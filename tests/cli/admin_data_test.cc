// `bulletin admin export-person | purge | backup` through the real binary.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "manage/test_attempts.h"
#include "store/database.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

namespace fs = std::filesystem;
using testing::ReadAll;
using testing::TempDir;

// Runs `bulletin ARGS` in `cwd`; stdout and stderr together.
testing::ShellResult RunBulletin(const std::string& cwd, const std::string& args) {
  return testing::RunShell("cd '" + cwd + "' && '" + std::string(BULLETIN_BINARY) + "' " + args +
                           " 2>&1");
}

constexpr int64_t kLongAgo = 1577836800;  // 2020-01-01

class AdminDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int64_t now = static_cast<int64_t>(std::time(nullptr));
    testing::RecordAttempts(tmp_ / "data/bulletin.db",
                            {{"old@police.example", "police", true, kLongAgo, "OLDCODE"},
                             {"sam@police.example", "police", true, now, "NEWCODE"}});
  }

  int Count(const std::string& sql) {
    auto db = OpenDatabase(tmp_ / "data/bulletin.db", /*read_only=*/true);
    return db->execAndGet(sql).getInt();
  }

  TempDir tmp_;
};

TEST_F(AdminDataTest, ExportPersonWritesJsonAndIsAudited) {
  testing::ShellResult r =
      RunBulletin(tmp_.path(), "admin export-person --email SAM@Police.Example");
  ASSERT_EQ(r.status, 0) << r.output;
  nlohmann::json person = nlohmann::json::parse(r.output);
  EXPECT_EQ(person["learner"]["email"], "sam@police.example");
  EXPECT_EQ(person["attempts"].size(), 1u);
  EXPECT_EQ(person["certificates"][0]["code"], "NEWCODE");

  r = RunBulletin(tmp_.path(), "admin export-person --email sam@police.example --out sar.json");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(nlohmann::json::parse(ReadAll(tmp_ / "sar.json"))["learner"]["email"],
            "sam@police.example");
  struct stat st;
  ASSERT_EQ(::stat((tmp_ / "sar.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "personal data: owner only";
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'export-person' AND actor "
                  "LIKE 'cli:%' AND detail IN ('SAM@Police.Example', "
                  "'sam@police.example to sar.json')"),
            2);

  r = RunBulletin(tmp_.path(), "admin export-person --email nobody@example.org");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("bulletin admin export-person: nothing is held about nobody@example.org"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(RunBulletin(tmp_.path(), "admin export-person").status, 2) << "--email is required";
  r = RunBulletin(tmp_.path(), "admin --db missing.db export-person --email a@b.example");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("missing.db: no database here"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(tmp_ / "missing.db")) << "never makes an empty database";
}

TEST_F(AdminDataTest, PurgeDryRunChangesNothingThenPurgeDoes) {
  testing::ShellResult r = RunBulletin(tmp_.path(), "admin purge --older-than 24 --dry-run");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("dry run, nothing changed: 1 attempts made before "), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("would be deleted; 1 certificates and 0 LRS outbox rows would be "
                          "deleted; 1 learners left with no attempts would be removed"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(Count("SELECT count(*) FROM attempts"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log"), 0);

  r = RunBulletin(tmp_.path(), "admin purge --older-than 24 --anonymise");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("1 attempts made before "), std::string::npos) << r.output;
  EXPECT_EQ(Count("SELECT count(*) FROM attempts WHERE name = ''"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'purge-anonymise'"), 1);

  r = RunBulletin(tmp_.path(), "admin purge --older-than 24");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(Count("SELECT count(*) FROM attempts"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'purge'"), 1);
  EXPECT_EQ(RunBulletin(tmp_.path(), "admin purge --older-than 0").status, 2);
  EXPECT_EQ(RunBulletin(tmp_.path(), "admin purge").status, 2);
}

TEST_F(AdminDataTest, BackupWritesACheckedCopyAndRefusesToOverwrite) {
  testing::ShellResult r = RunBulletin(tmp_.path(), "admin backup backups/one.db");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("backed up data/bulletin.db to backups/one.db (integrity check passed)"),
            std::string::npos)
      << r.output;
  {
    SQLite::Database copy(tmp_ / "backups/one.db", SQLite::OPEN_READONLY);
    EXPECT_EQ(copy.execAndGet("SELECT count(*) FROM attempts").getInt(), 2);
  }
  r = RunBulletin(tmp_.path(), "admin backup backups/one.db");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("bulletin admin backup: backups/one.db: already exists; choose another "
                          "name or pass --force to replace it"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(RunBulletin(tmp_.path(), "admin backup backups/one.db --force").status, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'backup'"), 2);
  EXPECT_EQ(RunBulletin(tmp_.path(), "admin backup").status, 2);
}

}  // namespace
}  // namespace bulletin
