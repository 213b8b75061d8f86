#include <SQLiteCpp/SQLiteCpp.h>

#include <cstring>
#include <stdexcept>

#include "store/sqlite_connections.h"
#include "store/sqlite_tables.h"

namespace bulletin {

namespace {

constexpr const char* kAnonymousEmail = "anonymous@invalid";

// Thrown inside a write to undo a dry run's changes (the transaction rolls back).
struct DryRunDone : std::runtime_error {
  DryRunDone() : std::runtime_error("dry run") {}
};

// `text` with LIKE's wildcards escaped by '\'.
std::string LikeLiteral(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// Runs `sql` with `email` bound to ?1 (and its LIKE literal to ?2 when used).
std::vector<PersonalRow> Rows(SQLite::Database& db, const char* sql, const std::string& email) {
  SQLite::Statement q(db, sql);
  q.bind(1, email);
  if (std::strstr(sql, "?2")) q.bind(2, LikeLiteral(email));
  std::vector<PersonalRow> rows;
  while (q.executeStep()) {
    PersonalRow row;
    for (int i = 0; i < q.getColumnCount(); ++i) {
      SQLite::Column c = q.getColumn(i);
      FieldValue value;
      if (c.isInteger()) {
        value = c.getInt64();
      } else if (!c.isNull()) {
        value = c.getString();
      }
      row.push_back({c.getName(), std::move(value)});
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

void SelectPerson(SQLite::Database& db, const std::string& email, PersonalRecords* out) {
  out->learner = Rows(db,
                      "SELECT id, email, name, organisation, team, public_id, created_at, "
                      "updated_at FROM learners WHERE email = ?1",
                      email);
  out->attempts = Rows(db,
                       "SELECT a.id, a.quiz_id, a.quiz_title, a.quiz_version, a.name, "
                       "a.organisation, a.team, a.answers, a.correct, a.total, a.score, "
                       "a.passed, a.created_at FROM attempts a JOIN learners l ON "
                       "l.id = a.learner_id WHERE l.email = ?1 ORDER BY a.created_at, a.id",
                       email);
  out->certificates = Rows(db,
                           "SELECT c.code, c.attempt_id, a.quiz_id, c.valid_until FROM "
                           "certificates c JOIN attempts a ON a.id = c.attempt_id JOIN "
                           "learners l ON l.id = a.learner_id WHERE l.email = ?1 "
                           "ORDER BY a.created_at, a.id",
                           email);
  out->staff = Rows(db,
                    "SELECT id, email, name, organisation, team, role, created_at, "
                    "updated_at FROM staff WHERE email = ?1",
                    email);
  // Never the password hash; sessions only as a count (their tokens are secrets).
  out->manager = Rows(db,
                      "SELECT m.id, m.email, m.organisation, m.created_at, m.updated_at, "
                      "(SELECT count(*) FROM sessions s WHERE s.manager_id = m.id) AS "
                      "open_sessions FROM managers m WHERE m.email = ?1",
                      email);
  out->failed_logins = Rows(db,
                            "SELECT at FROM login_failures WHERE key = 'email:' || lower(?1) "
                            "ORDER BY at",
                            email);
  out->audit_log = Rows(db,
                        "SELECT id, at, actor, organisation, action, detail, address FROM "
                        "audit_log WHERE actor = ?1 COLLATE NOCASE OR detail LIKE "
                        "'%' || ?2 || '%' ESCAPE '\\' ORDER BY id",
                        email);
  out->lrs_outbox = Rows(db,
                         "SELECT o.attempt_id, o.statement, o.tries, o.last_error, "
                         "o.next_try_at, o.sent_at FROM lrs_outbox o JOIN attempts a ON "
                         "a.id = o.attempt_id JOIN learners l ON l.id = a.learner_id "
                         "WHERE l.email = ?1 ORDER BY o.id",
                         email);
  // Sign-in by e-mailed link (#15): the practitioner record, sessions only as a count, and
  // the messages sent to the address (never their text: it held one-time links).
  out->practitioner = Rows(db,
                           "SELECT p.id, p.email, p.name, p.organisation, p.team, "
                           "p.first_signed_in_at, p.last_signed_in_at, (SELECT count(*) FROM "
                           "practitioner_sessions s WHERE s.practitioner_id = p.id) AS "
                           "open_sessions FROM practitioners p WHERE p.email = ?1",
                           email);
  out->mail = Rows(db,
                   "SELECT message_id, kind, created_at, state, tries, done_at FROM mail_outbox "
                   "WHERE recipient = lower(?1) ORDER BY id",
                   email);
}

int Changes(SQLite::Database& db, const std::string& sql, int64_t cutoff) {
  SQLite::Statement q(db, sql);
  if (sql.find('?') != std::string::npos) q.bind(1, static_cast<int64_t>(cutoff));
  return q.exec();
}

int64_t AnonymousLearner(SQLite::Database& db) {
  SQLite::Statement add(db,
                        "INSERT INTO learners(email, name, organisation, team, created_at, "
                        "updated_at, public_id) VALUES (?1, '', '', '', 0, 0, "
                        "lower(hex(randomblob(16)))) ON CONFLICT(email) DO NOTHING");
  add.bind(1, kAnonymousEmail);
  add.exec();
  SQLite::Statement find(db, "SELECT id FROM learners WHERE email = ?");
  find.bind(1, kAnonymousEmail);
  find.executeStep();
  return find.getColumn(0).getInt64();
}

void PurgeRows(SQLite::Database& db, bool anonymise, PurgeReport* report) {
  const int64_t cutoff = report->cutoff;
  const int64_t anonymous_id = anonymise ? AnonymousLearner(db) : -1;
  // In anonymise mode attempts already anonymised are left alone (and not counted again).
  std::string old = "SELECT id FROM attempts WHERE created_at < ?1 AND learner_id != " +
                    std::to_string(anonymous_id);
  report->certificates =
      Changes(db, "DELETE FROM certificates WHERE attempt_id IN (" + old + ")", cutoff);
  report->outbox_rows =
      Changes(db, "DELETE FROM lrs_outbox WHERE attempt_id IN (" + old + ")", cutoff);
  if (anonymise) {
    report->attempts = Changes(db,
                               "UPDATE attempts SET name = '', answers = '{}', learner_id = " +
                                   std::to_string(anonymous_id) + " WHERE id IN (" + old + ")",
                               cutoff);
  } else {
    report->attempts = Changes(db, "DELETE FROM attempts WHERE id IN (" + old + ")", cutoff);
  }
  std::string orphans =
      "DELETE FROM learners WHERE NOT EXISTS (SELECT 1 FROM attempts a WHERE a.learner_id = "
      "learners.id) AND id ";
  report->learners = Changes(db, orphans + "!= " + std::to_string(anonymous_id), cutoff);
  Changes(db, orphans + "= " + std::to_string(anonymous_id), cutoff);  // unused anonymous one
}

class SqlitePersonalData : public PersonalData {
 public:
  explicit SqlitePersonalData(SqliteConnections* db) : db_(db) {}

  bool FindPerson(const std::string& email, PersonalRecords* out, std::string* err) override {
    *out = PersonalRecords();
    return db_->Read(
        "reading what is held about a person",
        [&](SQLite::Database& db) { SelectPerson(db, email, out); }, err);
  }

  bool Purge(int64_t cutoff, bool anonymise, bool dry_run, PurgeReport* out,
             std::string* err) override {
    *out = PurgeReport();
    out->cutoff = cutoff;
    std::string error;
    bool ok = db_->Write(
        "purging old attempts",
        [&](SQLite::Database& db) {
          PurgeRows(db, anonymise, out);
          if (dry_run) throw DryRunDone();  // counted; now roll everything back
        },
        &error);
    if (!ok && !(dry_run && error == std::string("purging old attempts: ") + DryRunDone().what())) {
      *err = error;
      return false;
    }
    return true;
  }

 private:
  SqliteConnections* db_;
};

}  // namespace

std::unique_ptr<PersonalData> NewSqlitePersonalData(SqliteConnections* db) {
  return std::make_unique<SqlitePersonalData>(db);
}

}  // namespace bulletin
