#include "manage/roster_routes.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "content/site_config.h"
#include "core/text.h"
#include "manage/dashboard_routes.h"
#include "manage/roster.h"
#include "server/form.h"
#include "server/multipart.h"
#include "store/audit_log.h"

namespace bulletin {

using nlohmann::json;

namespace {

constexpr size_t kMaxParts = 8;
constexpr size_t kMaxShown = 200;  // rows of each kind listed on the plan page

json Members(const std::vector<StaffMember>& members) {
  json out = json::array();
  for (const StaffMember& m : members) {
    if (out.size() == kMaxShown) break;
    out.push_back({{"name", m.name},
                   {"email", m.email},
                   {"team", m.team},
                   {"role", m.role},
                   {"organisation", m.organisation}});
  }
  return out;
}

json PlanJson(const RosterPlan& plan) {
  json changed = json::array();
  for (const StaffChange& c : plan.changed) {
    if (changed.size() == kMaxShown) break;
    changed.push_back({{"name", c.after.name},
                       {"email", c.after.email},
                       {"team", c.after.team},
                       {"role", c.after.role},
                       {"organisation", c.after.organisation},
                       {"before", c.before.name + " (" + c.before.organisation + ", " +
                                      c.before.team + ", " + c.before.role + ")"}});
  }
  return {{"summary", PlanSummary(plan)},         {"added", Members(plan.added)},
          {"has_added", !plan.added.empty()},     {"changed", changed},
          {"has_changed", !plan.changed.empty()}, {"removed", Members(plan.removed)},
          {"has_removed", !plan.removed.empty()}};
}

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

RosterRoutes::RosterRoutes(const SiteConfig& site, const DashboardRoutes* pages,
                           RosterRecords* records, AuditLog* audit)
    : site_(site), pages_(pages), records_(records), audit_(audit) {}

void RosterRoutes::AddTo(Router* router, const ManagerGate& gate) const {
  router->Add(
      "GET", "/manage/roster",
      gate.Page([this](const HttpRequest& r, const ManagerSession& s) { return Form(r, s); }));
  router->Add(
      "POST", "/manage/roster",
      gate.Action([this](const HttpRequest& r, const ManagerSession& s) { return Upload(r, s); }));
}

HttpResponse RosterRoutes::Form(const HttpRequest& request, const ManagerSession& session) const {
  (void)request;
  const Organisation* org = site_.FindOrganisation(session.organisation);
  json ctx = {{"csrf", session.csrf_token},
              {"scope", org ? org->name : "any organisation"},
              {"is_admin", session.is_partnership_admin()},
              {"stage_upload", true}};
  return pages_->Render(200, "manage_roster", std::move(ctx), "/manage/roster",
                        "Update the staff roster", session);
}

HttpResponse RosterRoutes::Upload(const HttpRequest& request, const ManagerSession& session) const {
  const Organisation* org = site_.FindOrganisation(session.organisation);
  json ctx = {{"csrf", session.csrf_token},
              {"scope", org ? org->name : "any organisation"},
              {"is_admin", session.is_partnership_admin()}};
  auto page = [&](int status, const std::string& title) {
    return pages_->Render(status, "manage_roster", ctx, "/manage/roster", title, session);
  };
  auto refuse = [&](const std::string& message) {
    ctx["stage_upload"] = true;
    ctx["has_errors"] = true;
    ctx["errors"] = json::array({{{"href", "#roster"}, {"message", message}}});
    return page(400, "Error: Update the staff roster");
  };
  std::string csv, file_name = "roster.csv";
  bool confirm = false;
  const std::string* type = request.headers.Find("Content-Type");
  std::string boundary;
  if (type && MultipartBoundary(*type, &boundary)) {
    std::vector<MultipartPart> parts;
    std::string err;
    if (!ParseMultipart(request.body, boundary, kMaxParts, &parts, &err)) {
      return refuse("The file could not be read: choose it again and upload it");
    }
    const MultipartPart* file = FindPart(parts, "roster");
    if (!file || file->body.empty()) return refuse("Choose a CSV file to upload");
    csv = file->body;
    if (!file->filename.empty() && IsCleanText(file->filename)) file_name = file->filename;
  } else {
    FormFields form;
    if (!ParseForm(request.body, kMaxParts, &form)) return refuse("Choose a CSV file to upload");
    csv = FormValue(form, "csv");
    confirm = FormValue(form, "confirm") == "1";
    if (csv.empty()) return refuse("Choose a CSV file to upload");
  }
  Diagnostics diags;
  Roster roster;
  RosterPlan plan;
  std::string err;
  bool ok = ParseRoster(csv, file_name, site_, session.organisation, &diags, &roster);
  if (ok) {
    RosterOutcome outcome = ImportRoster(*records_, roster, file_name, session.organisation, Now(),
                                         /*dry_run=*/!confirm, &diags, &plan, &err);
    if (outcome == RosterOutcome::kUnavailable) return pages_->Unavailable(err);
    ok = outcome == RosterOutcome::kDone;
  }
  if (!ok) {
    json problems = json::array();
    for (const Diagnostic& d : diags.items()) {
      problems.push_back({{"line", d.line}, {"message", d.message}});
    }
    ctx["stage_upload"] = true;
    ctx["problems"] = problems;
    ctx["has_problems"] = true;
    ctx["has_errors"] = true;
    ctx["errors"] = json::array(
        {{{"href", "#problems"},
          {"message", "The file has " + std::to_string(problems.size()) +
                          " problems: nothing was imported. Fix them and upload it again"}}});
    return page(400, "Error: Update the staff roster");
  }
  ctx["plan"] = PlanJson(plan);
  ctx["organisations"] = Join(roster.organisations, ", ");
  if (confirm) {
    if (!audit_->Record(
            {0, session.email, session.organisation, "import-staff",
             file_name + ": " + Join(roster.organisations, ", ") + ": " + PlanSummary(plan),
             session.address},
            &err)) {
      return pages_->Unavailable(err);
    }
    ctx["stage_done"] = true;
    return page(200, "Roster updated");
  }
  ctx["stage_confirm"] = true;
  ctx["csv"] = csv;
  return page(200, "Check the roster changes");
}

}  // namespace bulletin
