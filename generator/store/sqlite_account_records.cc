#include <SQLiteCpp/SQLiteCpp.h>

#include "store/sqlite_connections.h"
#include "store/sqlite_tables.h"

namespace bulletin {

namespace {

ManagerRecord ManagerFrom(SQLite::Statement& q) {
  return ManagerRecord{q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                       q.getColumn(2).getString(), ""};
}

void ForgetFailures(SQLite::Database& db, const std::vector<std::string>& keys) {
  SQLite::Statement clear(db, "DELETE FROM login_failures WHERE key = ?");
  for (const std::string& key : keys) {
    clear.bind(1, key);
    clear.exec();
    clear.reset();
  }
}

class SqliteAccountRecords : public AccountRecords {
 public:
  explicit SqliteAccountRecords(SqliteConnections* db) : db_(db) {}

  bool AddManager(const std::string& email, const std::string& organisation,
                  const std::string& password_hash, int64_t now, int64_t* id,
                  std::string* err) override {
    *id = 0;
    return db_->Write(
        "adding a manager",
        [&](SQLite::Database& db) {
          SQLite::Statement q(db,
                              "INSERT INTO managers(email, organisation, password_hash, "
                              "created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
                              "ON CONFLICT(email) DO NOTHING");
          q.bind(1, email);
          q.bind(2, organisation);
          q.bind(3, password_hash);
          q.bind(4, now);
          q.bind(5, now);
          if (q.exec() != 0) *id = db.getLastInsertRowid();
        },
        err);
  }

  bool FindManager(const std::string& email, std::optional<ManagerRecord>* out,
                   std::string* err) override {
    out->reset();
    return db_->Read(
        "finding a manager",
        [&](SQLite::Database& db) {
          SQLite::Statement q(db,
                              "SELECT id, email, organisation, password_hash FROM managers "
                              "WHERE email = ?");
          q.bind(1, email);
          if (!q.executeStep()) return;
          ManagerRecord m = ManagerFrom(q);
          m.password_hash = q.getColumn(3).getString();
          *out = std::move(m);
        },
        err);
  }

  bool ResetPassword(int64_t manager_id, const std::string& password_hash, int64_t now,
                     const std::vector<std::string>& clear_failure_keys,
                     std::string* err) override {
    return db_->Write(
        "setting a password",
        [&](SQLite::Database& db) {
          SQLite::Statement update(
              db, "UPDATE managers SET password_hash = ?, updated_at = ? WHERE id = ?");
          update.bind(1, password_hash);
          update.bind(2, now);
          update.bind(3, manager_id);
          update.exec();
          SQLite::Statement kill(db, "DELETE FROM sessions WHERE manager_id = ?");
          kill.bind(1, manager_id);
          kill.exec();
          ForgetFailures(db, clear_failure_keys);
        },
        err);
  }

  bool Failures(const std::vector<std::string>& keys, int64_t since,
                std::vector<std::vector<int64_t>>* times, std::string* err) override {
    times->assign(keys.size(), {});
    return db_->Read(
        "reading failed sign-ins",
        [&](SQLite::Database& db) {
          SQLite::Statement q(db,
                              "SELECT at FROM login_failures WHERE key = ? AND at > ? "
                              "ORDER BY at DESC");
          for (size_t i = 0; i < keys.size(); ++i) {
            q.bind(1, keys[i]);
            q.bind(2, since);
            while (q.executeStep()) (*times)[i].push_back(q.getColumn(0).getInt64());
            q.reset();
          }
        },
        err);
  }

