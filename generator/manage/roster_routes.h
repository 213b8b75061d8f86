#pragma once

#include <string>

#include "manage/manager_gate.h"
#include "server/http_types.h"
#include "server/router.h"

namespace bulletin {

class AuditLog;
class DashboardRoutes;
class RosterRecords;
struct SiteConfig;

/// The roster upload under /manage/roster, for the manager's own organisation (a
/// partnership admin may upload any organisations' rosters).
///
/// GET  /manage/roster  the upload form (csrf field first, then the file input)
/// POST /manage/roster  multipart/form-data with the file: checks it and shows every bad
///                      row, or the plan (added, changed, removed) and a form to confirm;
///                      urlencoded with confirm=1 and the checked file: imports it in one
///                      transaction and audits it. A database failure: the styled 503.
class RosterRoutes {
 public:
  /// Keeps pointers to everything passed; pages render through `pages`.
  RosterRoutes(const SiteConfig& site, const DashboardRoutes* pages, RosterRecords* records,
               AuditLog* audit);

  void AddTo(Router* router, const ManagerGate& gate) const;

  HttpResponse Form(const HttpRequest& request, const ManagerSession& session) const;
  HttpResponse Upload(const HttpRequest& request, const ManagerSession& session) const;

 private:
  const SiteConfig& site_;
  const DashboardRoutes* pages_;
  RosterRecords* records_;
  AuditLog* audit_;
};

}  // namespace bulletin
