#include "server/quiz_routes.h"

#include <sodium.h>

#include <chrono>
#include <ctime>
#include <iostream>

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

// The last Sunday of `month` (3 or 10) in `year`, as days since 1970-01-01.
int32_t LastSunday(int year, int month) {
  Date last = Date{year, month, 31};
  int32_t days = last.DaysSinceEpoch();
  int weekday = static_cast<int>((days + 4) % 7);  // 1970-01-01 was a Thursday (4)
  return days - weekday;
}

std::string PaperQuestionIds(const Paper& paper) {
  std::string out;
  for (const PaperQuestion& q : paper.questions) {
    if (!out.empty()) out += ' ';
    out += q.id;
  }
  return out;
}

std::string AnswersJson(const Answers& answers) {
  json j = json::object();
  for (const auto& [qid, chosen] : answers) j[qid] = chosen;
  return j.dump();
}

}  // namespace

std::string UkTime(int64_t t) {
  const Date utc = Date::FromUnixSeconds(t);
  // BST runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on October's.
  const int64_t start = int64_t{LastSunday(utc.year, 3)} * 86400 + 3600;
  const int64_t end = int64_t{LastSunday(utc.year, 10)} * 86400 + 3600;
  const int64_t local = t >= start && t < end ? t + 3600 : t;
  const int64_t of_day = ((local % 86400) + 86400) % 86400;
  char clock[8];
  std::snprintf(clock, sizeof clock, "%02d:%02d", static_cast<int>(of_day / 3600),
                static_cast<int>(of_day / 60 % 60));
  Date day = Date::FromUnixSeconds(local);
  std::string date = day.ToLong();
  date = date.substr(0, date.rfind(' '));  // "8 December"
  return std::string(clock) + " on " + date;
}

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

namespace {

std::string RandomKey() {
  std::string key(crypto_secretbox_KEYBYTES, '\0');
  crypto_secretbox_keygen(reinterpret_cast<unsigned char*>(key.data()));
  return key;
}

std::string InitSodium() {
  RequireSodium();
  return "";
}

// "/quizzes/<id>/" -> id, "/quizzes/<id>/submit" with suffix "submit" -> id; else "".
std::string QuizIdIn(const std::string& path, const std::string& suffix) {
  const std::string prefix = "/quizzes/";
  if (path.rfind(prefix, 0) != 0) return "";
  std::string rest = path.substr(prefix.size());
  size_t slash = rest.find('/');
  if (slash == std::string::npos || slash == 0 || rest.substr(slash + 1) != suffix) return "";
  std::string id = rest.substr(0, slash);
  return IsValidSlug(id) ? id : "";
}

}  // namespace

QuizRoutes::QuizRoutes(const SiteConfig& site, std::vector<Quiz> quizzes,
                       const TemplateSet& templates, json chrome, Store* store,
                       QuizRoutesOptions options)
    : site_(site),
      pages_(site, templates, std::move(chrome), !quizzes.empty()),
      store_(store),
      options_((InitSodium(), std::move(options))),
      files_(options_.site_dir),
      sealer_(options_.paper_key.empty() ? RandomKey() : options_.paper_key),
      rng_(std::random_device()()) {
  if (!options_.now) options_.now = SystemNow;
  if (!options_.log) {
    options_.log = [](const std::string& line) {
      std::cerr << "bulletin serve: " << line << std::endl;
    };
  }
  Publish(std::move(quizzes));
}

std::shared_ptr<const QuizRoutes::Snapshot> QuizRoutes::snapshot() const {
  std::lock_guard<std::mutex> lock(snapshot_mu_);
  return snapshot_;
}

