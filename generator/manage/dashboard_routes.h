#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "content/site_config.h"
#include "manage/compliance.h"
#include "manage/manager_gate.h"
#include "quiz/quiz.h"
#include "server/http_types.h"
#include "server/router.h"

namespace bulletin {

class AuditLog;
class PageRenderer;
class ReportRecords;

/// The manager dashboard under /manage/. Every handler takes the organisation from the
/// session: a manager sees only their own organisation's staff, attempts and roster; a
/// partnership admin sees all, and may pick one organisation with ?organisation=ID.
///
/// GET /manage/             compliance per quiz (chart and table per team), counts, and
///                          the staff list filtered by ?team=, ?quiz=, ?status=, ?page=
/// GET /manage/export.csv   the same list (same filters, every page) as RFC 4180 CSV; audited
/// GET /manage/staff/<id>   one staff member: details, compliance, every attempt (404 when
///                          not in the manager's organisation)
/// GET /manage/unmatched    people who took quizzes, declaring the organisation, but are
///                          not on its roster
/// When the database fails, each answers with the styled 503 (Unavailable).
class DashboardRoutes {
 public:
  /// Keeps references to everything passed; they must outlive this object.
  DashboardRoutes(const SiteConfig& site, const std::vector<Quiz>& quizzes,
                  const PageRenderer* pages, ReportRecords* reports, ComplianceEngine* engine,
                  AuditLog* audit);
  ~DashboardRoutes();

  /// Registers the routes above behind `gate`.
  void AddTo(Router* router, const ManagerGate& gate) const;

  HttpResponse Dashboard(const HttpRequest& request, const ManagerSession& session) const;
  HttpResponse ExportCsv(const HttpRequest& request, const ManagerSession& session) const;
  HttpResponse StaffHistory(const HttpRequest& request, const ManagerSession& session) const;
  HttpResponse Unmatched(const HttpRequest& request, const ManagerSession& session) const;

  /// Renders pages/<tmpl> with the site chrome, /manage/ breadcrumbs and the session's
  /// CSRF token as `csrf` (for the sign-out button); no-store.
  HttpResponse Render(int status, const std::string& tmpl, nlohmann::json context,
                      const std::string& url, const std::string& title,
                      const ManagerSession& session) const;

  /// The styled 503 for a database failure (logs `error`; see PageRenderer::Unavailable).
  HttpResponse Unavailable(const std::string& error) const;

 private:
  struct Query;
  // The stages of Dashboard: each adds its part of the page's context.
  void AddScope(const Query& q, const ComplianceView& view, const ManagerSession& session,
                nlohmann::json* ctx) const;
  void AddCharts(const ComplianceView& view, bool one_organisation, nlohmann::json* ctx) const;
  void AddFilters(const Query& q, const ComplianceView& view, nlohmann::json* ctx) const;
  void AddRows(const Query& q, const ComplianceView& view, nlohmann::json* ctx) const;
  Query ReadQuery(const HttpRequest& request, const ManagerSession& session) const;
  std::string OrganisationName(const std::string& id) const;
  std::string QuizTitle(const std::string& id) const;

  const SiteConfig& site_;
  const std::vector<Quiz>& quizzes_;
  const PageRenderer* pages_;
  ReportRecords* reports_;
  ComplianceEngine* engine_;
  AuditLog* audit_;
};

}  // namespace bulletin
