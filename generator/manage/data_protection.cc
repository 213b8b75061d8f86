#include "manage/data_protection.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cstring>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/date.h"
#include "manage/xapi.h"
#include "store/database.h"

namespace bulletin {

namespace {

using nlohmann::json;

constexpr const char* kAnonymousEmail = "anonymous@invalid";

// `text` with LIKE's wildcards escaped by '\'.
std::string LikeLiteral(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// Parses stored JSON (answers, statements); keeps the raw text if it does not parse.
json StoredJson(const std::string& text) {
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return parsed.is_discarded() ? json(text) : parsed;
}

// Runs `sql` with `email` bound to ?1 and returns each row as an object keyed by column
// name; integer columns named at or *_at become ISO 8601 UTC timestamps.
json Rows(SQLite::Database& db, const char* sql, const std::string& email) {
  SQLite::Statement q(db, sql);
  q.bind(1, email);
  if (std::strstr(sql, "?2")) q.bind(2, LikeLiteral(email));
  json rows = json::array();
  while (q.executeStep()) {
    json row = json::object();
    for (int i = 0; i < q.getColumnCount(); ++i) {
      SQLite::Column c = q.getColumn(i);
      std::string name = c.getName();
      if (c.isNull()) {
        row[name] = nullptr;
      } else if (c.isInteger()) {
        int64_t v = c.getInt64();
        bool is_time = name == "at" || (name.size() > 3 && name.ends_with("_at"));
        row[name] = is_time ? json(IsoUtcTimestamp(v)) : json(v);
      } else if (name == "answers" || name == "statement") {
        row[name] = StoredJson(c.getString());
      } else {
        row[name] = c.getString();
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

json FirstOrNull(json rows) { return rows.empty() ? json(nullptr) : rows[0]; }

int Changes(SQLite::Database& db, const std::string& sql, int64_t cutoff) {
  SQLite::Statement q(db, sql);
  if (sql.find('?') != std::string::npos) q.bind(1, static_cast<int64_t>(cutoff));
  return q.exec();
}

}  // namespace

std::optional<json> ExportPerson(SQLite::Database& db, const std::string& email, int64_t now) {
  json out;
  out["email"] = email;
  out["exported_at"] = IsoUtcTimestamp(now);
  out["learner"] = FirstOrNull(Rows(db,
                                    "SELECT id, email, name, organisation, team, public_id, "
                                    "created_at, updated_at FROM learners WHERE email = ?1",
                                    email));
  out["attempts"] = Rows(db,
                         "SELECT a.id, a.quiz_id, a.quiz_title, a.quiz_version, a.name, "
                         "a.organisation, a.team, a.answers, a.correct, a.total, a.score, "
                         "a.passed, a.created_at FROM attempts a JOIN learners l ON "
                         "l.id = a.learner_id WHERE l.email = ?1 ORDER BY a.created_at, a.id",
                         email);
  out["certificates"] = Rows(db,
                             "SELECT c.code, c.attempt_id, a.quiz_id, c.valid_until FROM "
                             "certificates c JOIN attempts a ON a.id = c.attempt_id JOIN "
                             "learners l ON l.id = a.learner_id WHERE l.email = ?1 "
                             "ORDER BY a.created_at, a.id",
                             email);
  out["staff"] = FirstOrNull(Rows(db,
                                  "SELECT id, email, name, organisation, team, role, created_at, "
                                  "updated_at FROM staff WHERE email = ?1",
                                  email));
  // Never the password hash; sessions only as a count (their tokens are secrets).
  out["manager"] = FirstOrNull(
      Rows(db,
           "SELECT m.id, m.email, m.organisation, m.created_at, m.updated_at, (SELECT count(*) "
           "FROM sessions s WHERE s.manager_id = m.id) AS open_sessions FROM managers m "
           "WHERE m.email = ?1",
           email));
  out["failed_logins"] = Rows(db,
                              "SELECT at FROM login_failures WHERE key = 'email:' || lower(?1) "
                              "ORDER BY at",
                              email);
  out["audit_log"] = Rows(db,
                          "SELECT id, at, actor, organisation, action, detail, address FROM "
                          "audit_log WHERE actor = ?1 COLLATE NOCASE OR detail LIKE "
                          "'%' || ?2 || '%' ESCAPE '\\' ORDER BY id",
                          email);
  out["lrs_outbox"] = Rows(db,
                           "SELECT o.attempt_id, o.statement, o.tries, o.last_error, "
                           "o.next_try_at, o.sent_at FROM lrs_outbox o JOIN attempts a ON "
                           "a.id = o.attempt_id JOIN learners l ON l.id = a.learner_id "
                           "WHERE l.email = ?1 ORDER BY o.id",
                           email);
  // Sign-in by e-mailed link (#15): the practitioner record, sessions only as a count, and
  // the messages sent to the address (never their text: it held one-time links).
  out["practitioner"] = FirstOrNull(
      Rows(db,
           "SELECT p.id, p.email, p.name, p.organisation, p.team, p.first_signed_in_at, "
           "p.last_signed_in_at, (SELECT count(*) FROM practitioner_sessions s WHERE "
           "s.practitioner_id = p.id) AS open_sessions FROM practitioners p WHERE p.email = ?1",
           email));
  out["mail"] = Rows(db,
                     "SELECT message_id, kind, created_at, state, tries, done_at FROM mail_outbox "
                     "WHERE recipient = lower(?1) ORDER BY id",
                     email);
  bool held = false;
  for (const char* key : {"learner", "staff", "manager", "practitioner"}) {
    held |= !out[key].is_null();
  }
  for (const char* key : {"attempts", "failed_logins", "audit_log", "mail"}) {
    held |= !out[key].empty();
  }
  if (!held) return std::nullopt;
  return out;
}

int64_t RetentionCutoff(int64_t now, int months) {
  std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  Date today{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
  Date cutoff = today.AddMonths(-months);
  int64_t seconds_into_day = tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
  return static_cast<int64_t>(cutoff.DaysSinceEpoch()) * 86400 + seconds_into_day;
}

PurgeReport Purge(SQLite::Database& db, int64_t cutoff, bool anonymise, bool dry_run) {
  PurgeReport report;
  report.cutoff = cutoff;
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  int64_t anonymous_id = -1;
  if (anonymise) {
    SQLite::Statement add(db,
                          "INSERT INTO learners(email, name, organisation, team, created_at, "
                          "updated_at, public_id) VALUES (?1, '', '', '', 0, 0, "
                          "lower(hex(randomblob(16)))) ON CONFLICT(email) DO NOTHING");
    add.bind(1, kAnonymousEmail);
    add.exec();
    SQLite::Statement find(db, "SELECT id FROM learners WHERE email = ?");
    find.bind(1, kAnonymousEmail);
    find.executeStep();
    anonymous_id = find.getColumn(0).getInt64();
  }
  // In anonymise mode attempts already anonymised are left alone (and not counted again).
  std::string old = "SELECT id FROM attempts WHERE created_at < ?1 AND learner_id != " +
                    std::to_string(anonymous_id);
  report.certificates =
      Changes(db, "DELETE FROM certificates WHERE attempt_id IN (" + old + ")", cutoff);
  report.outbox_rows =
      Changes(db, "DELETE FROM lrs_outbox WHERE attempt_id IN (" + old + ")", cutoff);
  if (anonymise) {
    report.attempts = Changes(db,
                              "UPDATE attempts SET name = '', answers = '{}', learner_id = " +
                                  std::to_string(anonymous_id) + " WHERE id IN (" + old + ")",
                              cutoff);
  } else {
    report.attempts = Changes(db, "DELETE FROM attempts WHERE id IN (" + old + ")", cutoff);
  }
  std::string orphans =
      "DELETE FROM learners WHERE NOT EXISTS (SELECT 1 FROM attempts a WHERE a.learner_id = "
      "learners.id) AND id ";
  report.learners = Changes(db, orphans + "!= " + std::to_string(anonymous_id), cutoff);
  Changes(db, orphans + "= " + std::to_string(anonymous_id), cutoff);  // unused anonymous one
  if (!dry_run) tx.commit();  // otherwise the destructor rolls everything back
  return report;
}

bool BackupDatabase(const std::string& db_path, const std::string& out_path, bool force,
                    std::string* err) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(db_path, ec)) {
    *err = db_path + ": no database here; pass --db with the file bulletin serve uses";
    return false;
  }
  if (!force && fs::exists(out_path, ec)) {
    *err = out_path + ": already exists; choose another name or pass --force to replace it";
    return false;
  }
  fs::path out(out_path);
  std::string tmp =
      (out.parent_path() / ("." + out.filename().string() + ".tmp-" + std::to_string(::getpid())))
          .string();
  auto fail = [&](const std::string& message) {
    fs::remove(tmp, ec);
    fs::remove(tmp + "-journal", ec);
    *err = message;
    return false;
  };
  try {
    if (out.has_parent_path()) fs::create_directories(out.parent_path());
    {
      std::unique_ptr<SQLite::Database> source = OpenDatabase(db_path, /*read_only=*/true);
      SQLite::Database copy(tmp, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      SQLite::Backup backup(copy, *source);
      backup.executeStep(-1);  // one step: a consistent snapshot; WAL lets serve keep writing
      copy.exec("PRAGMA journal_mode=DELETE");
      std::string check = copy.execAndGet("PRAGMA integrity_check").getString();
      if (check != "ok") return fail(out_path + ": the copy failed its integrity check: " + check);
    }
    int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
      if (fd >= 0) ::close(fd);
      return fail(out_path + ": cannot sync the copy to disk");
    }
    ::close(fd);
    unsigned flags = force ? 0 : RENAME_NOREPLACE;
    if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, out_path.c_str(), flags) != 0) {
      return fail(out_path + (errno == EEXIST ? ": already exists; pass --force to replace it"
                                              : ": cannot move the copy into place"));
    }
    std::string dir = out.has_parent_path() ? out.parent_path().string() : ".";
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
    return true;
  } catch (const std::exception& e) {
    return fail(db_path + ": backup failed: " + e.what());
  }
}

}  // namespace bulletin