void QuizRoutes::Publish(std::vector<Quiz> quizzes) {
  auto next = std::make_shared<Snapshot>();
  for (Quiz& q : quizzes) {
    if (q.grading != Grading::kServer || q.draft) continue;
    std::string id = q.id;
    next->current[id] = std::make_shared<const Quiz>(std::move(q));
  }
  const int64_t now = options_.now();
  std::lock_guard<std::mutex> lock(snapshot_mu_);
  if (snapshot_) {
    for (const auto& [version, kept] : snapshot_->retired) {
      if (now - kept.second <= options_.paper_grace_seconds) next->retired[version] = kept;
    }
    for (const auto& [id, quiz] : snapshot_->current) {
      auto it = next->current.find(id);
      if (it == next->current.end() || it->second->version != quiz->version) {
        next->retired[quiz->version] = {quiz, now};
      }
    }
  }
  for (const auto& [id, quiz] : next->current) next->retired.erase(quiz->version);
  snapshot_ = std::move(next);
}

void QuizRoutes::AddTo(Router* router) const {
  router->AddPrefix("GET", "/quizzes/", [this](const HttpRequest& r) {
    std::string id = QuizIdIn(r.path, "");
    auto snap = snapshot();
    auto it = id.empty() ? snap->current.end() : snap->current.find(id);
    if (it == snap->current.end()) return files_.Handle(r);
    return Form(*it->second, r);
  });
  router->AddPrefix("POST", "/quizzes/", [this](const HttpRequest& r) {
    if (std::string retry = QuizIdIn(r.path, ""); !retry.empty()) return Retry(retry, r);
    std::string id = QuizIdIn(r.path, "submit");
    if (id.empty()) {
      return Logged(
          r, "no such quiz route",
          Message(404, "Page not found", {"There is nothing to send answers to at this address."},
                  "/quizzes/", "See all quizzes"));
    }
    return Submit(id, r);
  });
  router->AddPrefix("GET", "/certificates/",
                    [this](const HttpRequest& r) { return Certificate(r); });
  router->AddPrefix("GET", "/verify/", [this](const HttpRequest& r) { return Verify(r); });
}

HttpResponse QuizRoutes::Logged(const HttpRequest& request, const std::string& why,
                                HttpResponse response) const {
  options_.log(std::to_string(response.status) + " " + request.method + " " + request.path + ": " +
               why);
  return response;
}

HttpResponse QuizRoutes::Message(int status, const std::string& heading,
                                 const std::vector<std::string>& paragraphs,
                                 const std::string& link_url, const std::string& link_text) const {
  return pages_.Message(status, heading, paragraphs, link_url, link_text);
}

std::string QuizRoutes::SealNewPaper(const Quiz& quiz, Paper* paper) const {
  {
    std::lock_guard<std::mutex> lock(rng_mu_);
    *paper = DrawPaper(quiz, rng_, options_.now());
  }
  return sealer_.Seal(*paper);
}

HttpResponse QuizRoutes::FormPage(int status, const Quiz& quiz, const QuizFormState* state,
                                  const std::string& notice) const {
  Paper paper;
  std::string token = SealNewPaper(quiz, &paper);
  json ctx = QuizPageContext(quiz, site_, state, &paper, token);
  ctx["page_description"] = quiz.summary.empty() ? quiz.title : quiz.summary;
  ctx["notice"] = notice;
  std::string title = (state && !state->errors.empty() ? "Error: " : "") + quiz.title;
  return pages_.Render(status, "quiz", std::move(ctx), quiz.Url(), title,
                       {{"Home", "/"}, {"Quizzes", "/quizzes/"}});
}

HttpResponse QuizRoutes::Form(const Quiz& quiz, const HttpRequest&) const {
  return FormPage(200, quiz, nullptr, "");
}

HttpResponse QuizRoutes::Retry(const std::string& quiz_id, const HttpRequest& request) const {
  auto snap = snapshot();
  auto it = snap->current.find(quiz_id);
  if (it == snap->current.end()) {
    return Logged(request, "retry of no published server-graded quiz '" + quiz_id + "'",
                  Message(404, "This quiz is no longer on the site",
                          {"It may have been withdrawn or renamed.",
                           "The list of quizzes shows the ones you can take now."},
                          "/quizzes/", "See all quizzes"));
  }
  const Quiz& quiz = *it->second;
  FormFields form;
  const std::string* type = request.headers.Find("Content-Type");
  if (IsCrossSite(request, site_.base_url) || !type ||
      AsciiLower(*type).rfind("application/x-www-form-urlencoded", 0) != 0 ||
      !ParseForm(request.body, kMaxFormFields, &form)) {
    return Logged(request, "retry form not from this site", FormPage(400, quiz, nullptr, ""));
  }
  QuizFormState details;
  for (const char* name : {"name", "email", "organisation", "team"}) {
    std::string value(Trim(FormValue(form, name)));
    if (value.size() <= 254 && IsCleanText(value)) details.fields[name] = value;
  }
  std::string notice;
  const std::string email = AsciiLower(details.fields["email"]);
  if (!email.empty()) {
    if (std::optional<int64_t> until = WaitUntil(email, quiz.id)) {
      notice = "You can send your answers from " + UkTime(*until) +
               " (UK time). In the meantime, read the related briefs.";
    }
  }
  return FormPage(200, quiz, &details, notice);
}

