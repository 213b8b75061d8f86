#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "content/site_config.h"
#include "manage/audit.h"
#include "manage/manager_gate.h"
#include "server/http_types.h"
#include "server/router.h"

namespace SQLite {
class Database;
}

namespace bulletin {

/// GET /manage/export.xapi.json: the xAPI statements of the signed-in manager's scope (see
/// XapiExport; the organisation comes from the session) as a JSON download.
class XapiExportRoute {
 public:
  /// Opens its own read-only connection to `db_path`; `site` and `audit` must outlive it.
  /// Throws std::exception if the database cannot be opened.
  XapiExportRoute(const std::string& db_path, const SiteConfig& site, AuditLog* audit);
  ~XapiExportRoute();

  /// Adds the route behind `gate.Page`.
  void AddTo(Router* router, const ManagerGate& gate) const;

  /// The download: 200 application/json with Content-Disposition: attachment,
  /// Cache-Control: no-store; one audit line ("export-xapi", how many statements).
  HttpResponse Export(const ManagerSession& session) const;

 private:
  std::unique_ptr<SQLite::Database> db_;
  mutable std::mutex mu_;
  const SiteConfig& site_;
  AuditLog* audit_;
};

}  // namespace bulletin
