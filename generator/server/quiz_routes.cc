#include "server/quiz_routes.h"

#include <sodium.h>

#include <chrono>
#include <ctime>

#include "core/date.h"
#include "core/diagnostics.h"
#include "core/sodium.h"
#include "core/text.h"
#include "quiz/grader.h"
#include "quiz/quiz_view.h"
#include "server/certificate_code.h"
#include "server/form.h"
#include "server/origin.h"

namespace bulletin {

using nlohmann::json;

namespace {

constexpr size_t kMaxFormFields = 600;
constexpr size_t kMaxNameBytes = 100;
constexpr size_t kMaxTeamBytes = 100;
constexpr size_t kCodeLength = 26;

int64_t SystemNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool IsCertificateCode(const std::string& code) {
  if (code.size() != kCodeLength) return false;
  for (char c : code) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) return false;
  }
  return true;
}

std::string AnswersJson(const Answers& answers) {
  json j = json::object();
  for (const auto& [qid, chosen] : answers) j[qid] = chosen;
  return j.dump();
}

}  // namespace

std::string NewCertificateCode() {
  unsigned char bytes[17];  // 136 bits; 26 base32 characters carry 130 of them
  randombytes_buf(bytes, sizeof bytes);
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5 && out.size() < kCodeLength) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

QuizRoutes::QuizRoutes(const SiteConfig& site, const std::vector<Quiz>& quizzes,
                       const TemplateSet& templates, json chrome, Store* store,
                       QuizRoutesOptions options)
    : site_(site),
      quizzes_(quizzes),
      pages_(site, templates, std::move(chrome), !quizzes.empty()),
      store_(store),
      options_(std::move(options)) {
  if (!options_.now) options_.now = SystemNow;
  RequireSodium();
}

void QuizRoutes::AddTo(Router* router) const {
  for (const Quiz& quiz : quizzes_) {
    if (quiz.grading != Grading::kServer) continue;
    router->Add("POST", "/quizzes/" + quiz.id + "/submit",
                [this, &quiz](const HttpRequest& r) { return Submit(quiz, r); });
  }
  router->AddPrefix("GET", "/certificates/",
                    [this](const HttpRequest& r) { return Certificate(r); });
  router->AddPrefix("GET", "/verify/", [this](const HttpRequest& r) { return Verify(r); });
}

HttpResponse QuizRoutes::Page(int status, const std::string& tmpl, json context,
                              const std::string& url, const std::string& title) const {
  return pages_.Render(status, tmpl, std::move(context), url, title);
}

HttpResponse QuizRoutes::Message(int status, const std::string& heading,
                                 const std::vector<std::string>& paragraphs,
                                 const std::string& link_url, const std::string& link_text) const {
  return pages_.Message(status, heading, paragraphs, link_url, link_text);
}

