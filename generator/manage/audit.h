#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace bulletin {

/// One line of the audit log: who did what, when, from where.
struct AuditEntry {
  int64_t at = 0;            ///< Unix seconds; 0 means now
  std::string actor;         ///< a manager's email, or "cli:<user>" for `bulletin admin`
  std::string organisation;  ///< the actor's organisation id; "" for partnership-wide
  std::string action;   ///< "login", "login-failed", "logout", "export-csv", "import-staff", ...
  std::string detail;   ///< free text: what was exported, how many rows changed, ...
  std::string address;  ///< the client's address; "" from the command line
};

/// The audit log of logins, exports, imports and admin actions (table audit_log).
/// Thread-safe. Each Record is committed (durable) before it returns.
class AuditLog {
 public:
  /// Opens the database at `path` (see OpenDatabase). Throws on failure.
  explicit AuditLog(const std::string& db_path);
  ~AuditLog();

  /// Appends `entry`. Throws std::exception if it cannot be written: an action whose audit
  /// line cannot be recorded must not go ahead silently.
  void Record(AuditEntry entry);

  /// The newest `limit` entries, newest first; only `organisation`'s when it is not empty.
  std::vector<AuditEntry> Recent(size_t limit, const std::string& organisation = "");

 private:
  std::mutex mu_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace bulletin
