#include <SQLiteCpp/SQLiteCpp.h>

#include <ctime>

#include "store/sqlite_connections.h"
#include "store/sqlite_tables.h"

namespace bulletin {

namespace {

class SqliteAuditLog : public AuditLog {
 public:
  using AuditLog::Recent;
  explicit SqliteAuditLog(SqliteConnections* db) : db_(db) {}

  bool Record(AuditEntry entry, std::string* err) override {
    if (entry.at == 0) entry.at = static_cast<int64_t>(std::time(nullptr));
    return db_->Write(
        "writing the audit log",
        [&](SQLite::Database& db) {
          SQLite::Statement q(db,
                              "INSERT INTO audit_log(at, actor, organisation, action, detail, "
                              "address) VALUES (?, ?, ?, ?, ?, ?)");
          q.bind(1, entry.at);
          q.bind(2, entry.actor);
          q.bind(3, entry.organisation);
          q.bind(4, entry.action);
          q.bind(5, entry.detail);
          q.bind(6, entry.address);
          q.exec();
        },
        err);
  }

  bool Recent(size_t limit, const std::string& organisation, std::vector<AuditEntry>* out,
              std::string* err) override {
    out->clear();
    return db_->Read(
        "reading the audit log",
        [&](SQLite::Database& db) {
          SQLite::Statement q(db,
                              "SELECT at, actor, organisation, action, detail, address FROM "
                              "audit_log WHERE ?1 = '' OR organisation = ?1 "
                              "ORDER BY id DESC LIMIT ?2");
          q.bind(1, organisation);
          q.bind(2, static_cast<int64_t>(limit));
          while (q.executeStep()) {
            out->push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                            q.getColumn(2).getString(), q.getColumn(3).getString(),
                            q.getColumn(4).getString(), q.getColumn(5).getString()});
          }
        },
        err);
  }

 private:
  SqliteConnections* db_;
};

}  // namespace

std::unique_ptr<AuditLog> NewSqliteAuditLog(SqliteConnections* db) {
  return std::make_unique<SqliteAuditLog>(db);
}

}  // namespace bulletin
