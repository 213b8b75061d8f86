#include <SQLiteCpp/SQLiteCpp.h>

#include "store/sqlite_connections.h"
#include "store/sqlite_tables.h"

namespace bulletin {

namespace {

int64_t Counter(SQLite::Database& db, const char* name) {
  SQLite::Statement q(db, "SELECT value FROM change_counters WHERE name = ?");
  q.bind(1, name);
  return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

void LoadRosterAndRules(SQLite::Database& db, ComplianceData* out) {
  SQLite::Statement rules(db, "SELECT id, quiz_id, organisation, team, role FROM assignments");
  while (rules.executeStep()) {
    out->assignments.push_back({rules.getColumn(0).getInt64(), rules.getColumn(1).getString(),
                                rules.getColumn(2).getString(), rules.getColumn(3).getString(),
                                rules.getColumn(4).getString()});
  }
  SQLite::Statement staff(db,
                          "SELECT id, name, email, organisation, team, role FROM staff "
                          "ORDER BY organisation, team, name, id");
  while (staff.executeStep()) {
    StaffMember m;
    m.id = staff.getColumn(0).getInt64();
    m.name = staff.getColumn(1).getString();
    m.email = staff.getColumn(2).getString();
    m.organisation = staff.getColumn(3).getString();
    m.team = staff.getColumn(4).getString();
    m.role = staff.getColumn(5).getString();
    out->staff.push_back(std::move(m));
  }
}

// Passes of attempts after `after` (every pass for 0), and the newest attempt id.
void LoadPasses(SQLite::Database& db, int64_t after, ComplianceData* out) {
  SQLite::Statement q(db,
                      "SELECT a.id, l.email, a.quiz_id, c.valid_until FROM attempts a "
                      "JOIN learners l ON l.id = a.learner_id "
                      "LEFT JOIN certificates c ON c.attempt_id = a.id WHERE a.id > ? "
                      "ORDER BY a.id");
  q.bind(1, after);
  out->last_attempt_id = after;
  while (q.executeStep()) {
    out->last_attempt_id = q.getColumn(0).getInt64();
    if (q.getColumn(3).isNull()) continue;
    out->passes.push_back(
        {q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString()});
  }
}

class SqliteReportRecords : public ReportRecords {
 public:
  explicit SqliteReportRecords(SqliteConnections* db) : db_(db) {}

  bool ComplianceChanges(const DataGeneration& known, int64_t after_attempt_id, ComplianceData* out,
                         std::string* err) override {
    *out = ComplianceData();
    return db_->Read(
        "reading compliance data",
        [&](SQLite::Database& db) {
          out->generation.roster = Counter(db, "roster");
          out->generation.attempts_rewritten = Counter(db, "attempts-rewritten");
          out->full = !(out->generation == known);
          if (out->full) LoadRosterAndRules(db, out);
          LoadPasses(db, out->full ? 0 : after_attempt_id, out);
        },
        err);
  }

  bool StaffHistory(int64_t id, const std::string& organisation,
                    std::optional<StaffHistoryRecord>* out, std::string* err) override {
    out->reset();
    return db_->Read(
        "reading a staff member's history",
        [&](SQLite::Database& db) {
          // The organisation check is in the query itself: another organisation's staff id
          // finds nothing, exactly like an id that does not exist.
          SQLite::Statement staff(db,
                                  "SELECT id, name, email, organisation, team, role FROM staff "
                                  "WHERE id = ?1 AND (?2 = '' OR organisation = ?2)");
          staff.bind(1, id);
          staff.bind(2, organisation);
          if (!staff.executeStep()) return;
          StaffHistoryRecord record;
          record.member = {staff.getColumn(0).getInt64(),  staff.getColumn(1).getString(),
                           staff.getColumn(2).getString(), staff.getColumn(3).getString(),
                           staff.getColumn(4).getString(), staff.getColumn(5).getString()};
          SQLite::Statement q(db,
                              "SELECT a.quiz_id, a.quiz_title, a.score, a.passed, a.created_at, "
                              "c.valid_until, c.code FROM attempts a JOIN learners l ON "
                              "l.id = a.learner_id LEFT JOIN certificates c ON "
                              "c.attempt_id = a.id WHERE l.email = ? "
                              "ORDER BY a.created_at DESC, a.id DESC");
          q.bind(1, record.member.email);
          while (q.executeStep()) {
            record.attempts.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                                       q.getColumn(2).getInt(), q.getColumn(3).getInt() != 0,
                                       q.getColumn(4).getInt64(),
                                       q.getColumn(5).isNull() ? "" : q.getColumn(5).getString(),
                                       q.getColumn(6).isNull() ? "" : q.getColumn(6).getString()});
          }
          *out = std::move(record);
        },
        err);
  }

