#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "content/site_config.h"
#include "core/text.h"  // IsWellFormedEmail
#include "quiz/quiz.h"
#include "server/http_types.h"
#include "server/page_renderer.h"
#include "server/router.h"
#include "store/store.h"
#include "templating/template_set.h"

namespace bulletin {

struct QuizRoutesOptions {
  int attempts_per_day = 10;  ///< per person per quiz per UTC day; beyond: 429
  /// Unix seconds now; tests replace it.
  std::function<int64_t()> now;
};

/// The dynamic part of the site: grading quiz submissions, certificates and their public
/// verification. Every page is rendered through the site's templates.
class QuizRoutes {
 public:
  /// Keeps references to everything passed; they must outlive this object.
  QuizRoutes(const SiteConfig& site, const std::vector<Quiz>& quizzes, const TemplateSet& templates,
             nlohmann::json chrome, Store* store, QuizRoutesOptions options);

  /// POST /quizzes/<id>/submit for each server-graded quiz, GET /certificates/<code>,
  /// GET /verify/<code>.
  void AddTo(Router* router) const;

  /// Validates, grades, records durably, then answers with the result page. Invalid details
  /// re-show the form with an error summary (400); a changed quiz asks to reload (409);
  /// too many attempts 429; a cross-site post 403; a store failure 503.
  HttpResponse Submit(const Quiz& quiz, const HttpRequest& request) const;
  HttpResponse Certificate(const HttpRequest& request) const;
  HttpResponse Verify(const HttpRequest& request) const;

 private:
  HttpResponse Page(int status, const std::string& tmpl, nlohmann::json context,
                    const std::string& url, const std::string& title) const;
  HttpResponse Message(int status, const std::string& heading,
                       const std::vector<std::string>& paragraphs, const std::string& link_url,
                       const std::string& link_text) const;

  const SiteConfig& site_;
  const std::vector<Quiz>& quizzes_;
  PageRenderer pages_;
  Store* store_;
  QuizRoutesOptions options_;
  mutable std::array<std::mutex, 64> attempt_locks_;  ///< by hash of (email, quiz)
};

/// A new certificate code: 130 random bits as 26 characters of RFC 4648 base32.
std::string NewCertificateCode();

}  // namespace bulletin
