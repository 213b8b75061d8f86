#include <SQLiteCpp/SQLiteCpp.h>

#include "store/sqlite_connections.h"
#include "store/sqlite_tables.h"

namespace bulletin {

namespace {

class SqliteLrsOutbox : public LrsOutbox {
 public:
  explicit SqliteLrsOutbox(SqliteConnections* db) : db_(db) {}

  bool Due(int64_t now, int limit, std::vector<OutboxRow>* out, std::string* err) override {
    out->clear();
    return db_->Read(
        "reading the LRS outbox",
        [&](SQLite::Database& db) {
          SQLite::Statement q(db,
                              "SELECT id, attempt_id, statement, tries FROM lrs_outbox "
                              "WHERE sent_at IS NULL AND next_try_at <= ? "
                              "ORDER BY next_try_at, id LIMIT ?");
          q.bind(1, now);
          q.bind(2, limit);
          while (q.executeStep()) {
            out->push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                            q.getColumn(2).getString(), q.getColumn(3).getInt()});
          }
        },
        err);
  }

  bool MarkSent(int64_t id, int64_t now, std::string* err) override {
    return db_->Write(
        "updating the LRS outbox",
        [&](SQLite::Database& db) {
          SQLite::Statement q(db,
                              "UPDATE lrs_outbox SET sent_at = ?, last_error = '' WHERE id = ?");
          q.bind(1, now);
          q.bind(2, id);
          q.exec();
        },
        err);
  }

  bool MarkFailed(int64_t id, int tries, const std::string& error, int64_t next_try_at,
                  std::string* err) override {
    return db_->Write(
        "updating the LRS outbox",
        [&](SQLite::Database& db) {
          SQLite::Statement q(db,
                              "UPDATE lrs_outbox SET tries = ?, last_error = ?, next_try_at = ? "
                              "WHERE id = ? AND sent_at IS NULL");
          q.bind(1, tries);
          q.bind(2, error);
          q.bind(3, next_try_at);
          q.bind(4, id);
          q.exec();
        },
        err);
  }

  bool State(OutboxState* out, std::string* err) override {
    *out = OutboxState();
    return db_->Read(
        "reading the LRS outbox",
        [&](SQLite::Database& db) {
          SQLite::Statement counts(db,
                                   "SELECT count(*), coalesce(max(tries), 0) FROM lrs_outbox "
                                   "WHERE sent_at IS NULL");
          if (counts.executeStep()) {
            out->waiting = counts.getColumn(0).getInt();
            out->most_tries = counts.getColumn(1).getInt();
          }
          SQLite::Statement failing(db,
                                    "SELECT last_error FROM lrs_outbox WHERE sent_at IS NULL AND "
                                    "tries > 0 ORDER BY next_try_at DESC LIMIT 1");
          if (failing.executeStep()) out->last_error = failing.getColumn(0).getString();
        },
        err);
  }

 private:
  SqliteConnections* db_;
};

}  // namespace

std::unique_ptr<LrsOutbox> NewSqliteLrsOutbox(SqliteConnections* db) {
  return std::make_unique<SqliteLrsOutbox>(db);
}

}  // namespace bulletin
