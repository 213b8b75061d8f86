#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "server/router.h"

namespace bulletin {

/// Live preview for `bulletin serve --watch`: open pages reload when the site is rebuilt and
/// show build errors over the page. Exists only in watch mode; without it nothing under
/// /_bulletin/ is served and pages are sent exactly as built.
///
/// The routes: GET /_bulletin/events (Server-Sent Events: `hello` with the site's version
/// on connecting, then `reload`, and `errors` with a JSON list of {file, line, column,
/// severity, message, text}), /_bulletin/live.js and /_bulletin/live.css. HTML pages of the
/// site get `<script src="/_bulletin/live.js?v=VERSION" defer>` before `</head>` as they
/// are sent (never on disk), so the strict Content-Security-Policy still holds.
class LiveReload {
 public:
  LiveReload();
  ~LiveReload();
  LiveReload(const LiveReload&) = delete;
  LiveReload& operator=(const LiveReload&) = delete;

  /// Adds the routes and wraps the router's fallback, or else the static files of
  /// `site_dir`, to add the script to HTML pages. Call before the server starts.
  void AddTo(Router* router, const std::string& site_dir);

  /// The site on disk changed: every open page reloads, and the errors shown are cleared.
  void Reload();
  /// The last build failed: every open page (and each page opened until the next Reload)
  /// shows `diags` over the last good site.
  void ShowErrors(const Diagnostics& diags);

  /// The number of pages listening now (for tests).
  size_t listeners() const;

 private:
  class Listener;
  void Broadcast(const std::string& event);
  HttpResponse Events();

  mutable std::mutex mutex_;
  std::vector<std::weak_ptr<Listener>> listeners_;
  unsigned version_ = 0;
  std::string errors_event_;  // sent to pages as they connect, while the build is failing
};

/// Puts the live-reload script tag before `</head>` (or at the start if there is none).
std::string InjectLiveScript(const std::string& html, unsigned version);

}  // namespace bulletin