int64_t QuizRoutes::RetryWaitSeconds() const {
  if (options_.retry_wait_seconds >= 0) return options_.retry_wait_seconds;
  return int64_t{site_.quiz_defaults.retry_wait_minutes} * 60;
}

std::optional<int64_t> QuizRoutes::WaitUntil(const std::string& email,
                                             const std::string& quiz_id) const {
  const int64_t wait = RetryWaitSeconds();
  if (wait <= 0) return std::nullopt;
  std::optional<int64_t> failed = store_->LastFailedAttemptAt(email, quiz_id);
  if (!failed) return std::nullopt;
  int64_t until = *failed + wait;
  if (until <= options_.now()) return std::nullopt;
  return until;
}

HttpResponse QuizRoutes::Submit(const std::string& quiz_id, const HttpRequest& request) const {
  auto snap = snapshot();
  auto current = snap->current.find(quiz_id);
  if (current == snap->current.end()) {
    return Logged(request, "no published server-graded quiz '" + quiz_id + "'",
                  Message(404, "This quiz is no longer on the site",
                          {"It may have been withdrawn or renamed. Your answers were not "
                           "recorded.",
                           "The list of quizzes shows the ones you can take now."},
                          "/quizzes/", "See all quizzes"));
  }
  const Quiz& latest = *current->second;
  if (IsCrossSite(request, site_.base_url)) {
    return Logged(request, "cross-site post",
                  Message(403, "This form was sent from another website",
                          {"For your safety, quiz answers are only accepted from this site's "
                           "own quiz pages."},
                          latest.Url(), "Go to the quiz"));
  }
  const std::string* type = request.headers.Find("Content-Type");
  const bool is_form = type && AsciiLower(*type).rfind("application/x-www-form-urlencoded", 0) == 0;
  FormFields form;
  if (!is_form || !ParseForm(request.body, kMaxFormFields, &form)) {
    return Logged(
        request, "unreadable form",
        Message(is_form ? 400 : 415, "The answers could not be read",
                {"Please submit the quiz from its page."}, latest.Url(), "Go to the quiz"));
  }
  QuizFormState state;
  for (const char* name : {"name", "email", "organisation", "team"}) {
    state.fields[name] = std::string(Trim(FormValue(form, name)));
  }

  // The paper: sealed by this server, for this quiz, not expired, of a version still kept.
  std::optional<Paper> paper = sealer_.Open(FormValue(form, "paper"));
  if (paper && paper->quiz_id != quiz_id) {
    return Logged(request, "a paper of quiz '" + paper->quiz_id + "'",
                  Message(400, "These answers are for another quiz",
                          {"Nothing was recorded. Please take the quiz from its own page."},
                          latest.Url(), "Go to the quiz"));
  }
  const int64_t now = options_.now();
  std::shared_ptr<const Quiz> served;
  if (paper && now - paper->issued_at <= options_.paper_grace_seconds) {
    if (paper->version == latest.version) {
      served = current->second;
    } else if (auto old = snap->retired.find(paper->version); old != snap->retired.end()) {
      served = old->second.first;
    }
  }
  if (!served) {
    std::string why = !paper ? "no paper this server sealed"
                             : "paper of version " + paper->version + " is no longer kept";
    return Logged(request, why,
                  FormPage(409, latest, &state,
                           paper ? "This quiz has changed since you opened it, so your answers "
                                   "cannot be marked. Your details are kept below: answer the "
                                   "current questions and submit again."
                                 : "This form has expired or did not come from this site, so "
                                   "your answers cannot be marked. Your details are kept below: "
                                   "answer the questions and submit again."));
  }
  const Quiz& quiz = *served;
  for (const PaperQuestion& pq : paper->questions) {
    if (!quiz.FindQuestion(pq.id)) {
      return Logged(
          request, "paper names question " + pq.id + " the quiz lacks",
          Message(400, "The answers could not be read", {"Please submit the quiz from its page."},
                  latest.Url(), "Go to the quiz"));
    }
  }
  for (const auto& [name, value] : form) {
    if (quiz.FindQuestion(name)) state.answers[name].insert(value);
  }
  std::string invalid = ValidateAnswers(quiz, *paper, state.answers);
  if (!invalid.empty()) {
    return Logged(request, invalid,
                  Message(400, "The answers could not be read",
                          {"An answer did not match the quiz's options. Please submit the quiz "
                           "from its page."},
                          latest.Url(), "Go to the quiz"));
  }
  return GradeAndRecord(quiz, *paper, FormValue(form, "paper"), request, &state);
}

