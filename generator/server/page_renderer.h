#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "content/site_config.h"
#include "server/http_types.h"
#include "templating/template_set.h"

namespace bulletin {

/// Renders the server's HTML pages through the site's templates and page chrome, so quiz
/// results, certificates and the /manage/ pages look like the rest of the built site.
/// Thread-safe (read-only after construction).
class PageRenderer {
 public:
  /// Keeps references to `site` and `templates`; they must outlive this object. `chrome` is
  /// SiteChrome's result; `has_quizzes` shows the Quizzes item in the main navigation.
  PageRenderer(const SiteConfig& site, const TemplateSet& templates, nlohmann::json chrome,
               bool has_quizzes);

  /// pages/<tmpl> with `context` plus the chrome, as an HTML response with `status` and
  /// Cache-Control: no-store. A template that fails to render gives a generic 500.
  HttpResponse Render(int status, const std::string& tmpl, nlohmann::json context,
                      const std::string& url, const std::string& title,
                      const std::vector<std::pair<std::string, std::string>>& crumbs = {
                          {"Home", "/"}}) const;

  /// The generic message page: a heading, paragraphs and an optional link onward.
  HttpResponse Message(int status, const std::string& heading,
                       const std::vector<std::string>& paragraphs, const std::string& link_url,
                       const std::string& link_text) const;

  /// For a failure of the database: logs "bulletin serve: <error>" to stderr and returns the
  /// message page with 503, Retry-After: 60, saying the records could not be reached and
  /// nothing was changed; never the error itself.
  HttpResponse Unavailable(const std::string& error) const;

  const SiteConfig& site() const { return site_; }

 private:
  const SiteConfig& site_;
  const TemplateSet& templates_;
  nlohmann::json chrome_;
  bool has_quizzes_;
};

}  // namespace bulletin