HttpResponse QuizRoutes::Submit(const Quiz& quiz, const HttpRequest& request) const {
  if (IsCrossSite(request, site_.base_url)) {
    return Message(403, "This form was sent from another website",
                   {"For your safety, quiz answers are only accepted from this site's own "
                    "quiz pages."},
                   quiz.Url(), "Go to the quiz");
  }
  const std::string* type = request.headers.Find("Content-Type");
  if (!type || AsciiLower(*type).rfind("application/x-www-form-urlencoded", 0) != 0) {
    return Message(415, "The answers could not be read", {"Please submit the quiz from its page."},
                   quiz.Url(), "Go to the quiz");
  }
  FormFields form;
  if (!ParseForm(request.body, kMaxFormFields, &form)) {
    return Message(400, "The answers could not be read", {"Please submit the quiz from its page."},
                   quiz.Url(), "Go to the quiz");
  }
  if (FormValue(form, "quiz") != quiz.id || FormValue(form, "version") != quiz.version) {
    return Message(409, "This quiz has changed",
                   {"The questions were updated after you opened the page, so your answers "
                    "cannot be marked against them.",
                    "Open the quiz again to get the current questions. We are sorry you have "
                    "to start again."},
                   quiz.Url(), "Open the current quiz");
  }

  QuizFormState state;
  for (const char* name : {"name", "email", "organisation", "team"}) {
    state.fields[name] = std::string(Trim(FormValue(form, name)));
  }
  for (const auto& [name, value] : form) {
    if (quiz.FindQuestion(name)) state.answers[name].insert(value);
  }
  std::string invalid = ValidateAnswers(quiz, state.answers);
  if (!invalid.empty()) {
    return Message(400, "The answers could not be read",
                   {"An answer did not match the quiz's options. Please submit the quiz from "
                    "its page."},
                   quiz.Url(), "Go to the quiz");
  }

  const std::string& name = state.fields["name"];
  std::string& email = state.fields["email"];
  const std::string& org = state.fields["organisation"];
  const std::string& team = state.fields["team"];
  auto error = [&](const std::string& field, const std::string& message) {
    state.errors.emplace_back(field, message);
  };
  if (name.empty()) {
    error("name", "Enter your full name");
  } else if (name.size() > kMaxNameBytes || !IsCleanText(name)) {
    error("name", "Full name must be 100 characters or fewer, without special characters");
  }
  if (email.empty()) {
    error("email", "Enter your work email address");
  } else if (!IsCleanText(email) || !IsWellFormedEmail(email)) {
    error("email", "Enter an email address in the correct format, like name@example.org.uk");
  }
  if (org.empty()) {
    error("organisation", "Choose your organisation");
  } else if (!site_.FindOrganisation(org)) {
    error("organisation", "Choose your organisation from the list");
  }
  if (team.empty()) {
    error("team", "Enter your team");
  } else if (team.size() > kMaxTeamBytes || !IsCleanText(team)) {
    error("team", "Team must be 100 characters or fewer, without special characters");
  }
  int number = 0;
  for (const QuizQuestion& q : quiz.questions) {
    ++number;
    if (!state.answers.count(q.id)) {
      error(q.id, "Answer question " + std::to_string(number));
    }
  }
  if (!state.errors.empty()) {
    json ctx = QuizPageContext(quiz, site_, &state);
    return Page(400, "quiz", std::move(ctx), quiz.Url(), "Error: " + quiz.title);
  }

  email = AsciiLower(email);
  // Checking the limit and recording the attempt happen under one lock per person and
  // quiz, so simultaneous posts cannot all slip under the limit.
  std::lock_guard<std::mutex> person_lock(
      attempt_locks_[std::hash<std::string>()(email + '\n' + quiz.id) % attempt_locks_.size()]);
  const int64_t now = options_.now();
  const Date today = Date::FromUnixSeconds(now);
  const int64_t midnight = now - now % 86400;
  if (options_.attempts_per_day > 0 &&
      store_->CountAttemptsSince(email, quiz.id, midnight) >= options_.attempts_per_day) {
    return Message(429, "You have reached today's limit for this quiz",
                   {"You can take each quiz " + std::to_string(options_.attempts_per_day) +
                        " times a day. Please come back tomorrow.",
                    "In the meantime, the learning briefs on this site cover what the quiz "
                    "asks about."},
                   "/", "Go to the home page");
  }

  GradeResult result = Grade(quiz, state.answers);
  NewAttempt attempt;
  attempt.learner = {name, email, org, team};
  attempt.quiz_id = quiz.id;
  attempt.quiz_version = quiz.version;
  attempt.quiz_title = quiz.title;
  attempt.answers_json = AnswersJson(state.answers);
  attempt.correct = result.correct;
  attempt.total = result.total;
  attempt.score = result.score;
  attempt.passed = result.passed;
  attempt.created_at = now;
  if (result.passed) {
    attempt.certificate_code = NewCertificateCode();
    attempt.valid_until = today.AddMonths(quiz.refresh_months).ToIso();
  }
  int64_t id = 0;
  std::string err;
  if (!store_->RecordAttempt(attempt, &id, &err)) {
    std::fprintf(stderr, "bulletin serve: could not record an attempt: %s\n", err.c_str());
    return Message(503, "Sorry, your answers could not be saved",
                   {"Nothing was recorded. Please go back and submit the quiz again in a few "
                    "minutes."},
                   quiz.Url(), "Go to the quiz");
  }
  json ctx = QuizResultContext(quiz, result);
  if (result.passed) {
    ctx["code"] = attempt.certificate_code;
    ctx["certificate_url"] = "/certificates/" + attempt.certificate_code;
    ctx["verify_url"] = "/verify/" + attempt.certificate_code;
    ctx["valid_until_long"] = LongDate(attempt.valid_until);
  }
  return Page(200, "quiz_result", std::move(ctx), quiz.Url(),
              (result.passed ? "Passed: " : "Result: ") + quiz.title);
}

HttpResponse QuizRoutes::Certificate(const HttpRequest& request) const {
  std::string code =
      NormaliseCertificateCode(request.path.substr(std::string("/certificates/").size()));
  std::optional<bulletin::Certificate> cert;
  if (IsCertificateCode(code)) cert = store_->FindCertificate(code);
  if (!cert) {
    return Page(404, "verify", {{"found", false}, {"code", code.substr(0, 40)}}, request.path,
                "Certificate not found");
  }
  json ctx = {{"code", GroupCertificateCode(cert->code)},
              {"name", cert->name},
              {"quiz_title", cert->quiz_title},
              {"score", std::to_string(cert->score)},
              {"issued_long", Date::FromUnixSeconds(cert->issued_at).ToLong()},
              {"valid_until_long", LongDate(cert->valid_until)},
              {"verify_url", site_.AbsoluteUrl("/verify/" + cert->code)}};
  return Page(200, "certificate", std::move(ctx), request.path, "Certificate: " + cert->quiz_title);
}

HttpResponse QuizRoutes::Verify(const HttpRequest& request) const {
  // /verify/CODE from a certificate's link, or /verify/?code=... from the box on /verify/.
  std::string typed = request.path.substr(std::string("/verify/").size());
  FormFields query;
  if (typed.empty() && ParseForm(request.query, 8, &query)) typed = FormValue(query, "code");
  std::string code = NormaliseCertificateCode(typed);
  if (code.empty()) {
    return Page(200, "verify", {{"ask", true}}, "/verify/", "Check a certificate");
  }
  std::optional<bulletin::Certificate> cert;
  if (IsCertificateCode(code)) cert = store_->FindCertificate(code);
  if (!cert) {
    std::string shown = typed.substr(0, 40);
    return Page(404, "verify", {{"found", false}, {"ask", true}, {"code", shown}}, "/verify/",
                "Certificate not found");
  }
  bool expired = cert->valid_until < Date::FromUnixSeconds(options_.now()).ToIso();
  json ctx = {{"found", true},
              {"code", GroupCertificateCode(cert->code)},
              {"name", cert->name},
              {"quiz_title", cert->quiz_title},
              {"issued_long", Date::FromUnixSeconds(cert->issued_at).ToLong()},
              {"valid_until_long", LongDate(cert->valid_until)},
              {"expired", expired}};
  return Page(200, "verify", std::move(ctx), request.path, "Certificate confirmed");
}

}  // namespace bulletin
