#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "content/site_config.h"
#include "core/text.h"  // IsWellFormedEmail
#include "quiz/paper.h"
#include "quiz/quiz.h"
#include "server/http_types.h"
#include "server/page_renderer.h"
#include "server/router.h"
#include "server/static_files.h"
#include "store/store.h"
#include "templating/template_set.h"

namespace bulletin {

struct QuizFormState;
struct GradeResult;

struct QuizRoutesOptions {
  int attempts_per_day = 10;  ///< per person per quiz per UTC day; beyond: 429
  /// Unix seconds now; tests replace it.
  std::function<int64_t()> now;
  /// The 32-byte key papers are sealed with (LoadOrCreatePaperKey). Empty: a random key for
  /// this process only, so papers served before a restart are refused.
  std::string paper_key;
  /// How long a served paper may be answered, and how long a quiz's earlier version is
  /// kept for the papers drawn from it after a republish (seconds).
  int64_t paper_grace_seconds = 24 * 3600;
  /// The wait after a fail, in seconds; below 0: site.yaml's quizzes.retry_wait_minutes.
  int retry_wait_seconds = -1;
  /// The built site, for GET /quizzes/... that are not a server-graded quiz's page.
  std::string site_dir = "site";
  /// Where each error answer on a quiz route is logged (one line each); null: stderr.
  std::function<void(const std::string&)> log;
};

/// The dynamic part of the site: each quiz's form with a paper drawn for the attempt,
/// grading quiz submissions against the paper served, certificates and their public
/// verification. Every page is rendered through the site's templates.
///
/// The quizzes are a snapshot swapped whole by Publish, so a republished site's quizzes
/// take effect at once without a restart; a paper drawn from an earlier version is graded
/// against that version for paper_grace_seconds.
class QuizRoutes {
 public:
  /// Keeps references to site, templates and store; they must outlive this object.
  QuizRoutes(const SiteConfig& site, std::vector<Quiz> quizzes, const TemplateSet& templates,
             nlohmann::json chrome, Store* store, QuizRoutesOptions options);

  /// GET /quizzes/<id>/ for each server-graded quiz (other paths under /quizzes/ are the
  /// built site's files), POST /quizzes/<id>/submit, GET /certificates/<code>,
  /// GET /verify/<code>. Routes look the quiz up in the current snapshot on each request.
  void AddTo(Router* router) const;

  /// Replaces the quizzes (thread-safe, atomic for requests): the versions no longer
  /// published are kept for the papers already served from them.
  void Publish(std::vector<Quiz> quizzes);

  /// The quiz page with a freshly drawn, sealed paper (Cache-Control: no-store).
  HttpResponse Form(const Quiz& quiz, const HttpRequest& request) const;
  /// Validates, grades against the paper served, records durably, then answers with the
  /// result page. Invalid details re-show the form (400); a paper this server did not seal
  /// or for another quiz 400; an expired paper or one from a version no longer kept 409 with
  /// a fresh form and the details kept; a wait after a fail or the daily limit 429; a
  /// cross-site post 403; a store failure 503.
  HttpResponse Submit(const std::string& quiz_id, const HttpRequest& request) const;
  /// POST /quizzes/<id>/ from a result page's "Try again": a fresh paper with the details
  /// (never the answers) filled in, and when a wait after a fail is running, when it ends.
  HttpResponse Retry(const std::string& quiz_id, const HttpRequest& request) const;
  HttpResponse Certificate(const HttpRequest& request) const;
  HttpResponse Verify(const HttpRequest& request) const;

 private:
  struct Snapshot {
    std::map<std::string, std::shared_ptr<const Quiz>> current;  ///< by id
    /// Earlier versions by version hash, with when they stopped being published.
    std::map<std::string, std::pair<std::shared_ptr<const Quiz>, int64_t>> retired;
  };
  std::shared_ptr<const Snapshot> snapshot() const;
  std::string SealNewPaper(const Quiz& quiz, Paper* paper) const;
  HttpResponse Logged(const HttpRequest& request, const std::string& why,
                      HttpResponse response) const;
  HttpResponse FormPage(int status, const Quiz& quiz, const QuizFormState* state,
                        const std::string& notice) const;
  HttpResponse GradeAndRecord(const Quiz& quiz, const Paper& paper, const std::string& token,
                              const HttpRequest& request, QuizFormState* state) const;
  /// The form again on the same paper (answers kept): details to correct, or a wait.
  HttpResponse SamePaper(int status, const Quiz& quiz, const Paper& paper, const std::string& token,
                         const QuizFormState& state, const std::string& notice) const;
  HttpResponse Result(const Quiz& quiz, const GradeResult& result, const QuizFormState& state,
                      const std::string& code, const std::string& valid_until) const;
  int64_t RetryWaitSeconds() const;
  std::optional<int64_t> WaitUntil(const std::string& email, const std::string& quiz_id) const;
  HttpResponse Message(int status, const std::string& heading,
                       const std::vector<std::string>& paragraphs, const std::string& link_url,
                       const std::string& link_text) const;

  const SiteConfig& site_;
  PageRenderer pages_;
  Store* store_;
  QuizRoutesOptions options_;
  StaticFiles files_;
  PaperSealer sealer_;
  mutable std::mutex snapshot_mu_;
  std::shared_ptr<const Snapshot> snapshot_;
  mutable std::mutex rng_mu_;
  mutable std::mt19937_64 rng_;
  mutable std::array<std::mutex, 64> attempt_locks_;  ///< by hash of (email, quiz)
};

/// A new certificate code: 130 random bits as 26 characters of RFC 4648 base32.
std::string NewCertificateCode();

/// "14:32 on 8 December" in UK time (GMT, or BST from the last Sunday of March to the last
/// Sunday of October), for telling a practitioner when they may try again.
std::string UkTime(int64_t unix_seconds);

}  // namespace bulletin
