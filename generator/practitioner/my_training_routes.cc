#include "practitioner/my_training_routes.h"

#include <ctime>
#include <nlohmann/json.hpp>

#include "core/date.h"
#include "manage/compliance.h"
#include "manage/data_protection.h"
#include "practitioner/sign_in_routes.h"
#include "server/origin.h"
#include "server/page_renderer.h"
#include "store/audit_log.h"
#include "store/personal_data.h"

namespace bulletin {

namespace {

using json = nlohmann::json;

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

const Quiz* FindQuiz(const std::vector<Quiz>& quizzes, const std::string& id) {
  for (const Quiz& q : quizzes) {
    if (q.id == id) return &q;
  }
  return nullptr;
}

HttpResponse ToSignIn(const std::string& next) {
  HttpResponse response;
  response.status = 303;
  response.headers.Set("Location", "/sign-in?next=" + next);
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

// The assigned quizzes of a rostered person, each with its state.
json AssignedQuizzes(ComplianceEngine* compliance, const std::vector<Quiz>& quizzes,
                     const RosterPerson& person) {
  ComplianceFilter filter;
  filter.organisation = person.organisation;
  filter.staff_id = person.staff_id;
  json rows = json::array();
  for (const ComplianceRow& row : compliance->View(filter).rows) {
    const Quiz* quiz = FindQuiz(quizzes, row.quiz_id);
    std::string state = StatusLabel(row.status);
    if (row.status == ComplianceStatus::kCompliant) {
      state = "Held until " + LongDate(row.valid_until);
    } else if (row.status == ComplianceStatus::kDueSoon) {
      state = "Due soon: held until " + LongDate(row.valid_until);
    } else if (row.status == ComplianceStatus::kOverdue) {
      state = "Overdue since " + LongDate(row.valid_until);
    } else {
      state = "Never taken";
    }
    rows.push_back({{"title", quiz ? quiz->title : row.quiz_id},
                    {"url", quiz ? quiz->Url() : "/quizzes/"},
                    {"state", state},
                    {"status", StatusId(row.status)}});
  }
  return rows;
}

}  // namespace

MyTrainingRoutes::MyTrainingRoutes(const PageRenderer* pages, const SignInRoutes* sign_in,
                                   SignInStore* store, ComplianceEngine* compliance,
                                   const std::vector<Quiz>* quizzes, PersonalData* data,
                                   AuditLog* audit)
    : pages_(pages),
      sign_in_(sign_in),
      store_(store),
      compliance_(compliance),
      quizzes_(quizzes),
      data_(data),
      audit_(audit) {}

void MyTrainingRoutes::AddTo(Router* router) const {
  router->Add("GET", "/my/", [this](const HttpRequest& r) { return Page(r); });
  router->Add("GET", "/my/export.json", [this](const HttpRequest& r) { return Export(r); });
}

bool MyTrainingRoutes::Held(const std::string& email, json* held, std::string* err) const {
  std::optional<json> person;
  if (!ExportPerson(*data_, email, Now(), &person, err)) return false;
  *held = person.value_or(json::object());
  return true;
}

HttpResponse MyTrainingRoutes::Page(const HttpRequest& request) const {
  std::optional<PractitionerSession> session = sign_in_->SessionOf(request);
  if (!session) return ToSignIn("/my/");
  json assigned = json::array();
  if (std::optional<RosterPerson> person = store_->FindOnRoster(session->person.email)) {
    assigned = AssignedQuizzes(compliance_, *quizzes_, *person);
  }
  json held;
  if (std::string err; !Held(session->person.email, &held, &err)) return pages_->Unavailable(err);
  json attempts = json::array();
  for (const json& a : held.value("attempts", json::array())) {
    attempts.push_back({{"quiz_title", a.value("quiz_title", "")},
                        {"when", LongDate(a.value("created_at", "").substr(0, 10))},
                        {"score", a.value("score", 0)},
                        {"passed", a.value("passed", 0) != 0}});
  }
  json certificates = json::array();
  for (const json& c : held.value("certificates", json::array())) {
    const Quiz* quiz = FindQuiz(*quizzes_, c.value("quiz_id", ""));
    certificates.push_back({{"title", quiz ? quiz->title : c.value("quiz_id", "")},
                            {"url", "/certificates/" + c.value("code", "")},
                            {"valid_until", LongDate(c.value("valid_until", ""))}});
  }
  json context = {{"person", SignInRoutes::HeaderContext(session)},
                  {"name", session->person.name},
                  {"assigned", assigned},
                  {"has_assigned", !assigned.empty()},
                  {"attempts", attempts},
                  {"has_attempts", !attempts.empty()},
                  {"certificates", certificates},
                  {"has_certificates", !certificates.empty()}};
  return pages_->Render(200, "my_training", std::move(context), "/my/", "My training");
}

HttpResponse MyTrainingRoutes::Export(const HttpRequest& request) const {
  std::optional<PractitionerSession> session = sign_in_->SessionOf(request);
  if (!session) return ToSignIn("/my/");
  json held;
  if (std::string err; !Held(session->person.email, &held, &err)) return pages_->Unavailable(err);
  if (std::string err; !audit_->Record({Now(), session->person.email, session->person.organisation,
                                        "person-export", "", ClientAddress(request)},
                                       &err)) {
    return pages_->Unavailable(err);
  }
  HttpResponse response;
  response.body = held.dump(2) + "\n";
  response.headers.Set("Content-Type", "application/json; charset=utf-8");
  response.headers.Set("Content-Disposition", "attachment; filename=\"my-training-data.json\"");
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

}  // namespace bulletin
