#include "store/database.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace bulletin {

namespace {

// Migrations, in order: kMigrations[i] takes a database from version i to version i + 1,
// all of them in one IMMEDIATE transaction. Never edit a migration that has shipped.
//
// To add a table group (or columns): append one entry at the end with the next number and
// a line saying what it adds, extend tests/store/database_test.cc's MigratesFromEveryVersion
// with a row written at the version before yours, and give the new tables an interface in
// store/ (see data_layer.h). Branches that each append one are renumbered at merge: the
// position in this list is the version, so only the comments change.
const char* const kMigrations[] = {
    // 1: quiz attempts and certificates.
    R"sql(
CREATE TABLE IF NOT EXISTS learners (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  organisation TEXT NOT NULL,
  team TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS attempts (
  id INTEGER PRIMARY KEY,
  learner_id INTEGER NOT NULL REFERENCES learners(id),
  quiz_id TEXT NOT NULL,
  quiz_version TEXT NOT NULL,
  quiz_title TEXT NOT NULL,
  name TEXT NOT NULL,
  organisation TEXT NOT NULL,
  team TEXT NOT NULL,
  answers TEXT NOT NULL,
  correct INTEGER NOT NULL,
  total INTEGER NOT NULL,
  score INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_by_learner_quiz ON attempts(learner_id, quiz_id, created_at);
CREATE INDEX IF NOT EXISTS attempts_by_quiz ON attempts(quiz_id, created_at);
CREATE TABLE IF NOT EXISTS certificates (
  code TEXT PRIMARY KEY,
  attempt_id INTEGER NOT NULL UNIQUE REFERENCES attempts(id),
  valid_until TEXT NOT NULL
);
)sql",
    // 2: managers, sessions, staff rosters, assignments, audit log, LRS outbox.
    R"sql(
CREATE TABLE managers (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  organisation TEXT NOT NULL,          -- an organisation id; '' for a partnership admin
  password_hash TEXT NOT NULL,         -- argon2id, libsodium's crypto_pwhash_str format
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,         -- SHA-256 of the cookie value, never the value
  manager_id INTEGER NOT NULL REFERENCES managers(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_manager ON sessions(manager_id);
CREATE TABLE login_failures (
  key TEXT NOT NULL,                   -- 'email:<lower-case email>' or 'address:<ip>'
  at INTEGER NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures(key, at);
CREATE TABLE staff (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  organisation TEXT NOT NULL,
  team TEXT NOT NULL,
  role TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX staff_by_organisation ON staff(organisation, team);
CREATE TABLE assignments (             -- set by an admin, in addition to site.yaml's
  id INTEGER PRIMARY KEY,
  quiz_id TEXT NOT NULL,
  organisation TEXT NOT NULL,          -- '' for every organisation
  team TEXT NOT NULL,                  -- '' for every team
  role TEXT NOT NULL,                  -- '' for every role
  created_at INTEGER NOT NULL
);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,                 -- a manager's email, or 'cli:<user>' for bulletin admin
  organisation TEXT NOT NULL,          -- the actor's organisation; '' for partnership-wide
  action TEXT NOT NULL,                -- 'login', 'login-failed', 'logout', 'export-csv', ...
  detail TEXT NOT NULL,
  address TEXT NOT NULL                -- client address, '' from the command line
);
CREATE INDEX audit_log_by_time ON audit_log(at);
CREATE TABLE lrs_outbox (
  id INTEGER PRIMARY KEY,
  attempt_id INTEGER NOT NULL UNIQUE REFERENCES attempts(id) ON DELETE CASCADE,
  statement TEXT NOT NULL,             -- the xAPI statement JSON, with its id
  tries INTEGER NOT NULL DEFAULT 0,
  next_try_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  sent_at INTEGER                      -- NULL until the LRS accepted it
);
CREATE INDEX lrs_outbox_due ON lrs_outbox(sent_at, next_try_at);
-- Counters bumped by triggers, so a reader holding derived data in memory (the compliance
-- dashboard) knows when it must reload: 'roster' when staff or admin assignments change,
-- 'attempts-rewritten' when attempts, certificates or learners' emails are changed or
-- deleted (purge, anonymisation). New attempts need no counter: their ids only grow.
CREATE TABLE change_counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO change_counters(name, value) VALUES ('roster', 0), ('attempts-rewritten', 0);
CREATE TRIGGER staff_added AFTER INSERT ON staff BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'roster'; END;
CREATE TRIGGER staff_changed AFTER UPDATE ON staff BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'roster'; END;
CREATE TRIGGER staff_removed AFTER DELETE ON staff BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'roster'; END;
CREATE TRIGGER assignments_added AFTER INSERT ON assignments BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'roster'; END;
CREATE TRIGGER assignments_removed AFTER DELETE ON assignments BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'roster'; END;
CREATE TRIGGER attempts_changed AFTER UPDATE ON attempts BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'attempts-rewritten'; END;
CREATE TRIGGER attempts_removed AFTER DELETE ON attempts BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'attempts-rewritten'; END;
CREATE TRIGGER certificates_changed AFTER UPDATE ON certificates BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'attempts-rewritten'; END;
CREATE TRIGGER certificates_removed AFTER DELETE ON certificates BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'attempts-rewritten'; END;
CREATE TRIGGER learner_email_changed AFTER UPDATE OF email ON learners BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'attempts-rewritten'; END;
-- An opaque, random, never-reused id per learner: the xAPI actor's account name, so no
-- email leaves the server. Set once when the learner is first recorded.
ALTER TABLE learners ADD COLUMN public_id TEXT;
UPDATE learners SET public_id = lower(hex(randomblob(16))) WHERE public_id IS NULL;
CREATE UNIQUE INDEX learners_by_public_id ON learners(public_id);
)sql",
    // #16: which questions each attempt's paper asked (a pool draws some of them).
    R"sql(
ALTER TABLE attempts ADD COLUMN questions TEXT NOT NULL DEFAULT '';
)sql",
    // 4: the mail outbox (issue #15): every message bulletin sends, written in the same
    // transaction as whatever caused it, and each try at sending it; practitioners' sign-in
    // by e-mailed link.
    R"sql(
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY,
  message_id TEXT NOT NULL UNIQUE,     -- the Message-ID header, without <>: stable across tries
  kind TEXT NOT NULL,                  -- 'sign-in', 'reminder', 'test', ...
  envelope_from TEXT NOT NULL,
  recipient TEXT NOT NULL,
  content BLOB NOT NULL,               -- the whole RFC 5322 message, CRLF line ends
  created_at INTEGER NOT NULL,
  tries INTEGER NOT NULL DEFAULT 0,
  next_try_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued' -- 'queued', 'sent' or 'failed'
    CHECK (state IN ('queued', 'sent', 'failed')),
  last_reply TEXT NOT NULL DEFAULT '', -- the server's last answer, or why no answer came
  done_at INTEGER                      -- when it was sent or given up
);
CREATE INDEX mail_outbox_due ON mail_outbox(state, next_try_at);
CREATE TABLE mail_attempts (
  id INTEGER PRIMARY KEY,
  mail_id INTEGER NOT NULL REFERENCES mail_outbox(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed')),
  reply TEXT NOT NULL
);
CREATE INDEX mail_attempts_by_mail ON mail_attempts(mail_id);
-- Practitioners who signed in by an e-mailed link, their one-time links, the requests
-- that throttling counts, and their sessions (apart from managers').
CREATE TABLE practitioners (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL DEFAULT '',       -- from the roster, or asked at the first sign-in
  organisation TEXT NOT NULL,          -- from the roster or the email's domain, never chosen
  team TEXT NOT NULL DEFAULT '',
  first_signed_in_at INTEGER NOT NULL,
  last_signed_in_at INTEGER NOT NULL
);
CREATE TABLE sign_in_links (
  token_hash TEXT PRIMARY KEY,         -- SHA-256 of the token in the link, never the token
  email TEXT NOT NULL COLLATE NOCASE,
  next TEXT NOT NULL,                  -- where to go once signed in
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER                      -- set once: a link signs in one browser, once
);
CREATE TABLE sign_in_requests (
  key TEXT NOT NULL,                   -- 'email:<lower-case email>' or 'address:<ip>'
  at INTEGER NOT NULL
);
CREATE INDEX sign_in_requests_by_key ON sign_in_requests(key, at);
CREATE TABLE practitioner_sessions (
  token_hash TEXT PRIMARY KEY,         -- SHA-256 of the cookie value
  practitioner_id INTEGER NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX practitioner_sessions_by_person ON practitioner_sessions(practitioner_id);
)sql",
};

constexpr int kVersion = sizeof(kMigrations) / sizeof(kMigrations[0]);

void Migrate(SQLite::Database& db) {
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  int version = db.execAndGet("PRAGMA user_version").getInt();
  if (version > kVersion) {
    throw std::runtime_error("the database was made by a newer version of bulletin (schema " +
                             std::to_string(version) + ", this one knows " +
                             std::to_string(kVersion) + "); upgrade bulletin");
  }
  if (version == kVersion) return;  // the transaction rolls back: nothing was written
  for (int v = version; v < kVersion; ++v) db.exec(kMigrations[v]);
  db.exec("PRAGMA user_version=" + std::to_string(kVersion));
  tx.commit();
}

}  // namespace

int CurrentSchemaVersion() { return kVersion; }

void MigrateDatabaseTo(const std::string& path, int version) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  SQLite::Transaction tx(db);
  const int from = db.execAndGet("PRAGMA user_version").getInt();
  version = std::min(version, kVersion);
  for (int v = from; v < version; ++v) db.exec(kMigrations[v]);
  db.exec("PRAGMA user_version=" + std::to_string(std::max(from, version)));
  tx.commit();
}

std::unique_ptr<SQLite::Database> OpenDatabase(const std::string& path, bool read_only,
                                               int busy_timeout_ms) {
  int flags = SQLite::OPEN_FULLMUTEX;
  if (read_only) {
    flags |= SQLite::OPEN_READONLY;
  } else {
    flags |= SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
    std::filesystem::path p(path);
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  }
  auto db = std::make_unique<SQLite::Database>(path, flags);
  db->setBusyTimeout(busy_timeout_ms);
  if (!read_only) {
    db->exec("PRAGMA journal_mode=WAL");
    Migrate(*db);
  }
  // FULL: every commit is on disk before we acknowledge it, even across power loss.
  db->exec("PRAGMA synchronous=FULL");
  db->exec("PRAGMA foreign_keys=ON");
  return db;
}

}  // namespace bulletin
