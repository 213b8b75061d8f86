#include "manage/xapi_route.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "manage/xapi.h"
#include "server/page_renderer.h"

namespace bulletin {

XapiExportRoute::XapiExportRoute(ReportRecords* reports, const SiteConfig& site, AuditLog* audit,
                                 const PageRenderer* pages)
    : reports_(reports), site_(site), audit_(audit), pages_(pages) {}

HttpResponse XapiExportRoute::Unavailable(const std::string& error) const {
  if (pages_) return pages_->Unavailable(error);
  std::cerr << "bulletin serve: " << error << '\n';
  return ErrorResponse(503);
}

void XapiExportRoute::AddTo(Router* router, const ManagerGate& gate) const {
  router->Add("GET", "/manage/export.xapi.json",
              gate.Page([this](const HttpRequest&, const ManagerSession& session) {
                return Export(session);
              }));
}

HttpResponse XapiExportRoute::Export(const ManagerSession& session) const {
  nlohmann::json statements;
  std::string err;
  if (!XapiExport(*reports_, site_, session.organisation, &statements, &err)) {
    return Unavailable(err);
  }
  std::string scope = session.organisation.empty() ? "partnership" : session.organisation;
  if (!audit_->Record(
          {0, session.email, session.organisation, "export-xapi",
           std::to_string(statements.size()) + " statements (" + scope + ")", session.address},
          &err)) {
    return Unavailable(err);
  }
  HttpResponse response;
  response.headers.Set("Content-Type", "application/json; charset=utf-8");
  response.headers.Set("Content-Disposition", "attachment; filename=\"xapi-" + scope + ".json\"");
  response.headers.Set("Cache-Control", "no-store");
  response.body = statements.dump(1) + "\n";
  return response;
}

}  // namespace bulletin