  bool Unmatched(const std::string& organisation, int limit, std::vector<UnmatchedLearner>* out,
                 std::string* err) override {
    out->clear();
    return db_->Read(
        "reading completions from people not on the roster",
        [&](SQLite::Database& db) {
          SQLite::Statement q(
              db,
              "SELECT l.email, max(a.name), a.organisation, max(a.team), count(*), "
              "sum(a.passed), max(a.created_at) FROM attempts a "
              "JOIN learners l ON l.id = a.learner_id "
              "WHERE (?1 = '' OR a.organisation = ?1) "
              "AND NOT EXISTS (SELECT 1 FROM staff s WHERE s.email = l.email) "
              "GROUP BY l.id, a.organisation ORDER BY max(a.created_at) DESC LIMIT ?2");
          q.bind(1, organisation);
          q.bind(2, limit);
          while (q.executeStep()) {
            out->push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                            q.getColumn(2).getString(), q.getColumn(3).getString(),
                            q.getColumn(4).getInt(), q.getColumn(5).getInt(),
                            q.getColumn(6).getInt64()});
          }
        },
        err);
  }

  bool ExportAttempts(const std::string& organisation, std::vector<AttemptFacts>* out,
                      std::string* err) override {
    out->clear();
    return db_->Read(
        "reading attempts for the xAPI export",
        [&](SQLite::Database& db) {
          // A partnership admin sees every attempt, roster or not; a manager only their
          // roster's.
          const char* sql =
              organisation.empty()
                  ? "SELECT a.id, l.public_id, a.quiz_id, a.quiz_version, a.quiz_title, "
                    "a.organisation, a.correct, a.total, a.passed, a.created_at FROM attempts a "
                    "JOIN learners l ON l.id = a.learner_id ORDER BY a.created_at, a.id"
                  : "SELECT a.id, l.public_id, a.quiz_id, a.quiz_version, a.quiz_title, "
                    "a.organisation, a.correct, a.total, a.passed, a.created_at FROM attempts a "
                    "JOIN learners l ON l.id = a.learner_id "
                    "JOIN staff s ON s.email = l.email COLLATE NOCASE "
                    "WHERE s.organisation = ?1 ORDER BY a.created_at, a.id";
          SQLite::Statement q(db, sql);
          if (!organisation.empty()) q.bind(1, organisation);
          while (q.executeStep()) {
            AttemptFacts a;
            a.attempt_id = q.getColumn(0).getInt64();
            a.learner_key = q.getColumn(1).getString();
            a.quiz_id = q.getColumn(2).getString();
            a.quiz_version = q.getColumn(3).getString();
            a.quiz_title = q.getColumn(4).getString();
            a.organisation = q.getColumn(5).getString();
            a.correct = q.getColumn(6).getInt();
            a.total = q.getColumn(7).getInt();
            a.passed = q.getColumn(8).getInt() != 0;
            a.created_at = q.getColumn(9).getInt64();
            out->push_back(std::move(a));
          }
        },
        err);
  }

 private:
  SqliteConnections* db_;
};

}  // namespace

std::unique_ptr<ReportRecords> NewSqliteReportRecords(SqliteConnections* db) {
  return std::make_unique<SqliteReportRecords>(db);
}

}  // namespace bulletin
