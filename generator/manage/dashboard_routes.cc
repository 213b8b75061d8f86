#include "manage/dashboard_routes.h"

#include <cstdio>

#include "core/date.h"
#include "core/text.h"
#include "manage/bar_chart.h"
#include "manage/csv.h"
#include "server/form.h"
#include "server/page_renderer.h"
#include "store/audit_log.h"
#include "store/report_records.h"

namespace bulletin {

using nlohmann::json;

namespace {

constexpr size_t kPageSize = 50;
constexpr size_t kMaxQueryFields = 20;
constexpr int kMaxUnmatched = 500;

// "3 March 2027", or for an overdue row "Expired on 3 March 2026".
std::string ValidUntil(const ComplianceRow& r) {
  if (r.valid_until.empty()) return "";
  if (r.status == ComplianceStatus::kOverdue) return "Expired on " + LongDate(r.valid_until);
  return LongDate(r.valid_until);
}

// "2 June 2026 at 14:05 UTC".
std::string DateAndTime(int64_t unix_seconds) {
  int64_t in_day = ((unix_seconds % 86400) + 86400) % 86400;
  char time[16];
  std::snprintf(time, sizeof time, "%02d:%02d", static_cast<int>(in_day / 3600),
                static_cast<int>(in_day / 60 % 60));
  return Date::FromUnixSeconds(unix_seconds).ToLong() + " at " + time + " UTC";
}

json CountsJson(const StatusCounts& c) {
  return {{"compliant", c.of(ComplianceStatus::kCompliant)},
          {"due_soon", c.of(ComplianceStatus::kDueSoon)},
          {"overdue", c.of(ComplianceStatus::kOverdue)},
          {"never", c.of(ComplianceStatus::kNever)},
          {"total", c.total()},
          {"share", CompliantShare(c)}};
}

json Options(const std::vector<std::pair<std::string, std::string>>& values,
             const std::string& selected) {
  json out = json::array();
  for (const auto& [value, label] : values) {
    out.push_back({{"value", value}, {"label", label}, {"selected", value == selected}});
  }
  return out;
}

}  // namespace

/// The filters of a dashboard request, with the organisation decided by the session.
struct DashboardRoutes::Query {
  ComplianceFilter filter;
  std::string status_id;
  size_t page = 1;
  bool picked_organisation = false;  ///< a partnership admin chose it: keep it in links
  /// The query string for these filters (without page), for links and the export.
  std::string Encoded() const {
    std::string out;
    auto add = [&](const char* name, const std::string& value) {
      if (value.empty()) return;
      out += (out.empty() ? "" : "&") + std::string(name) + "=" + EncodeFormValue(value);
    };
    if (picked_organisation) add("organisation", filter.organisation);
    add("team", filter.team);
    add("quiz", filter.quiz_id);
    add("status", status_id);
    return out;
  }
};

DashboardRoutes::DashboardRoutes(const SiteConfig& site, const std::vector<Quiz>& quizzes,
                                 const PageRenderer* pages, ReportRecords* reports,
                                 ComplianceEngine* engine, AuditLog* audit)
    : site_(site),
      quizzes_(quizzes),
      pages_(pages),
      reports_(reports),
      engine_(engine),
      audit_(audit) {}

DashboardRoutes::~DashboardRoutes() = default;

void DashboardRoutes::AddTo(Router* router, const ManagerGate& gate) const {
  router->Add("GET", "/manage/", gate.Page([this](const HttpRequest& r, const ManagerSession& s) {
    return Dashboard(r, s);
  }));
  router->Add(
      "GET", "/manage/export.csv",
      gate.Page([this](const HttpRequest& r, const ManagerSession& s) { return ExportCsv(r, s); }));
  router->AddPrefix("GET", "/manage/staff/",
                    gate.Page([this](const HttpRequest& r, const ManagerSession& s) {
                      return StaffHistory(r, s);
                    }));
  router->Add(
      "GET", "/manage/unmatched",
      gate.Page([this](const HttpRequest& r, const ManagerSession& s) { return Unmatched(r, s); }));
}

HttpResponse DashboardRoutes::Render(int status, const std::string& tmpl, json context,
                                     const std::string& url, const std::string& title,
                                     const ManagerSession& session) const {
  context["csrf"] = session.csrf_token;
  std::vector<std::pair<std::string, std::string>> crumbs = {{"Home", "/"}};
  if (url != "/manage/") crumbs.emplace_back("Training compliance", "/manage/");
  return pages_->Render(status, tmpl, std::move(context), url, title, crumbs);
}

HttpResponse DashboardRoutes::Unavailable(const std::string& error) const {
  return pages_->Unavailable(error);
}

std::string DashboardRoutes::OrganisationName(const std::string& id) const {
  const Organisation* o = site_.FindOrganisation(id);
  return o ? o->name : id;
}

std::string DashboardRoutes::QuizTitle(const std::string& id) const {
  for (const Quiz& q : quizzes_) {
    if (q.id == id) return q.title;
  }
  return id;
}

DashboardRoutes::Query DashboardRoutes::ReadQuery(const HttpRequest& request,
                                                  const ManagerSession& session) const {
  FormFields fields;
  if (!ParseForm(request.query, kMaxQueryFields, &fields)) fields.clear();
  Query q;
  // A manager's organisation comes from the session whatever the request says.
  if (session.is_partnership_admin()) {
    std::string picked = FormValue(fields, "organisation");
    if (site_.FindOrganisation(picked)) {
      q.filter.organisation = picked;
      q.picked_organisation = true;
    }
  } else {
    q.filter.organisation = session.organisation;
  }
  q.filter.team = FormValue(fields, "team");
  if (!IsCleanText(q.filter.team)) q.filter.team.clear();
  std::string quiz = FormValue(fields, "quiz");
  for (const Quiz& known : quizzes_) {
    if (known.id == quiz) q.filter.quiz_id = quiz;
  }
  std::string status = FormValue(fields, "status");
  if (ParseStatusId(status, &q.filter.status)) {
    q.filter.has_status = true;
    q.status_id = status;
  }
  std::string page = FormValue(fields, "page");
  if (!page.empty() && page.size() < 7 &&
      page.find_first_not_of("0123456789") == std::string::npos && std::stoul(page) > 0) {
    q.page = std::stoul(page);
  }
  return q;
}

HttpResponse DashboardRoutes::Dashboard(const HttpRequest& request,
                                        const ManagerSession& session) const {
  Query q = ReadQuery(request, session);
  q.filter.offset = (q.page - 1) * kPageSize;
  q.filter.limit = kPageSize;
  ComplianceView view;
  std::string err;
  if (!engine_->View(q.filter, &view, &err)) return Unavailable(err);
  json ctx;
  AddScope(q, view, session, &ctx);
  AddCharts(view, !q.filter.organisation.empty(), &ctx);
  AddFilters(q, view, &ctx);
  AddRows(q, view, &ctx);
  const std::string scope = ctx["scope"].get<std::string>();
  return Render(200, "manage_dashboard", std::move(ctx), "/manage/",
                "Training compliance: " + scope, session);
}

// Whose figures these are, and the organisation picker.
void DashboardRoutes::AddScope(const Query& q, const ComplianceView& view,
                               const ManagerSession& session, json* ctx) const {
  const bool one = !q.filter.organisation.empty();
  (*ctx)["scope"] = one ? OrganisationName(q.filter.organisation) : site_.short_name;
  (*ctx)["is_admin"] = session.is_partnership_admin();
  (*ctx)["one_organisation"] = one;
  (*ctx)["staff_count"] = view.staff_count;
  (*ctx)["patterns_svg"] = ChartPatterns();
  (*ctx)["due_soon_days"] = site_.due_soon_days;
  (*ctx)["organisation"] = q.filter.organisation;
  std::vector<std::pair<std::string, std::string>> orgs = {{"", "Whole partnership"}};
  for (const Organisation& o : site_.organisations) orgs.emplace_back(o.id, o.name);
  (*ctx)["organisation_options"] = Options(orgs, q.filter.organisation);
}

// The partnership's totals per organisation (whole-partnership view only) and a chart and
// table per quiz, per team or organisation.
void DashboardRoutes::AddCharts(const ComplianceView& view, bool one, json* ctx) const {
  if (!one) {
    std::vector<ChartBar> bars;
    json rows = json::array();
    for (const ComplianceView::Group& g : view.organisations) {
      bars.push_back({OrganisationName(g.key), g.counts});
      json row = CountsJson(g.counts);
      row["name"] = OrganisationName(g.key);
      row["url"] = "/manage/?organisation=" + EncodeFormValue(g.key);
      rows.push_back(row);
    }
    (*ctx)["totals"] = {
        {"chart_svg",
         StackedBarChart("chart-totals", "Compliance per organisation, all quizzes", bars)},
        {"rows", rows}};
  }
  json quizzes = json::array();
  int n = 0;
  for (const ComplianceView::QuizSummary& s : view.quizzes) {
    std::vector<ChartBar> bars;
    json groups = json::array();
    for (const ComplianceView::Group& g : s.groups) {
      std::string label = one ? (g.key.empty() ? "No team" : g.key) : OrganisationName(g.key);
      bars.push_back({label, g.counts});
      json row = CountsJson(g.counts);
      row["name"] = label;
      groups.push_back(row);
    }
    const std::string id = "chart-" + std::to_string(++n);
    json quiz = CountsJson(s.counts);
    quiz["title"] = s.title;
    quiz["id"] = id;
    quiz["group_heading"] = one ? "Team" : "Organisation";
    quiz["chart_svg"] =
        StackedBarChart(id, s.title + ": compliance per " + (one ? "team" : "organisation"), bars);
    quiz["groups"] = groups;
    quizzes.push_back(quiz);
  }
  (*ctx)["quizzes"] = quizzes;
  (*ctx)["has_quizzes"] = !quizzes.empty();
}

// The team, quiz and status pickers above the staff list.
void DashboardRoutes::AddFilters(const Query& q, const ComplianceView& view, json* ctx) const {
  std::vector<std::pair<std::string, std::string>> teams = {{"", "All teams"}};
  for (const std::string& t : view.teams) teams.emplace_back(t, t.empty() ? "No team" : t);
  (*ctx)["team_options"] = Options(teams, q.filter.team);
  std::vector<std::pair<std::string, std::string>> quiz_options = {{"", "All quizzes"}};
  for (const ComplianceView::QuizSummary& s : view.quizzes) {
    quiz_options.emplace_back(s.quiz_id, s.title);
  }
  (*ctx)["quiz_options"] = Options(quiz_options, q.filter.quiz_id);
  std::vector<std::pair<std::string, std::string>> statuses = {{"", "Any status"}};
  for (int s = 0; s < kStatusCount; ++s) {
    auto status = static_cast<ComplianceStatus>(s);
    statuses.emplace_back(StatusId(status), StatusLabel(status));
  }
  (*ctx)["status_options"] = Options(statuses, q.status_id);
}

// The page of the staff list, its paging links and the export link.
void DashboardRoutes::AddRows(const Query& q, const ComplianceView& view, json* ctx) const {
  json rows = json::array();
  for (const ComplianceRow& r : view.rows) {
    rows.push_back({{"name", r.name},
                    {"staff_url", "/manage/staff/" + std::to_string(r.staff_id)},
                    {"email", r.email},
                    {"organisation", OrganisationName(r.organisation)},
                    {"team", r.team},
                    {"role", r.role},
                    {"quiz", QuizTitle(r.quiz_id)},
                    {"status", StatusLabel(r.status)},
                    {"status_id", StatusId(r.status)},
                    {"valid_until", ValidUntil(r)}});
  }
  (*ctx)["has_rows"] = !rows.empty();
  (*ctx)["total_rows"] = view.total_rows;
  const std::string base = q.Encoded();
  const std::string sep = base.empty() ? "" : "&";
  if (!rows.empty()) {
    (*ctx)["first_row"] = q.filter.offset + 1;
    (*ctx)["last_row"] = q.filter.offset + rows.size();
  }
  if (q.page > 1) {
    (*ctx)["prev_url"] = "/manage/?" + base + sep + "page=" + std::to_string(q.page - 1);
  }
  if (q.filter.offset + rows.size() < view.total_rows) {
    (*ctx)["next_url"] = "/manage/?" + base + sep + "page=" + std::to_string(q.page + 1);
  }
  (*ctx)["export_url"] = "/manage/export.csv" + (base.empty() ? "" : "?" + base);
  (*ctx)["rows"] = std::move(rows);
}

HttpResponse DashboardRoutes::ExportCsv(const HttpRequest& request,
                                        const ManagerSession& session) const {
  Query q = ReadQuery(request, session);
  ComplianceView view;
  std::string err;
  if (!engine_->View(q.filter, &view, &err)) return Unavailable(err);
  std::string csv = kCsvUtf8Bom;
  AppendCsvRow({"name", "email", "organisation", "team", "role", "quiz", "quiz_title", "status",
                "valid_until"},
               &csv);
  for (const ComplianceRow& r : view.rows) {
    AppendCsvRow({r.name, r.email, r.organisation, r.team, r.role, r.quiz_id, QuizTitle(r.quiz_id),
                  StatusId(r.status), r.valid_until},
                 &csv);
  }
  // Recorded before the data leaves: an export that cannot be audited does not happen.
  if (!audit_->Record({0, session.email, session.organisation, "export-csv",
                       std::to_string(view.rows.size()) + " rows" +
                           (q.Encoded().empty() ? "" : " (" + q.Encoded() + ")"),
                       session.address},
                      &err)) {
    return Unavailable(err);
  }
  HttpResponse response;
  response.headers.Set("Content-Type", "text/csv; charset=utf-8");
  const std::string name = "compliance-" +
                           (q.filter.organisation.empty() ? "partnership" : q.filter.organisation) +
                           "-" + Date::Today().ToIso() + ".csv";
  response.headers.Set("Content-Disposition", "attachment; filename=\"" + name + "\"");
  response.headers.Set("Cache-Control", "no-store");
  response.body = std::move(csv);
  return response;
}

HttpResponse DashboardRoutes::StaffHistory(const HttpRequest& request,
                                           const ManagerSession& session) const {
  const std::string id_text = request.path.substr(std::string("/manage/staff/").size());
  auto not_found = [&] {
    return Render(404, "message",
                  {{"heading", "Staff member not found"},
                   {"paragraphs", {"There is no one with that number on your roster."}},
                   {"link_url", "/manage/"},
                   {"link_text", "Back to training compliance"}},
                  request.path, "Staff member not found", session);
  };
  if (id_text.empty() || id_text.size() > 18 ||
      id_text.find_first_not_of("0123456789") != std::string::npos) {
    return not_found();
  }
  const int64_t id = std::stoll(id_text);
  std::optional<StaffHistoryRecord> record;
  std::string err;
  if (!reports_->StaffHistory(id, session.organisation, &record, &err)) return Unavailable(err);
  if (!record) return not_found();
  const StaffMember& member = record->member;
  const std::string organisation = member.organisation;
  json ctx = {{"name", member.name},
              {"email", member.email},
              {"organisation", OrganisationName(organisation)},
              {"team", member.team},
              {"role", member.role}};
  json attempts = json::array();
  for (const AttemptSummary& a : record->attempts) {
    attempts.push_back({{"quiz", a.quiz_title},
                        {"score", a.score},
                        {"passed", a.passed},
                        {"date", DateAndTime(a.created_at)},
                        {"valid_until", a.valid_until.empty() ? "" : LongDate(a.valid_until)},
                        {"certificate_url",
                         a.certificate_code.empty() ? "" : "/certificates/" + a.certificate_code}});
  }
  ComplianceFilter filter;
  filter.organisation = organisation;
  filter.staff_id = id;
  ComplianceView view;
  if (!engine_->View(filter, &view, &err)) return Unavailable(err);
  json assigned = json::array();
  for (const ComplianceRow& r : view.rows) {
    assigned.push_back({{"quiz", QuizTitle(r.quiz_id)},
                        {"status", StatusLabel(r.status)},
                        {"status_id", StatusId(r.status)},
                        {"valid_until", ValidUntil(r)}});
  }
  ctx["assigned"] = assigned;
  ctx["has_assigned"] = !assigned.empty();
  ctx["attempts"] = attempts;
  ctx["has_attempts"] = !attempts.empty();
  const std::string title = ctx["name"].get<std::string>();
  return Render(200, "manage_staff", std::move(ctx), request.path, title, session);
}

HttpResponse DashboardRoutes::Unmatched(const HttpRequest& request,
                                        const ManagerSession& session) const {
  std::vector<UnmatchedLearner> unmatched;
  std::string err;
  if (!reports_->Unmatched(session.organisation, kMaxUnmatched, &unmatched, &err)) {
    return Unavailable(err);
  }
  json people = json::array();
  for (const UnmatchedLearner& u : unmatched) {
    people.push_back({{"email", u.email},
                      {"name", u.name},
                      {"organisation", OrganisationName(u.organisation)},
                      {"team", u.team},
                      {"attempts", u.attempts},
                      {"passes", u.passes},
                      {"last", Date::FromUnixSeconds(u.last_at).ToLong()}});
  }
  json ctx = {{"people", people},
              {"has_people", !people.empty()},
              {"is_admin", session.is_partnership_admin()},
              {"limit", kMaxUnmatched},
              {"at_limit", people.size() == static_cast<size_t>(kMaxUnmatched)}};
  return Render(200, "manage_unmatched", std::move(ctx), request.path,
                "Completions from people not on the roster", session);
}

}  // namespace bulletin
