#pragma once

#include <cstdint>
#include <string>
#include <vector>

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
/// Thread-safe.
class AuditLog {
 public:
  virtual ~AuditLog() = default;

  /// Appends `entry`, durably. Returns false with *err when it cannot be written: an action
  /// whose audit line cannot be recorded must not go ahead.
  virtual bool Record(AuditEntry entry, std::string* err) = 0;

  /// The newest `limit` entries, newest first; only `organisation`'s when it is not empty.
  virtual bool Recent(size_t limit, const std::string& organisation, std::vector<AuditEntry>* out,
                      std::string* err) = 0;

  /// As Recent, for tests and tools: an empty list when the log cannot be read.
  std::vector<AuditEntry> Recent(size_t limit, const std::string& organisation = "") {
    std::vector<AuditEntry> out;
    std::string err;
    Recent(limit, organisation, &out, &err);
    return out;
  }
};

}  // namespace bulletin
