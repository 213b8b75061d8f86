#include "store/database.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <fstream>

#include "store/account_records.h"
#include "store/mail_outbox.h"
#include "store/report_records.h"
#include "store/roster_records.h"
#include "store/sign_in_store.h"
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
    // 4: a message sent after one refusal, and a practitioner with a session and an unused
    // sign-in link (#15).
    "INSERT INTO mail_outbox(id, message_id, kind, envelope_from, recipient, content, "
    "created_at, tries, next_try_at, state, last_reply, done_at) VALUES (1, 'm1@example.org', "
    "'sign-in', 'no-reply@example.org', 'sam@example.org', 'Subject: hi', 4000, 2, 4060, "
    "'sent', '250 ok', 4061);"
    "INSERT INTO mail_attempts(mail_id, at, outcome, reply) VALUES (1, 4000, 'retry', '451 "
    "later'), "
    "(1, 4061, 'sent', '250 ok');"
    "INSERT INTO practitioners(id, email, name, organisation, team, first_signed_in_at, "
    "last_signed_in_at) VALUES (1, 'sam@example.org', 'Sam', 'police', 'PPU', 4000, 4000);"
    "INSERT INTO sign_in_links(token_hash, email, next, created_at, expires_at) "
    "VALUES ('link-hash', 'sam@example.org', '/my/', 4000, 99999);"
    "INSERT INTO sign_in_requests(key, at) VALUES ('email:sam@example.org', 4000);"
    "INSERT INTO practitioner_sessions(token_hash, practitioner_id, csrf_token, created_at, "
    "last_seen_at) VALUES ('session-hash', 1, 'csrf', 4000, 4000);",
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
  if (version >= 4) {
    EXPECT_EQ(data.mail_outbox().Counts().sent, 1);
    std::vector<MailAttempt> tries = data.mail_outbox().AttemptsFor("m1@example.org");
    ASSERT_EQ(tries.size(), 2u);
    EXPECT_EQ(tries[0].reply, "451 later");
    EXPECT_EQ(data.sign_in().CountRequestsSince("email:sam@example.org", 0), 1);
    std::optional<SignInLink> link = data.sign_in().PeekLink("link-hash", 5000);
    ASSERT_TRUE(link);
    EXPECT_EQ(link->next, "/my/");
    std::optional<PractitionerSession> session =
        data.sign_in().ResumeSession("session-hash", 4001, 3600, 86400, 3600);
    ASSERT_TRUE(session);
    EXPECT_EQ(session->person.name, "Sam");
    EXPECT_EQ(session->csrf_token, "csrf");
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
    EXPECT_NO_THROW(data->mail_outbox().Enqueue(
        {{"m2@example.org", "test", "no-reply@example.org", "sam@example.org", "Subject: x", 5}}));
    EXPECT_EQ(data->mail_outbox().Counts().queued, 1);
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