HttpResponse QuizRoutes::GradeAndRecord(const Quiz& quiz, const Paper& paper,
                                        const std::string& token, const HttpRequest& request,
                                        QuizFormState* state_ptr) const {
  QuizFormState& state = *state_ptr;
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
  for (const PaperQuestion& pq : paper.questions) {
    ++number;
    if (!state.answers.count(pq.id)) error(pq.id, "Answer question " + std::to_string(number));
  }
  if (!state.errors.empty()) return SamePaper(400, quiz, paper, token, state, "");

  email = AsciiLower(email);
  // Checking the limits and recording the attempt happen under one lock per person and
  // quiz, so simultaneous posts cannot all slip under them.
  std::lock_guard<std::mutex> person_lock(
      attempt_locks_[std::hash<std::string>()(email + '\n' + quiz.id) % attempt_locks_.size()]);
  const int64_t now = options_.now();
  const Date today = Date::FromUnixSeconds(now);
  const int64_t midnight = now - now % 86400;
  if (options_.attempts_per_day > 0 &&
      store_->CountAttemptsSince(email, quiz.id, midnight) >= options_.attempts_per_day) {
    return Logged(request, "daily limit",
                  Message(429, "You have reached today's limit for this quiz",
                          {"You can take each quiz " + std::to_string(options_.attempts_per_day) +
                               " times a day. Please come back tomorrow.",
                           "In the meantime, the learning briefs on this site cover what the quiz "
                           "asks about."},
                          "/", "Go to the home page"));
  }
  if (std::optional<int64_t> until = WaitUntil(email, quiz.id)) {
    return Logged(request, "wait after a fail",
                  SamePaper(429, quiz, paper, token, state,
                            "You can send your answers from " + UkTime(*until) +
                                " (UK time). Your answers are kept below: read the related "
                                "briefs in the meantime, then submit again."));
  }

  GradeResult result = Grade(quiz, paper, state.answers);
  NewAttempt attempt;
  attempt.learner = {name, email, org, team};
  attempt.quiz_id = quiz.id;
  attempt.quiz_version = quiz.version;
  attempt.quiz_title = quiz.title;
  attempt.answers_json = AnswersJson(state.answers);
  attempt.questions = PaperQuestionIds(paper);
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
    return Logged(request, "could not record an attempt: " + err,
                  Message(503, "Sorry, your answers could not be saved",
                          {"Nothing was recorded. Please go back and submit the quiz again in "
                           "a few minutes."},
                          quiz.Url(), "Go to the quiz"));
  }
  return Result(quiz, result, state, attempt.certificate_code, attempt.valid_until);
}

HttpResponse QuizRoutes::SamePaper(int status, const Quiz& quiz, const Paper& paper,
                                   const std::string& token, const QuizFormState& state,
                                   const std::string& notice) const {
  json ctx = QuizPageContext(quiz, site_, &state, &paper, token);
  ctx["notice"] = notice;
  return pages_.Render(status, "quiz", std::move(ctx), quiz.Url(),
                       (status == 400 ? "Error: " : "") + quiz.title,
                       {{"Home", "/"}, {"Quizzes", "/quizzes/"}});
}

