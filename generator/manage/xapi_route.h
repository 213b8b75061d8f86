#pragma once

#include <string>

#include "content/site_config.h"
#include "manage/manager_gate.h"
#include "server/http_types.h"
#include "server/router.h"
#include "store/audit_log.h"
#include "store/report_records.h"

namespace bulletin {

class PageRenderer;

/// GET /manage/export.xapi.json: the xAPI statements of the signed-in manager's scope (see
/// XapiExport; the organisation comes from the session) as a JSON download.
class XapiExportRoute {
 public:
  /// Everything passed must outlive it. A database failure answers with `pages`'s styled
  /// 503 (a bare 503 without `pages`).
  XapiExportRoute(ReportRecords* reports, const SiteConfig& site, AuditLog* audit,
                  const PageRenderer* pages = nullptr);

  /// Adds the route behind `gate.Page`.
  void AddTo(Router* router, const ManagerGate& gate) const;

  /// The download: 200 application/json with Content-Disposition: attachment,
  /// Cache-Control: no-store; one audit line ("export-xapi", how many statements).
  HttpResponse Export(const ManagerSession& session) const;

 private:
  HttpResponse Unavailable(const std::string& error) const;

  ReportRecords* reports_;
  const SiteConfig& site_;
  AuditLog* audit_;
  const PageRenderer* pages_;
};

}  // namespace bulletin
