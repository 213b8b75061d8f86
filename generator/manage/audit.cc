#include "manage/audit.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <ctime>

#include "store/database.h"

namespace bulletin {

AuditLog::AuditLog(const std::string& db_path) : db_(OpenDatabase(db_path)) {}

AuditLog::~AuditLog() = default;

void AuditLog::Record(AuditEntry entry) {
  if (entry.at == 0) entry.at = static_cast<int64_t>(std::time(nullptr));
  std::lock_guard<std::mutex> lock(mu_);
  SQLite::Statement q(*db_,
                      "INSERT INTO audit_log(at, actor, organisation, action, detail, address) "
                      "VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, entry.at);
  q.bind(2, entry.actor);
  q.bind(3, entry.organisation);
  q.bind(4, entry.action);
  q.bind(5, entry.detail);
  q.bind(6, entry.address);
  q.exec();
}

std::vector<AuditEntry> AuditLog::Recent(size_t limit, const std::string& organisation) {
  std::lock_guard<std::mutex> lock(mu_);
  SQLite::Statement q(*db_,
                      "SELECT at, actor, organisation, action, detail, address FROM audit_log "
                      "WHERE ?1 = '' OR organisation = ?1 ORDER BY id DESC LIMIT ?2");
  q.bind(1, organisation);
  q.bind(2, static_cast<int64_t>(limit));
  std::vector<AuditEntry> out;
  while (q.executeStep()) {
    AuditEntry e;
    e.at = q.getColumn(0).getInt64();
    e.actor = q.getColumn(1).getString();
    e.organisation = q.getColumn(2).getString();
    e.action = q.getColumn(3).getString();
    e.detail = q.getColumn(4).getString();
    e.address = q.getColumn(5).getString();
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace bulletin
