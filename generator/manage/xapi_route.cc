#include "manage/xapi_route.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <nlohmann/json.hpp>

#include "manage/xapi.h"
#include "store/database.h"

namespace bulletin {

XapiExportRoute::XapiExportRoute(const std::string& db_path, const SiteConfig& site,
                                 AuditLog* audit)
    : db_(OpenDatabase(db_path, /*read_only=*/true)), site_(site), audit_(audit) {}

XapiExportRoute::~XapiExportRoute() = default;

void XapiExportRoute::AddTo(Router* router, const ManagerGate& gate) const {
  router->Add("GET", "/manage/export.xapi.json",
              gate.Page([this](const HttpRequest&, const ManagerSession& session) {
                return Export(session);
              }));
}

HttpResponse XapiExportRoute::Export(const ManagerSession& session) const {
  nlohmann::json statements;
  {
    std::lock_guard<std::mutex> lock(mu_);
    statements = XapiExport(*db_, site_, session.organisation);
  }
  std::string scope = session.organisation.empty() ? "partnership" : session.organisation;
  audit_->Record({0, session.email, session.organisation, "export-xapi",
                  std::to_string(statements.size()) + " statements (" + scope + ")",
                  session.address});
  HttpResponse response;
  response.headers.Set("Content-Type", "application/json; charset=utf-8");
  response.headers.Set("Content-Disposition", "attachment; filename=\"xapi-" + scope + ".json\"");
  response.headers.Set("Cache-Control", "no-store");
  response.body = statements.dump(1) + "\n";
  return response;
}

}  // namespace bulletin