  bool RecordFailures(const std::vector<std::string>& keys, int64_t now, int64_t forget_before,
                      FailureReservation* reservation, std::string* err) override {
    reservation->ids.clear();
    return db_->Write(
        "recording a failed sign-in",
        [&](SQLite::Database& db) {
          // Old failures no longer count; keep the table small.
          SQLite::Statement prune(db, "DELETE FROM login_failures WHERE at <= ?");
          prune.bind(1, forget_before);
          prune.exec();
          SQLite::Statement insert(db, "INSERT INTO login_failures(key, at) VALUES (?, ?)");
          for (const std::string& key : keys) {
            insert.bind(1, key);
            insert.bind(2, now);
            insert.exec();
            insert.reset();
            reservation->ids.push_back(db.getLastInsertRowid());
          }
        },
        err);
  }

  bool StartSession(const NewSession& s, const FailureReservation& reservation,
                    const std::vector<std::string>& clear_failure_keys, std::string* err) override {
    return db_->Write(
        "starting a session",
        [&](SQLite::Database& db) {
          SQLite::Statement withdraw(db, "DELETE FROM login_failures WHERE rowid = ?");
          for (int64_t id : reservation.ids) {
            withdraw.bind(1, id);
            withdraw.exec();
            withdraw.reset();
          }
          ForgetFailures(db, clear_failure_keys);
          SQLite::Statement expire(
              db, "DELETE FROM sessions WHERE last_seen_at <= ? OR created_at <= ?");
          expire.bind(1, s.expire_idle_before);
          expire.bind(2, s.expire_created_before);
          expire.exec();
          SQLite::Statement insert(db,
                                   "INSERT INTO sessions(token_hash, manager_id, csrf_token, "
                                   "created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)");
          insert.bind(1, s.token_hash);
          insert.bind(2, s.manager_id);
          insert.bind(3, s.csrf_token);
          insert.bind(4, s.now);
          insert.bind(5, s.now);
          insert.exec();
          if (!s.new_password_hash.empty()) {
            SQLite::Statement update(db, "UPDATE managers SET password_hash = ? WHERE id = ?");
            update.bind(1, s.new_password_hash);
            update.bind(2, s.manager_id);
            update.exec();
          }
        },
        err);
  }

  bool FindSession(const std::string& token_hash, std::optional<SessionRecord>* out,
                   std::string* err) override {
    out->reset();
    return db_->Read(
        "reading a session",
        [&](SQLite::Database& db) {
          SQLite::Statement q(db,
                              "SELECT m.id, m.email, m.organisation, s.csrf_token, s.created_at, "
                              "s.last_seen_at FROM sessions s JOIN managers m ON "
                              "m.id = s.manager_id WHERE s.token_hash = ?");
          q.bind(1, token_hash);
          if (!q.executeStep()) return;
          *out = SessionRecord{ManagerFrom(q), q.getColumn(3).getString(),
                               q.getColumn(4).getInt64(), q.getColumn(5).getInt64()};
        },
        err);
  }

  bool TouchSession(const std::string& token_hash, int64_t now, std::string* err) override {
    return db_->Write(
        "refreshing a session",
        [&](SQLite::Database& db) {
          SQLite::Statement touch(db, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
          touch.bind(1, now);
          touch.bind(2, token_hash);
          touch.exec();
        },
        err);
  }

  bool EndSession(const std::string& token_hash, std::optional<ManagerRecord>* ended,
                  std::string* err) override {
    ended->reset();
    return db_->Write(
        "ending a session",
        [&](SQLite::Database& db) {
          SQLite::Statement q(db,
                              "SELECT m.id, m.email, m.organisation FROM sessions s JOIN "
                              "managers m ON m.id = s.manager_id WHERE s.token_hash = ?");
          q.bind(1, token_hash);
          if (!q.executeStep()) return;
          *ended = ManagerFrom(q);
          q.reset();
          SQLite::Statement kill(db, "DELETE FROM sessions WHERE token_hash = ?");
          kill.bind(1, token_hash);
          kill.exec();
        },
        err);
  }

 private:
  SqliteConnections* db_;
};

}  // namespace

std::unique_ptr<AccountRecords> NewSqliteAccountRecords(SqliteConnections* db) {
  return std::make_unique<SqliteAccountRecords>(db);
}

}  // namespace bulletin