HttpResponse QuizRoutes::Result(const Quiz& quiz, const GradeResult& result,
                                const QuizFormState& state, const std::string& code,
                                const std::string& valid_until) const {
  json ctx = QuizResultContext(quiz, result, ReviewFor(quiz, site_, result.passed));
  if (result.passed) {
    ctx["code"] = code;
    ctx["certificate_url"] = "/certificates/" + code;
    ctx["verify_url"] = "/verify/" + code;
    ctx["valid_until_long"] = LongDate(valid_until);
  } else {
    // The retry form carries the details (never the answers) to a fresh paper.
    json fields = json::array();
    for (const auto& [name, value] : state.fields) {
      fields.push_back({{"name", name}, {"value", value}});
    }
    ctx["retry_fields"] = fields;
    ctx["retry_action"] = quiz.Url();
    ctx["shuffled"] = quiz.shuffle_options || quiz.shuffle_questions;
    if (const int64_t wait = RetryWaitSeconds(); wait > 0) {
      ctx["wait_until"] = UkTime(options_.now() + wait) + " (UK time)";
    }
  }
  return pages_.Render(200, "quiz_result", std::move(ctx), quiz.Url(),
                       (result.passed ? "Passed: " : "Result: ") + quiz.title);
}

HttpResponse QuizRoutes::Certificate(const HttpRequest& request) const {
  std::string code =
      NormaliseCertificateCode(request.path.substr(std::string("/certificates/").size()));
  std::optional<bulletin::Certificate> cert;
  if (IsCertificateCode(code)) cert = store_->FindCertificate(code);
  if (!cert) {
    return Logged(request, "no such certificate",
                  pages_.Render(404, "verify", {{"found", false}, {"code", code.substr(0, 40)}},
                                request.path, "Certificate not found"));
  }
  json ctx = {{"code", GroupCertificateCode(cert->code)},
              {"name", cert->name},
              {"quiz_title", cert->quiz_title},
              {"score", std::to_string(cert->score)},
              {"issued_long", Date::FromUnixSeconds(cert->issued_at).ToLong()},
              {"valid_until_long", LongDate(cert->valid_until)},
              {"verify_url", site_.AbsoluteUrl("/verify/" + cert->code)}};
  return pages_.Render(200, "certificate", std::move(ctx), request.path,
                       "Certificate: " + cert->quiz_title);
}

HttpResponse QuizRoutes::Verify(const HttpRequest& request) const {
  // /verify/CODE from a certificate's link, or /verify/?code=... from the box on /verify/.
  std::string typed = request.path.substr(std::string("/verify/").size());
  FormFields query;
  if (typed.empty() && ParseForm(request.query, 8, &query)) typed = FormValue(query, "code");
  std::string code = NormaliseCertificateCode(typed);
  if (code.empty()) {
    return pages_.Render(200, "verify", {{"ask", true}}, "/verify/", "Check a certificate");
  }
  std::optional<bulletin::Certificate> cert;
  if (IsCertificateCode(code)) cert = store_->FindCertificate(code);
  if (!cert) {
    std::string shown = typed.substr(0, 40);
    return Logged(request, "no such certificate",
                  pages_.Render(404, "verify", {{"found", false}, {"ask", true}, {"code", shown}},
                                "/verify/", "Certificate not found"));
  }
  bool expired = cert->valid_until < Date::FromUnixSeconds(options_.now()).ToIso();
  json ctx = {{"found", true},
              {"code", GroupCertificateCode(cert->code)},
              {"name", cert->name},
              {"quiz_title", cert->quiz_title},
              {"issued_long", Date::FromUnixSeconds(cert->issued_at).ToLong()},
              {"valid_until_long", LongDate(cert->valid_until)},
              {"expired", expired}};
  return pages_.Render(200, "verify", std::move(ctx), request.path, "Certificate confirmed");
}

}  // namespace bulletin
