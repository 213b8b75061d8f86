#pragma once

#include <functional>
#include <string>

#include "server/http_types.h"
#include "server/page_renderer.h"
#include "server/router.h"

namespace bulletin {

/// The site's own page for every error the server answers (400, 403, 404, 405, 409, 413,
/// 414, 429, 431, 500, 503, ...): pages/message.mustache with what happened and a way
/// forward, in place of the bare ErrorResponse. Status and headers (Allow, Retry-After)
/// are kept. An answer for a quiz route (/quizzes/, /certificates/, /verify/) is logged.
class ErrorPages {
 public:
  /// Keeps a reference to `pages`. `log` gets one line per logged answer.
  ErrorPages(const PageRenderer& pages, std::function<void(const std::string&)> log);

  /// Restyles `response` in place (see ErrorPageHook).
  void Style(const std::string& method, const std::string& path, HttpResponse* response) const;

  /// Installs Style as `router`'s error-page hook; this object must outlive the router.
  void AddTo(Router* router) const;

 private:
  const PageRenderer& pages_;
  std::function<void(const std::string&)> log_;
};

}  // namespace bulletin
